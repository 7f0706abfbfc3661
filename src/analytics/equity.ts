/**
 * @module Daily equity, drawdown and daily returns (definitions in DEFINITIONS.md).
 *
 * Equity at the end of UTC day d = startingCapital + cumulative realized PnL up to d, for every
 * day from the first fill's day to the last; days without trades repeat the previous equity.
 */
import { ZERO, type Dec } from '../lib/money.ts'
import { daysInRange } from './num.ts'

export interface DailyPnl {
  day: string
  pnl: Dec
  trades: number
}

export interface EquityPoint {
  day: string
  pnl: Dec
  equity: Dec
}

/** Dense daily equity; the range widens to include any trade day outside [firstDay, lastDay]. */
export function equityCurve(
  daily: readonly DailyPnl[],
  firstDay: string | null,
  lastDay: string | null,
  startingCapital: Dec
): EquityPoint[] {
  const byDay = new Map<string, Dec>()
  const days = daily.map((d) => d.day)
  for (const d of daily) byDay.set(d.day, (byDay.get(d.day) ?? ZERO).plus(d.pnl))
  if (firstDay !== null) days.push(firstDay)
  if (lastDay !== null) days.push(lastDay)
  if (days.length === 0) return []
  days.sort()
  let equity = startingCapital
  return daysInRange(days[0]!, days[days.length - 1]!).map((day) => {
    const pnl = byDay.get(day) ?? ZERO
    equity = equity.plus(pnl)
    return { day, pnl, equity }
  })
}

export interface DrawdownPoint {
  day: string
  equity: Dec
  peak: Dec
  drawdown: Dec
  /** drawdown ÷ peak; null when the peak is not positive. */
  drawdownRel: Dec | null
}

export function drawdownSeries(curve: readonly EquityPoint[]): DrawdownPoint[] {
  let peak: Dec | null = null
  return curve.map(({ day, equity }) => {
    if (peak === null || equity.gt(peak)) peak = equity
    const drawdown = peak.minus(equity)
    return { day, equity, peak, drawdown, drawdownRel: peak.gt(0) ? drawdown.div(peak) : null }
  })
}

export interface MaxDrawdown {
  /** max(peak − equity); null with no equity days. */
  abs: Dec | null
  /** abs ÷ the peak it fell from; null when that peak is not positive. */
  rel: Dec | null
  /** Earliest day that peak was reached; null when there is no drawdown. */
  start: string | null
  /** Earliest day of the trough; null when there is no drawdown. */
  end: string | null
}

export function maxDrawdown(curve: readonly EquityPoint[]): MaxDrawdown {
  const first = curve[0]
  if (!first) return { abs: null, rel: null, start: null, end: null }
  let peak = first.equity
  let peakDay = first.day
  let best = {
    abs: ZERO,
    peak: first.equity,
    start: null as string | null,
    end: null as string | null,
  }
  for (const { day, equity } of curve) {
    if (equity.gt(peak)) {
      peak = equity
      peakDay = day
    }
    const dd = peak.minus(equity)
    // strict: ties keep the earlier drawdown, so start/end name its earliest days
    if (dd.gt(best.abs)) best = { abs: dd, peak, start: peakDay, end: day }
  }
  return {
    abs: best.abs,
    rel: best.peak.gt(0) ? best.abs.div(best.peak) : null,
    start: best.start,
    end: best.end,
  }
}

/**
 * r_i = equity_i / equity_(i−1) − 1 for every day after the first. Null when some previous
 * equity is not positive: a return on zero or negative capital is undefined.
 */
export function dailyReturns(curve: readonly EquityPoint[]): Dec[] | null {
  const out: Dec[] = []
  for (let i = 1; i < curve.length; i++) {
    const prev = curve[i - 1]!.equity
    if (!prev.gt(0)) return null
    out.push(curve[i]!.equity.div(prev).minus(1))
  }
  return out
}
