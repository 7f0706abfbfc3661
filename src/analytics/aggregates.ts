/**
 * @module Trade and fill aggregates: the in-memory form of the SQL `count/sum/max/min` that
 * `/performance` needs, plus realized PnL per UTC day.
 */
import { ZERO, type Dec } from '../lib/money.ts'
import type { DailyPnl } from './equity.ts'
import { dayOf, toDec, type DecLike } from './num.ts'

export interface TradeLike {
  ts: Date
  symbol: string
  pnl: DecLike
}

export interface FillLike {
  ts: Date
  amount: DecLike
  price: DecLike
}

/** Mergeable trade aggregates, as `count/sum/max/min … filter (where …)` over trade rows. */
export interface TradeStats {
  count: number
  wins: number
  losses: number
  sumPnl: Dec
  sumWins: Dec
  /** Σ of negative PnL (≤ 0). */
  sumLosses: Dec
  sumPnlSq: Dec
  best: Dec | null
  worst: Dec | null
}

/** Fill aggregates: `count(*), sum(amount*price), min(ts), max(ts)`. */
export interface FillActivity {
  count: number
  volume: Dec
  firstTs: Date | null
  lastTs: Date | null
}

export function tradeStats(trades: readonly TradeLike[]): TradeStats {
  const s: TradeStats = {
    count: 0,
    wins: 0,
    losses: 0,
    sumPnl: ZERO,
    sumWins: ZERO,
    sumLosses: ZERO,
    sumPnlSq: ZERO,
    best: null,
    worst: null,
  }
  for (const t of trades) {
    const pnl = toDec(t.pnl)
    s.count++
    s.sumPnl = s.sumPnl.plus(pnl)
    s.sumPnlSq = s.sumPnlSq.plus(pnl.times(pnl))
    if (pnl.gt(0)) {
      s.wins++
      s.sumWins = s.sumWins.plus(pnl)
    } else if (pnl.lt(0)) {
      s.losses++
      s.sumLosses = s.sumLosses.plus(pnl)
    }
    if (s.best === null || pnl.gt(s.best)) s.best = pnl
    if (s.worst === null || pnl.lt(s.worst)) s.worst = pnl
  }
  return s
}

export function fillActivity(fills: readonly FillLike[]): FillActivity {
  let volume = ZERO
  let first: Date | null = null
  let last: Date | null = null
  for (const f of fills) {
    volume = volume.plus(toDec(f.amount).times(toDec(f.price)))
    if (first === null || f.ts < first) first = f.ts
    if (last === null || f.ts > last) last = f.ts
  }
  return { count: fills.length, volume, firstTs: first, lastTs: last }
}

/** Realized PnL per UTC day of the trade's timestamp, sparse, ordered by day. */
export function dailyRealized(trades: readonly TradeLike[]): DailyPnl[] {
  const byDay = new Map<string, DailyPnl>()
  for (const t of trades) {
    const day = dayOf(t.ts)
    const d = byDay.get(day) ?? { day, pnl: ZERO, trades: 0 }
    d.pnl = d.pnl.plus(toDec(t.pnl))
    d.trades++
    byDay.set(day, d)
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
}
