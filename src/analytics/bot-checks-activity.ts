/**
 * @module Bot checks on execution and activity: slippage, rejected and unknown orders, symbol
 * concentration and idle time.
 */
import { ZERO, type Dec } from '../lib/money.ts'
import type { CheckResult } from './bot-analysis.ts'
import { ok, pct, skip, tooLittle, type Ctx, type Values } from './bot-check-util.ts'
import { ratio, toDec } from './num.ts'

export function slippage(c: Ctx): CheckResult {
  const id = 'slippage'
  const refs = new Map(c.orders.map((o) => [o.id, o.referencePrice]))
  const bps: number[] = []
  for (const f of c.fills) {
    const raw = f.referencePrice ?? (f.orderId != null ? refs.get(f.orderId) : undefined)
    if (raw == null) continue
    const ref = toDec(raw)
    if (!ref.gt(0)) continue
    const adverse = f.side === 'buy' ? toDec(f.price).minus(ref) : ref.minus(toDec(f.price))
    bps.push(ratio(adverse.div(ref).times(10_000))!)
  }
  if (bps.length < c.t.slippageMinFills) {
    return tooLittle(
      id,
      `needs ${c.t.slippageMinFills} fills with a reference price, has ${bps.length}`,
      { fillsWithReference: bps.length }
    )
  }
  const mean = bps.reduce((a, x) => a + x, 0) / bps.length
  const values: Values = {
    fillsWithReference: bps.length,
    meanAdverseSlippageBps: mean,
    worstSlippageBps: Math.max(...bps),
  }
  if (mean < c.t.slippageBps) return ok(id, values)
  return {
    id,
    status: 'finding',
    severity: mean >= 5 * c.t.slippageBps ? 'critical' : 'warning',
    summary:
      `Fills averaged ${mean.toFixed(1)} bps worse than their reference price ` +
      `over ${bps.length} fills.`,
    values,
    thresholds: { slippageBps: c.t.slippageBps },
  }
}

export function rejectedOrders(c: Ctx): CheckResult {
  const id = 'rejected-orders'
  const n = c.orders.length
  if (n < c.t.rejectMinOrders)
    return tooLittle(id, `needs ${c.t.rejectMinOrders} orders, has ${n}`, { orders: n })
  const rejected = c.orders.filter((o) => o.status === 'rejected').length
  const rate = rejected / n
  const values: Values = { orders: n, rejected, rejectedRate: rate }
  if (rate < c.t.rejectRate) return ok(id, values)
  return {
    id,
    status: 'finding',
    severity: rate >= 0.5 ? 'critical' : 'warning',
    summary: `${rejected} of ${n} orders (${pct(rate)}) were rejected.`,
    values,
    thresholds: { rejectRate: c.t.rejectRate, rejectMinOrders: c.t.rejectMinOrders },
  }
}

export function unknownOrders(c: Ctx): CheckResult {
  const id = 'unknown-orders'
  if (c.orders.length === 0) return tooLittle(id, 'no orders', { orders: 0 })
  const cutoff = c.now.getTime() - c.t.unknownOrderAgeMs
  const stale = c.orders.filter((o) => o.status === 'unknown' && o.ts.getTime() <= cutoff)
  const values: Values = { orders: c.orders.length, unknownOlderThanThreshold: stale.length }
  if (stale.length === 0) return ok(id, values)
  return {
    id,
    status: 'finding',
    severity: 'warning',
    summary:
      `${stale.length} order(s) have had an unknown outcome for more than ` +
      `${c.t.unknownOrderAgeMs / 60_000} minutes.`,
    values,
    thresholds: { unknownOrderAgeMs: c.t.unknownOrderAgeMs },
  }
}

export function concentration(c: Ctx): CheckResult {
  const id = 'symbol-concentration'
  const bySymbol = new Map<string, Dec>()
  for (const f of c.fills) {
    bySymbol.set(
      f.symbol,
      (bySymbol.get(f.symbol) ?? ZERO).plus(toDec(f.amount).times(toDec(f.price)))
    )
  }
  if (bySymbol.size === 0) return tooLittle(id, 'no fills', { fills: 0 })
  if (bySymbol.size < 2)
    return skip(id, `traded ${bySymbol.size} symbol(s)`, { symbols: bySymbol.size })
  const quotes = new Set([...bySymbol.keys()].map((s) => s.split('/')[1]))
  if (quotes.size > 1)
    return skip(id, 'symbols are quoted in different currencies; volumes are not comparable')
  const total = [...bySymbol.values()].reduce((a, x) => a.plus(x), ZERO)
  const [top, vol] = [...bySymbol.entries()].sort(
    (a, b) => b[1].comparedTo(a[1]) || (a[0] < b[0] ? -1 : 1)
  )[0]!
  const share = total.gt(0) ? ratio(vol.div(total))! : 0
  const values: Values = { symbols: bySymbol.size, topSymbol: top, topSymbolVolumeShare: share }
  if (share < c.t.concentrationShare) return ok(id, values)
  return {
    id,
    status: 'finding',
    severity: 'info',
    summary: `${top} carries ${pct(share)} of the volume across ${bySymbol.size} symbols.`,
    values,
    thresholds: { concentrationShare: c.t.concentrationShare },
  }
}

export function idle(c: Ctx): CheckResult {
  const id = 'idle'
  if (c.running !== true) return skip(id, 'the bot is not running')
  const times = c.fills.map((f) => f.ts.getTime()).sort((a, b) => a - b)
  const lastFill = times[times.length - 1]
  if (lastFill === undefined) return tooLittle(id, 'no fills', { fills: 0 })
  // a restart after the last fill resets the idle clock
  const last = Math.max(lastFill, c.runningSince?.getTime() ?? lastFill)
  const gaps = times
    .slice(1)
    .map((t, i) => t - times[i]!)
    .sort((a, b) => a - b)
  const median =
    gaps.length >= 2
      ? gaps[Math.floor((gaps.length - 1) / 2)]! / 2 + gaps[Math.ceil((gaps.length - 1) / 2)]! / 2
      : null
  const limit = Math.max(c.t.idleMinMs, median === null ? 0 : c.t.idleGapMultiple * median)
  const idleMs = c.now.getTime() - last
  const values: Values = {
    lastActivity: new Date(last).toISOString(),
    idleHours: idleMs / 3_600_000,
    medianGapHours: median === null ? null : median / 3_600_000,
    idleLimitHours: limit / 3_600_000,
  }
  if (idleMs < limit) return ok(id, values)
  return {
    id,
    status: 'finding',
    severity: 'warning',
    summary:
      `No fill for ${(idleMs / 3_600_000).toFixed(1)} h while running` +
      (median === null
        ? '.'
        : `; the median gap between fills is ${(median / 3_600_000).toFixed(1)} h.`),
    values,
    thresholds: { idleMinMs: c.t.idleMinMs, idleGapMultiple: c.t.idleGapMultiple },
  }
}
