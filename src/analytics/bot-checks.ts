/**
 * @module The individual bot diagnosis checks: each reads the bot's data and returns a finding,
 * "ok", "not applicable" or "insufficient data" — with the numbers it used either way.
 */
import { ZERO, type Dec } from '../lib/money.ts'
import { equityCurve } from './equity.ts'
import { dayOf, money, ratio, toDec } from './num.ts'
import { dailyRealized } from './performance.ts'
import type { CheckResult, DiagnoseInput, DiagnosisThresholds, Finding } from './bot-analysis.ts'

type Ctx = DiagnoseInput & { t: DiagnosisThresholds }
type Values = Finding['values']

const ok = (id: string, values: Values = {}): CheckResult => ({ id, status: 'ok', values })
const skip = (id: string, reason: string, values: Values = {}): CheckResult => ({
  id,
  status: 'not-applicable',
  reason,
  values,
})
const tooLittle = (id: string, reason: string, values: Values = {}): CheckResult => ({
  id,
  status: 'insufficient-data',
  reason,
  values,
})
const pct = (x: number) => `${(x * 100).toFixed(1)}%`

export function drawdownNearLimit(c: Ctx): CheckResult {
  const id = 'drawdown-near-limit'
  const { maxDrawdownAbs, maxDrawdownRel } = c.riskLimits ?? {}
  if (maxDrawdownAbs == null && maxDrawdownRel == null) return skip(id, 'no drawdown limit is configured')
  if (c.fills.length === 0) return tooLittle(id, 'no fills, so no equity curve', { fills: 0 })
  const start = toDec(c.startingCapital ?? '10000')
  const first = c.fills.reduce((m, f) => (f.ts < m ? f.ts : m), c.fills[0]!.ts)
  const curve = equityCurve(dailyRealized(c.trades), dayOf(first), dayOf(c.now), start)
  const peak = curve.reduce((m, p) => (p.equity.gt(m) ? p.equity : m), curve[0]!.equity)
  const equity = curve[curve.length - 1]!.equity
  const current = peak.minus(equity)
  const rel = peak.gt(0) ? current.div(peak) : null
  const uses: number[] = []
  if (maxDrawdownAbs != null && toDec(maxDrawdownAbs).gt(0)) uses.push(ratio(current.div(toDec(maxDrawdownAbs)))!)
  if (maxDrawdownRel != null && maxDrawdownRel > 0 && rel !== null) uses.push(ratio(rel)! / maxDrawdownRel)
  const utilisation = uses.length > 0 ? Math.max(...uses) : null
  const values: Values = {
    peakEquity: money(peak),
    equity: money(equity),
    currentDrawdown: money(current),
    currentDrawdownRel: ratio(rel),
    maxDrawdownAbsLimit: maxDrawdownAbs == null ? null : money(toDec(maxDrawdownAbs)),
    maxDrawdownRelLimit: maxDrawdownRel ?? null,
    limitUtilisation: utilisation,
  }
  if (utilisation === null || utilisation < c.t.drawdownWarnAt) return ok(id, values)
  return {
    id,
    status: 'finding',
    severity: utilisation >= 1 ? 'critical' : 'warning',
    summary: `Current drawdown ${money(current)} from a peak of ${money(peak)} uses ${pct(utilisation)} of the drawdown limit.`,
    values,
    thresholds: { drawdownWarnAt: c.t.drawdownWarnAt },
  }
}

