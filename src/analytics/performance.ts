/**
 * @module `/performance` metrics from trades (or their SQL aggregates), fills and daily PnL.
 *
 * Every definition here is the contract of issue 8 and is written out in DEFINITIONS.md. Money
 * comes out as exact decimal strings (averages rounded half-up to 18 decimals), ratios as JSON
 * numbers, and anything undefined as null — never NaN, ±Infinity or a sentinel.
 */
import { D, ZERO, toStr, type Dec } from '../lib/money.ts'
import {
  dailyReturns,
  equityCurve,
  maxDrawdown,
  type DailyPnl,
  type EquityPoint,
} from './equity.ts'
import {
  dailyRealized,
  fillActivity,
  tradeStats,
  type FillActivity,
  type FillLike,
  type TradeLike,
  type TradeStats,
} from './aggregates.ts'
import { dayOf, money, moneyOrNull, ratio, toDec, type DecLike } from './num.ts'

export * from './aggregates.ts'

export interface PerformanceInput {
  /** The trades themselves, or their aggregates (then `dailyRealized` is required). */
  trades: readonly TradeLike[] | TradeStats
  /** The fills themselves, or their aggregates. */
  fills: readonly FillLike[] | FillActivity
  dailyRealized?: readonly DailyPnl[]
  /** Defaults to 10000 (quote currency). Must be > 0. */
  startingCapital?: DecLike
}

export interface Performance {
  realizedPnl: string
  tradeCount: number
  wins: number
  losses: number
  breakEven: number
  winRate: number | null
  profitFactor: number | null
  averageWin: string | null
  averageLoss: string | null
  expectancy: string | null
  expectancyRatio: number | null
  bestTrade: string | null
  worstTrade: string | null
  volume: string
  fillCount: number
  startingCapital: string
  endingEquity: string | null
  firstDay: string | null
  lastDay: string | null
  days: number
  maxDrawdownAbs: string | null
  maxDrawdownRel: number | null
  drawdownStart: string | null
  drawdownEnd: string | null
  returnCount: number
  sharpe: number | null
  sortino: number | null
  cagr: number | null
  calmar: number | null
  sqn: number | null
}

const SQRT_365 = new D(365).sqrt()

function mean(xs: readonly Dec[]): Dec {
  return xs.reduce((a, x) => a.plus(x), ZERO).div(xs.length)
}

function sampleStdev(xs: readonly Dec[]): Dec | null {
  if (xs.length < 2) return null
  const m = mean(xs)
  return xs
    .reduce((a, x) => a.plus(x.minus(m).pow(2)), ZERO)
    .div(xs.length - 1)
    .sqrt()
}

/** The equity-derived ratios: sharpe, sortino, cagr (first day excluded from returns). */
export function returnRatios(curve: readonly EquityPoint[], startingCapital: Dec) {
  const returns = dailyReturns(curve)
  const n = Math.max(curve.length - 1, 0)
  let sharpe: Dec | null = null
  let sortino: Dec | null = null
  if (returns !== null && returns.length > 0) {
    const m = mean(returns)
    const sd = sampleStdev(returns)
    if (sd !== null && sd.gt(0)) sharpe = m.div(sd).times(SQRT_365)
    const downside = returns
      .reduce((a, r) => (r.lt(0) ? a.plus(r.times(r)) : a), ZERO)
      .div(returns.length)
      .sqrt()
    if (downside.gt(0)) sortino = m.div(downside).times(SQRT_365)
  }
  let cagr: Dec | null = null
  const last = curve[curve.length - 1]?.equity
  if (last !== undefined && n > 0) {
    const growth = last.div(startingCapital)
    if (growth.gt(0)) cagr = growth.pow(new D(365).div(n)).minus(1)
    else if (growth.isZero()) cagr = new D(-1)
  }
  return { returnCount: returns?.length ?? n, sharpe, sortino, cagr }
}

