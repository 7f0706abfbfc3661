/**
 * @module Chart series and breakdowns for `/equity-curve`, `/drawdown`, `/win-rate` and `/pnl`.
 *
 * All are derived from the same trades, fills and daily equity as `/performance`, so the numbers
 * on a chart always agree with the summary.
 */
import { D, ZERO, toStr, type Dec } from '../lib/money.ts'
import { drawdownSeries, equityCurve, type DailyPnl } from './equity.ts'
import { dayOf, money, ratio, toDec, type DecLike } from './num.ts'
import { dailyRealized, type FillLike, type TradeLike } from './aggregates.ts'

export interface SeriesInput {
  trades: readonly TradeLike[]
  fills: readonly FillLike[]
  startingCapital?: DecLike
}

function range(fills: readonly FillLike[]): [string | null, string | null] {
  let first: Date | null = null
  let last: Date | null = null
  for (const f of fills) {
    if (first === null || f.ts < first) first = f.ts
    if (last === null || f.ts > last) last = f.ts
  }
  return [first && dayOf(first), last && dayOf(last)]
}

function curveOf({ trades, fills, startingCapital = '10000' }: SeriesInput) {
  const [first, last] = range(fills)
  return equityCurve(dailyRealized(trades), first, last, toDec(startingCapital))
}

/** One point per UTC day from the first fill's day to the last: the day's PnL, closing equity. */
export function equityCurveSeries(input: SeriesInput) {
  return curveOf(input).map((p) => ({
    day: p.day,
    realizedPnl: money(p.pnl),
    equity: money(p.equity),
  }))
}

/** One point per day: equity, running peak, peak − equity and its share of the peak. */
export function drawdownPoints(input: SeriesInput) {
  return drawdownSeries(curveOf(input)).map((p) => ({
    day: p.day,
    equity: money(p.equity),
    peak: money(p.peak),
    drawdown: money(p.drawdown),
    drawdownRel: ratio(p.drawdownRel),
  }))
}

/** Sparse realized PnL per UTC day (days with at least one trade). */
export function pnlByDay(trades: readonly TradeLike[]) {
  return dailyRealized(trades).map((d: DailyPnl) => ({
    day: d.day,
    realizedPnl: money(d.pnl),
    tradeCount: d.trades,
  }))
}

export interface RollingPoint {
  tradeId: string | null
  ts: string
  wins: number
  losses: number
  /** wins ÷ (wins + losses) over the window; null when the window holds only break-even trades. */
  winRate: number | null
}

/**
 * Win rate over the last `window` trades (in time order), one point per trade once a full
 * window exists.
 * @throws RangeError when window is not a positive integer
 */
export function rollingWinRate(
  trades: readonly (TradeLike & { id?: string })[],
  window: number
): RollingPoint[] {
  if (!Number.isInteger(window) || window < 1) throw new RangeError('window must be an integer ≥ 1')
  // stable sort: trades with equal timestamps keep the caller's order
  trades = [...trades].sort((a, b) => a.ts.getTime() - b.ts.getTime())
  const signs = trades.map((t) => toDec(t.pnl).comparedTo(0))
  const out: RollingPoint[] = []
  let wins = 0
  let losses = 0
  for (let i = 0; i < trades.length; i++) {
    if (signs[i] === 1) wins++
    else if (signs[i] === -1) losses++
    if (i >= window) {
      if (signs[i - window] === 1) wins--
      else if (signs[i - window] === -1) losses--
    }
    if (i < window - 1) continue
    const t = trades[i]!
    out.push({
      tradeId: t.id ?? null,
      ts: t.ts.toISOString(),
      wins,
      losses,
      winRate: wins + losses > 0 ? ratio(new D(wins).div(wins + losses)) : null,
    })
  }
  return out
}

export interface SymbolPnl {
  symbol: string
  realizedPnl: string
  tradeCount: number
  wins: number
  losses: number
  fillCount: number
  volume: string
}

/** Realized PnL, trade counts and fill volume per symbol, ordered by symbol. */
export function pnlBySymbol(
  trades: readonly TradeLike[],
  fills: readonly (FillLike & { symbol: string })[]
): SymbolPnl[] {
  const rows = new Map<string, { pnl: Dec; n: number; w: number; l: number; f: number; v: Dec }>()
  const row = (symbol: string) => {
    let r = rows.get(symbol)
    if (!r) rows.set(symbol, (r = { pnl: ZERO, n: 0, w: 0, l: 0, f: 0, v: ZERO }))
    return r
  }
  for (const t of trades) {
    const r = row(t.symbol)
    const pnl = toDec(t.pnl)
    r.pnl = r.pnl.plus(pnl)
    r.n++
    if (pnl.gt(0)) r.w++
    else if (pnl.lt(0)) r.l++
  }
  for (const f of fills) {
    const r = row(f.symbol)
    r.f++
    r.v = r.v.plus(toDec(f.amount).times(toDec(f.price)))
  }
  return [...rows.keys()].sort().map((symbol) => {
    const r = rows.get(symbol)!
    const out: SymbolPnl = {
      symbol,
      realizedPnl: money(r.pnl),
      tradeCount: r.n,
      wins: r.w,
      losses: r.l,
      fillCount: r.f,
      volume: toStr(r.v),
    }
    return out
  })
}

/**
 * Best and worst pair by realized PnL among symbols with at least one trade; ties go to the
 * alphabetically first symbol. Both null without trades.
 */
export function bestWorstPair(bySymbol: readonly SymbolPnl[]) {
  let best: SymbolPnl | null = null
  let worst: SymbolPnl | null = null
  for (const r of bySymbol) {
    if (r.tradeCount === 0) continue
    const pnl = toDec(r.realizedPnl)
    if (best === null || pnl.gt(best.realizedPnl)) best = r
    if (worst === null || pnl.lt(worst.realizedPnl)) worst = r
  }
  return {
    bestPair: best && { symbol: best.symbol, realizedPnl: best.realizedPnl },
    worstPair: worst && { symbol: worst.symbol, realizedPnl: worst.realizedPnl },
  }
}