export function dailyLossNearLimit(c: Ctx): CheckResult {
  const id = 'daily-loss-near-limit'
  const limitRaw = c.riskLimits?.dailyLossLimit
  if (limitRaw == null || !toDec(limitRaw).gt(0)) return skip(id, 'no daily loss limit is configured')
  if (c.trades.length === 0) return tooLittle(id, 'no trades', { trades: 0 })
  const today = dayOf(c.now)
  const pnl = c.trades.filter((t) => dayOf(t.ts) === today).reduce((a, t) => a.plus(toDec(t.pnl)), ZERO)
  const loss = pnl.lt(0) ? pnl.neg() : ZERO
  const utilisation = ratio(loss.div(toDec(limitRaw)))!
  const values: Values = { day: today, realizedPnlToday: money(pnl), dailyLossLimit: money(toDec(limitRaw)), limitUtilisation: utilisation }
  if (utilisation < c.t.dailyLossWarnAt) return ok(id, values)
  return {
    id,
    status: 'finding',
    severity: utilisation >= 1 ? 'critical' : 'warning',
    summary: `Realized loss today (${today}) is ${money(loss)}, ${pct(utilisation)} of the daily loss limit.`,
    values,
    thresholds: { dailyLossWarnAt: c.t.dailyLossWarnAt },
  }
}

function winRate(pnls: readonly Dec[]): number | null {
  const w = pnls.filter((p) => p.gt(0)).length
  const l = pnls.filter((p) => p.lt(0)).length
  return w + l > 0 ? w / (w + l) : null
}

export function winRateFalling(c: Ctx): CheckResult {
  const id = 'win-rate-falling'
  const w = c.t.winRateWindow
  const pnls = [...c.trades].sort((a, b) => a.ts.getTime() - b.ts.getTime()).map((t) => toDec(t.pnl))
  if (pnls.length < 2 * w) return tooLittle(id, `needs ${2 * w} trades (two windows of ${w}), has ${pnls.length}`, { trades: pnls.length })
  const previous = winRate(pnls.slice(-2 * w, -w))
  const recent = winRate(pnls.slice(-w))
  if (previous === null || recent === null) return tooLittle(id, 'a window holds only break-even trades')
  const values: Values = { window: w, previousWinRate: previous, recentWinRate: recent, drop: previous - recent }
  if (previous - recent < c.t.winRateDrop) return ok(id, values)
  return {
    id,
    status: 'finding',
    severity: 'warning',
    summary: `Win rate fell from ${pct(previous)} over the previous ${w} trades to ${pct(recent)} over the latest ${w}.`,
    values,
    thresholds: { winRateWindow: w, winRateDrop: c.t.winRateDrop },
  }
}

export function feeDrag(c: Ctx): CheckResult {
  const id = 'fee-drag'
  const trades = c.trades.filter((t) => t.grossPnl != null && t.fees != null)
  if (trades.length < c.t.feeDragMinTrades) {
    return tooLittle(id, `needs ${c.t.feeDragMinTrades} trades with gross PnL and fees, has ${trades.length}`, { trades: trades.length })
  }
  const gross = trades.reduce((a, t) => a.plus(toDec(t.grossPnl!)), ZERO)
  const fees = trades.reduce((a, t) => a.plus(toDec(t.fees!)), ZERO)
  const share = gross.gt(0) ? ratio(fees.div(gross)) : null
  const values: Values = { trades: trades.length, grossPnl: money(gross), fees: money(fees), feeShareOfGross: share }
  const thresholds = { feeDragShare: c.t.feeDragShare }
  if (share === null) {
    if (!fees.gt(0)) return ok(id, values)
    return {
      id,
      status: 'finding',
      severity: 'info',
      summary: `PnL before fees is ${money(gross)}; fees of ${money(fees)} add to the loss.`,
      values,
      thresholds,
    }
  }
  if (share < c.t.feeDragShare) return ok(id, values)
  return {
    id,
    status: 'finding',
    severity: share >= 1 ? 'critical' : 'warning',
    summary: `Fees of ${money(fees)} take ${pct(share)} of the ${money(gross)} gross PnL over ${trades.length} trades.`,
    values,
    thresholds,
  }
}

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
    return tooLittle(id, `needs ${c.t.slippageMinFills} fills with a reference price, has ${bps.length}`, { fillsWithReference: bps.length })
  }
  const mean = bps.reduce((a, x) => a + x, 0) / bps.length
  const values: Values = { fillsWithReference: bps.length, meanAdverseSlippageBps: mean, worstSlippageBps: Math.max(...bps) }
  if (mean < c.t.slippageBps) return ok(id, values)
  return {
    id,
    status: 'finding',
    severity: mean >= 5 * c.t.slippageBps ? 'critical' : 'warning',
    summary: `Fills averaged ${mean.toFixed(1)} bps worse than their reference price over ${bps.length} fills.`,
    values,
    thresholds: { slippageBps: c.t.slippageBps },
  }
}

