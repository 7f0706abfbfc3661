/**
 * @module Bot checks on results: drawdown and daily loss against limits, win-rate trend, fee drag
 * and profit concentration.
 */
import { ZERO, type Dec } from '../lib/money.ts'
import type { CheckResult } from './bot-analysis.ts'
import { ok, pct, skip, tooLittle, type Ctx, type Values } from './bot-check-util.ts'
import { equityCurve } from './equity.ts'
import { dayOf, money, ratio, toDec } from './num.ts'
import { dailyRealized } from './aggregates.ts'

export function drawdownNearLimit(c: Ctx): CheckResult {
  const id = 'drawdown-near-limit'
  const { maxDrawdownAbs, maxDrawdownRel } = c.riskLimits ?? {}
  if (maxDrawdownAbs == null && maxDrawdownRel == null)
    return skip(id, 'no drawdown limit is configured')
  if (c.fills.length === 0) return tooLittle(id, 'no fills, so no equity curve', { fills: 0 })
  const start = toDec(c.startingCapital ?? '10000')
  const first = c.fills.reduce((m, f) => (f.ts < m ? f.ts : m), c.fills[0]!.ts)
  const curve = equityCurve(dailyRealized(c.trades), dayOf(first), dayOf(c.now), start)
  const peak = curve.reduce((m, p) => (p.equity.gt(m) ? p.equity : m), curve[0]!.equity)
  const equity = curve[curve.length - 1]!.equity
  const current = peak.minus(equity)
  const rel = peak.gt(0) ? current.div(peak) : null
  const uses: number[] = []
  if (maxDrawdownAbs != null && toDec(maxDrawdownAbs).gt(0))
    uses.push(ratio(current.div(toDec(maxDrawdownAbs)))!)
  if (maxDrawdownRel != null && maxDrawdownRel > 0 && rel !== null)
    uses.push(ratio(rel)! / maxDrawdownRel)
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
    summary:
      `Current drawdown ${money(current)} from a peak of ${money(peak)} uses ` +
      `${pct(utilisation)} of the drawdown limit.`,
    values,
    thresholds: { drawdownWarnAt: c.t.drawdownWarnAt },
  }
}

export function dailyLossNearLimit(c: Ctx): CheckResult {
  const id = 'daily-loss-near-limit'
  const limitRaw = c.riskLimits?.dailyLossLimit
  if (limitRaw == null || !toDec(limitRaw).gt(0))
    return skip(id, 'no daily loss limit is configured')
  if (c.trades.length === 0) return tooLittle(id, 'no trades', { trades: 0 })
  const today = dayOf(c.now)
  const pnl = c.trades
    .filter((t) => dayOf(t.ts) === today)
    .reduce((a, t) => a.plus(toDec(t.pnl)), ZERO)
  const loss = pnl.lt(0) ? pnl.neg() : ZERO
  const utilisation = ratio(loss.div(toDec(limitRaw)))!
  const values: Values = {
    day: today,
    realizedPnlToday: money(pnl),
    dailyLossLimit: money(toDec(limitRaw)),
    limitUtilisation: utilisation,
  }
  if (utilisation < c.t.dailyLossWarnAt) return ok(id, values)
  return {
    id,
    status: 'finding',
    severity: utilisation >= 1 ? 'critical' : 'warning',
    summary:
      `Realized loss today (${today}) is ${money(loss)}, ` +
      `${pct(utilisation)} of the daily loss limit.`,
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
  const pnls = [...c.trades]
    .sort((a, b) => a.ts.getTime() - b.ts.getTime())
    .map((t) => toDec(t.pnl))
  if (pnls.length < 2 * w)
    return tooLittle(id, `needs ${2 * w} trades (two windows of ${w}), has ${pnls.length}`, {
      trades: pnls.length,
    })
  const previous = winRate(pnls.slice(-2 * w, -w))
  const recent = winRate(pnls.slice(-w))
  if (previous === null || recent === null)
    return tooLittle(id, 'a window holds only break-even trades')
  const values: Values = {
    window: w,
    previousWinRate: previous,
    recentWinRate: recent,
    drop: previous - recent,
  }
  if (previous - recent < c.t.winRateDrop) return ok(id, values)
  return {
    id,
    status: 'finding',
    severity: 'warning',
    summary:
      `Win rate fell from ${pct(previous)} over the previous ${w} trades ` +
      `to ${pct(recent)} over the latest ${w}.`,
    values,
    thresholds: { winRateWindow: w, winRateDrop: c.t.winRateDrop },
  }
}

export function feeDrag(c: Ctx): CheckResult {
  const id = 'fee-drag'
  const trades = c.trades.filter((t) => t.grossPnl != null && t.fees != null)
  if (trades.length < c.t.feeDragMinTrades) {
    return tooLittle(
      id,
      `needs ${c.t.feeDragMinTrades} trades with gross PnL and fees, has ${trades.length}`,
      { trades: trades.length }
    )
  }
  const gross = trades.reduce((a, t) => a.plus(toDec(t.grossPnl!)), ZERO)
  const fees = trades.reduce((a, t) => a.plus(toDec(t.fees!)), ZERO)
  const share = gross.gt(0) ? ratio(fees.div(gross)) : null
  const values: Values = {
    trades: trades.length,
    grossPnl: money(gross),
    fees: money(fees),
    feeShareOfGross: share,
  }
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
    summary:
      `Fees of ${money(fees)} take ${pct(share)} of the ${money(gross)} gross PnL ` +
      `over ${trades.length} trades.`,
    values,
    thresholds,
  }
}

export function profitConcentration(c: Ctx): CheckResult {
  const id = 'profit-concentration'
  const wins = c.trades.map((t) => toDec(t.pnl)).filter((p) => p.gt(0))
  if (wins.length < c.t.profitConcentrationMinWins) {
    return tooLittle(
      id,
      `needs ${c.t.profitConcentrationMinWins} winning trades, has ${wins.length}`,
      { wins: wins.length }
    )
  }
  const total = wins.reduce((a, x) => a.plus(x), ZERO)
  const best = wins.reduce((m, x) => (x.gt(m) ? x : m), wins[0]!)
  const share = ratio(best.div(total))!
  const values: Values = {
    wins: wins.length,
    grossProfit: money(total),
    largestWin: money(best),
    largestWinShare: share,
  }
  if (share < c.t.profitConcentrationShare) return ok(id, values)
  return {
    id,
    status: 'finding',
    severity: 'info',
    summary:
      `One trade made ${pct(share)} of the gross profit ` + `(${money(best)} of ${money(total)}).`,
    values,
    thresholds: { profitConcentrationShare: c.t.profitConcentrationShare },
  }
}
