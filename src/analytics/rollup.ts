/**
 * @module Per-day rollups: the increment each fill (and its trade) adds to a day's aggregates.
 *
 * The order path can upsert one rollup row per (user, bot, symbol, UTC day) as fills arrive —
 * counts and sums add, first/best take the min/max — so `/performance` reads O(days) rows instead
 * of scanning every fill and trade. Rows from SQL (`sum`, `min`, `max` … `group by day`) or from
 * `rollupDelta` feed `fromRollups`, whose output goes straight into `computePerformance`.
 */
import { ZERO, type Dec } from '../lib/money.ts'
import type { DailyPnl } from './equity.ts'
import { dayOf, toDec, type DecLike } from './num.ts'
import type { FillActivity, TradeStats } from './aggregates.ts'

export interface DailyRollup {
  day: string
  fillCount: number
  volume: Dec
  firstTs: Date | null
  lastTs: Date | null
  tradeCount: number
  wins: number
  losses: number
  sumPnl: Dec
  sumWins: Dec
  sumLosses: Dec
  sumPnlSq: Dec
  best: Dec | null
  worst: Dec | null
}

const minDate = (a: Date | null, b: Date | null) => (a === null ? b : b === null || a <= b ? a : b)
const maxDate = (a: Date | null, b: Date | null) => (a === null ? b : b === null || a >= b ? a : b)
const minDec = (a: Dec | null, b: Dec | null) => (a === null ? b : b === null || a.lte(b) ? a : b)
const maxDec = (a: Dec | null, b: Dec | null) => (a === null ? b : b === null || a.gte(b) ? a : b)

/**
 * The rollup increment of one fill and the trade it produced (a sell), for the fill's UTC day.
 * @example upsert(rollupDelta(fill, result.trades[0] ?? null))
 */
export function rollupDelta(
  fill: { ts: Date; amount: DecLike; price: DecLike },
  trade: { pnl: DecLike } | null
): DailyRollup {
  const pnl = trade === null ? null : toDec(trade.pnl)
  return {
    day: dayOf(fill.ts),
    fillCount: 1,
    volume: toDec(fill.amount).times(toDec(fill.price)),
    firstTs: fill.ts,
    lastTs: fill.ts,
    tradeCount: pnl === null ? 0 : 1,
    wins: pnl !== null && pnl.gt(0) ? 1 : 0,
    losses: pnl !== null && pnl.lt(0) ? 1 : 0,
    sumPnl: pnl ?? ZERO,
    sumWins: pnl !== null && pnl.gt(0) ? pnl : ZERO,
    sumLosses: pnl !== null && pnl.lt(0) ? pnl : ZERO,
    sumPnlSq: pnl === null ? ZERO : pnl.times(pnl),
    best: pnl,
    worst: pnl,
  }
}

/** Combines two rollups of the same day (e.g. an existing row and an increment). */
export function mergeRollups(a: DailyRollup, b: DailyRollup): DailyRollup {
  if (a.day !== b.day) throw new RangeError(`cannot merge rollups of ${a.day} and ${b.day}`)
  return {
    day: a.day,
    fillCount: a.fillCount + b.fillCount,
    volume: a.volume.plus(b.volume),
    firstTs: minDate(a.firstTs, b.firstTs),
    lastTs: maxDate(a.lastTs, b.lastTs),
    tradeCount: a.tradeCount + b.tradeCount,
    wins: a.wins + b.wins,
    losses: a.losses + b.losses,
    sumPnl: a.sumPnl.plus(b.sumPnl),
    sumWins: a.sumWins.plus(b.sumWins),
    sumLosses: a.sumLosses.plus(b.sumLosses),
    sumPnlSq: a.sumPnlSq.plus(b.sumPnlSq),
    best: maxDec(a.best, b.best),
    worst: minDec(a.worst, b.worst),
  }
}

/** Folds day rollups (any order, several rows per day allowed) into `computePerformance` inputs. */
export function fromRollups(rows: readonly DailyRollup[]): {
  trades: TradeStats
  fills: FillActivity
  dailyRealized: DailyPnl[]
} {
  const byDay = new Map<string, DailyRollup>()
  for (const r of rows) {
    const prev = byDay.get(r.day)
    byDay.set(r.day, prev ? mergeRollups(prev, r) : r)
  }
  const days = [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
  const trades: TradeStats = {
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
  const fills: FillActivity = { count: 0, volume: ZERO, firstTs: null, lastTs: null }
  for (const d of days) {
    trades.count += d.tradeCount
    trades.wins += d.wins
    trades.losses += d.losses
    trades.sumPnl = trades.sumPnl.plus(d.sumPnl)
    trades.sumWins = trades.sumWins.plus(d.sumWins)
    trades.sumLosses = trades.sumLosses.plus(d.sumLosses)
    trades.sumPnlSq = trades.sumPnlSq.plus(d.sumPnlSq)
    trades.best = maxDec(trades.best, d.best)
    trades.worst = minDec(trades.worst, d.worst)
    fills.count += d.fillCount
    fills.volume = fills.volume.plus(d.volume)
    fills.firstTs = minDate(fills.firstTs, d.firstTs)
    fills.lastTs = maxDate(fills.lastTs, d.lastTs)
  }
  const dailyRealized = days
    .filter((d) => d.tradeCount > 0)
    .map((d) => ({ day: d.day, pnl: d.sumPnl, trades: d.tradeCount }))
  return { trades, fills, dailyRealized }
}