export function rejectedOrders(c: Ctx): CheckResult {
  const id = 'rejected-orders'
  const n = c.orders.length
  if (n < c.t.rejectMinOrders) return tooLittle(id, `needs ${c.t.rejectMinOrders} orders, has ${n}`, { orders: n })
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
    summary: `${stale.length} order(s) have had an unknown outcome for more than ${c.t.unknownOrderAgeMs / 60_000} minutes.`,
    values,
    thresholds: { unknownOrderAgeMs: c.t.unknownOrderAgeMs },
  }
}

export function concentration(c: Ctx): CheckResult {
  const id = 'symbol-concentration'
  const bySymbol = new Map<string, Dec>()
  for (const f of c.fills) {
    bySymbol.set(f.symbol, (bySymbol.get(f.symbol) ?? ZERO).plus(toDec(f.amount).times(toDec(f.price))))
  }
  if (bySymbol.size === 0) return tooLittle(id, 'no fills', { fills: 0 })
  if (bySymbol.size < 2) return skip(id, `traded ${bySymbol.size} symbol(s)`, { symbols: bySymbol.size })
  const quotes = new Set([...bySymbol.keys()].map((s) => s.split('/')[1]))
  if (quotes.size > 1) return skip(id, 'symbols are quoted in different currencies; volumes are not comparable')
  const total = [...bySymbol.values()].reduce((a, x) => a.plus(x), ZERO)
  const [top, vol] = [...bySymbol.entries()].sort((a, b) => b[1].comparedTo(a[1]) || (a[0] < b[0] ? -1 : 1))[0]!
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

export function profitConcentration(c: Ctx): CheckResult {
  const id = 'profit-concentration'
  const wins = c.trades.map((t) => toDec(t.pnl)).filter((p) => p.gt(0))
  if (wins.length < c.t.profitConcentrationMinWins) {
    return tooLittle(id, `needs ${c.t.profitConcentrationMinWins} winning trades, has ${wins.length}`, { wins: wins.length })
  }
  const total = wins.reduce((a, x) => a.plus(x), ZERO)
  const best = wins.reduce((m, x) => (x.gt(m) ? x : m), wins[0]!)
  const share = ratio(best.div(total))!
  const values: Values = { wins: wins.length, grossProfit: money(total), largestWin: money(best), largestWinShare: share }
  if (share < c.t.profitConcentrationShare) return ok(id, values)
  return {
    id,
    status: 'finding',
    severity: 'info',
    summary: `One trade made ${pct(share)} of the gross profit (${money(best)} of ${money(total)}).`,
    values,
    thresholds: { profitConcentrationShare: c.t.profitConcentrationShare },
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
  const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b)
  const median = gaps.length >= 2 ? gaps[Math.floor((gaps.length - 1) / 2)]! / 2 + gaps[Math.ceil((gaps.length - 1) / 2)]! / 2 : null
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
    summary: `No fill for ${(idleMs / 3_600_000).toFixed(1)} h while running${median === null ? '' : `; the median gap between fills is ${(median / 3_600_000).toFixed(1)} h`}.`,
    values,
    thresholds: { idleMinMs: c.t.idleMinMs, idleGapMultiple: c.t.idleGapMultiple },
  }
}

export const CHECKS = [
  drawdownNearLimit,
  dailyLossNearLimit,
  winRateFalling,
  feeDrag,
  slippage,
  rejectedOrders,
  unknownOrders,
  concentration,
  profitConcentration,
  idle,
]