function sqnOf(s: TradeStats): Dec | null {
  if (s.count < 2) return null
  const variance = s.sumPnlSq.minus(s.sumPnl.pow(2).div(s.count)).div(s.count - 1)
  if (!variance.gt(0)) return null
  const m = s.sumPnl.div(s.count)
  return new D(Math.min(s.count, 100)).sqrt().times(m).div(variance.sqrt())
}

/**
 * Computes the `/performance` body.
 * @param input.startingCapital [='10000']
 * @example
 * computePerformance({ trades, fills, startingCapital: '5000' }).sharpe
 * computePerformance({ trades: statsFromSql, fills: activityFromSql, dailyRealized: daysFromSql })
 */
export function computePerformance(input: PerformanceInput): Performance {
  const start = toDec(input.startingCapital ?? '10000')
  if (!start.gt(0)) throw new RangeError('startingCapital must be > 0')
  const s = isTradeList(input.trades) ? tradeStats(input.trades) : input.trades
  const a = isFillList(input.fills) ? fillActivity(input.fills) : input.fills
  let daily = input.dailyRealized
  if (daily === undefined) {
    if (!isTradeList(input.trades)) throw new TypeError('dailyRealized is required with TradeStats')
    daily = dailyRealized(input.trades)
  }
  const curve = equityCurve(
    daily,
    a.firstTs && dayOf(a.firstTs),
    a.lastTs && dayOf(a.lastTs),
    start
  )
  const dd = maxDrawdown(curve)
  const rr = returnRatios(curve, start)
  const decisive = s.wins + s.losses
  const winRate = decisive > 0 ? new D(s.wins).div(decisive) : null
  const avgWin = s.wins > 0 ? s.sumWins.div(s.wins) : null
  const avgLoss = s.losses > 0 ? s.sumLosses.div(s.losses) : null
  const expectancyRatio =
    winRate !== null && avgLoss !== null
      ? (avgWin ?? ZERO).div(avgLoss.abs()).plus(1).times(winRate).minus(1)
      : null
  const calmar = rr.cagr !== null && dd.rel !== null && dd.rel.gt(0) ? rr.cagr.div(dd.rel) : null
  return {
    realizedPnl: money(s.sumPnl),
    tradeCount: s.count,
    wins: s.wins,
    losses: s.losses,
    breakEven: s.count - decisive,
    winRate: ratio(winRate),
    profitFactor: s.losses > 0 ? ratio(s.sumWins.div(s.sumLosses.abs())) : null,
    averageWin: moneyOrNull(avgWin),
    averageLoss: moneyOrNull(avgLoss),
    expectancy: s.count > 0 ? money(s.sumPnl.div(s.count)) : null,
    expectancyRatio: ratio(expectancyRatio),
    bestTrade: moneyOrNull(s.best),
    worstTrade: moneyOrNull(s.worst),
    volume: toStr(a.volume),
    fillCount: a.count,
    startingCapital: toStr(start),
    endingEquity: moneyOrNull(curve[curve.length - 1]?.equity ?? null),
    firstDay: curve[0]?.day ?? null,
    lastDay: curve[curve.length - 1]?.day ?? null,
    days: curve.length,
    maxDrawdownAbs: moneyOrNull(dd.abs),
    maxDrawdownRel: ratio(dd.rel),
    drawdownStart: dd.start,
    drawdownEnd: dd.end,
    returnCount: rr.returnCount,
    sharpe: ratio(rr.sharpe),
    sortino: ratio(rr.sortino),
    cagr: ratio(rr.cagr),
    calmar: ratio(calmar),
    sqn: ratio(sqnOf(s)),
  }
}

function isTradeList(t: PerformanceInput['trades']): t is readonly TradeLike[] {
  return Array.isArray(t)
}

function isFillList(f: PerformanceInput['fills']): f is readonly FillLike[] {
  return Array.isArray(f)
}
