/**
 * @module The analytics read side: `/v1/analytics/*` (and a bot's performance) from the persisted
 * books, trades and daily rollups. SQL aggregates (analytics.queries.ts) feed the pure core —
 * `fromRollups` → `computePerformance`, the series helpers, `unrealizedPnl` — so every number here
 * follows DEFINITIONS.md exactly and agrees with the golden datasets.
 */
import { encodeCursor } from '../http/pagination.ts'
import { D, ZERO, toStr, type Dec } from '../lib/money.ts'
import { problems } from '../lib/problem.ts'
import type { BookFilters, TimeRange } from './analytics.params.ts'
import type { AnalyticsQueries, SymbolRollup } from './analytics.queries.ts'
import { stateFromJSON } from './fifo-json.ts'
import { money, moneyOrNull, ratio, toDec } from './num.ts'
import { computePerformance, type Performance } from './performance.ts'
import { fromRollups, mergeRollups } from './rollup.ts'
import {
  bestWorstPair,
  drawdownPoints,
  equityCurveSeries,
  type SymbolPnl,
} from './series.ts'
import { unrealizedPnl } from './unrealized.ts'

export interface RangeRequest {
  filters: BookFilters
  range: TimeRange
  startingCapital?: string
}

const ALL: TimeRange = { fromMs: null, toMs: null }
const DEFAULT_CAPITAL = '10000'

/**
 * The series helpers take trades and fills; from rollups they get one pseudo-trade per day carrying
 * that day's exact PnL sum and the first/last fill times, which gives them the same daily equity.
 */
function seriesInput(rows: readonly SymbolRollup[], startingCapital: string) {
  const { fills, dailyRealized } = fromRollups(rows)
  const trades = dailyRealized.map((d) => ({
    ts: new Date(`${d.day}T00:00:00Z`),
    symbol: '',
    pnl: d.pnl,
  }))
  const bounds = [fills.firstTs, fills.lastTs].filter((t): t is Date => t !== null)
  return { trades, fills: bounds.map((ts) => ({ ts, amount: '0', price: '0' })), startingCapital }
}

/** `pnlBySymbol`'s rows from rollups: realized PnL, trade/win/loss and fill counts, volume. */
function bySymbol(rows: readonly SymbolRollup[]): SymbolPnl[] {
  const acc = new Map<string, SymbolRollup>()
  for (const r of rows) {
    const prev = acc.get(r.symbol)
    // One bucket per symbol: merge under a common day label.
    acc.set(r.symbol, prev ? { ...mergeRollups(prev, { ...r, day: prev.day }), symbol: r.symbol } : r)
  }
  return [...acc.keys()].sort().map((symbol) => {
    const r = acc.get(symbol)!
    return {
      symbol,
      realizedPnl: money(r.sumPnl),
      tradeCount: r.tradeCount,
      wins: r.wins,
      losses: r.losses,
      fillCount: r.fillCount,
      volume: toStr(r.volume),
    }
  })
}

export function createAnalyticsService({ queries }: { queries: AnalyticsQueries }) {
  async function checkBot(filters: BookFilters) {
    if (filters.botId !== undefined && !(await queries.ownsBot(filters.userId, filters.botId)))
      throw problems.notFound('No such bot.')
  }

  async function rollups(req: RangeRequest) {
    await checkBot(req.filters)
    return queries.rollups(req.filters, req.range)
  }

  return {
    /** `computePerformance` over the range's daily rollups (edge days merged from raw rows). */
    async performance(req: RangeRequest): Promise<Performance> {
      const rows = await rollups(req)
      return computePerformance({
        ...fromRollups(rows),
        startingCapital: req.startingCapital ?? DEFAULT_CAPITAL,
      })
    },

    async equityCurve(req: RangeRequest) {
      const startingCapital = req.startingCapital ?? DEFAULT_CAPITAL
      const points = equityCurveSeries(seriesInput(await rollups(req), startingCapital))
      return { startingCapital: toStr(toDec(startingCapital)), points }
    },

    async drawdown(req: RangeRequest) {
      const startingCapital = req.startingCapital ?? DEFAULT_CAPITAL
      const rows = await rollups(req)
      const perf = computePerformance({ ...fromRollups(rows), startingCapital })
      return {
        startingCapital: perf.startingCapital,
        maxDrawdownAbs: perf.maxDrawdownAbs,
        maxDrawdownRel: perf.maxDrawdownRel,
        drawdownStart: perf.drawdownStart,
        drawdownEnd: perf.drawdownEnd,
        points: drawdownPoints(seriesInput(rows, startingCapital)),
      }
    },

    /** Realized PnL per day (sparse) and per symbol, with the best and worst pair. */
    async pnl(req: Omit<RangeRequest, 'startingCapital'>) {
      const rows = await rollups(req)
      const { trades, dailyRealized } = fromRollups(rows)
      const symbols = bySymbol(rows)
      return {
        realizedPnl: money(trades.sumPnl),
        tradeCount: trades.count,
        byDay: dailyRealized.map((d) => ({
          day: d.day,
          realizedPnl: money(d.pnl),
          tradeCount: d.trades,
        })),
        bySymbol: symbols,
        ...bestWorstPair(symbols),
      }
    },

    /** Trade rows in time order (no ownership check: callers pass the owner's filters). */
    trades: (filters: BookFilters, range: TimeRange = ALL) => queries.trades(filters, range),

    /**
     * Win rate over the last `window` trades, one point per trade once a window is full (as
     * series.ts `rollingWinRate`), `limit` points per page after `cursor`.
     */
    async winRate(
      req: Omit<RangeRequest, 'startingCapital'> & { window: number; limit: number; cursor?: string }
    ) {
      await checkBot(req.filters)
      const { total, points } = await queries.winRatePoints(req.filters, req.range, {
        window: req.window,
        limit: req.limit + 1,
        after: req.cursor,
      })
      const page = points.slice(0, req.limit)
      return {
        window: req.window,
        tradeCount: total,
        points: page.map((p) => ({
          tradeId: p.id,
          ts: p.ts.toISOString(),
          wins: p.wins,
          losses: p.losses,
          winRate: p.wins + p.losses > 0 ? ratio(new D(p.wins).div(p.wins + p.losses)) : null,
        })),
        nextCursor: points.length > req.limit ? encodeCursor(page.at(-1)!.id) : null,
      }
    },

    /**
     * All-time totals plus the open lots valued at the latest recorded fill price of their venue
     * and symbol (unrealized PnL; null when some open symbol has no price).
     */
    async summary(filters: BookFilters) {
      await checkBot(filters)
      const [rows, books] = await Promise.all([
        queries.rollups(filters, ALL),
        queries.books(filters),
      ])
      const folded = fromRollups(rows)
      const perf = computePerformance({ ...folded, startingCapital: DEFAULT_CAPITAL })
      const open = books.filter((b) => b.state.lots.length > 0)
      const pairs = [...new Map(open.map((b) => [`${b.venue}\u0000${b.symbol}`, b])).values()]
      const prices = new Map(
        (await queries.latestPrices(filters.userId, pairs)).map((p) => [
          `${p.venue}\u0000${p.symbol}`,
          p,
        ])
      )
      let total: Dec | null = ZERO
      const unrealized = open.map((b) => {
        const latest = prices.get(`${b.venue}\u0000${b.symbol}`) ?? null
        const state = stateFromJSON(b.state)
        const row = unrealizedPnl(
          { [b.symbol]: state },
          { [b.symbol]: latest?.price ?? null }
        ).bySymbol[0]!
        const pnl = row.unrealizedPnl
        // Row values are already rounded to 18 dp, so the total is their exact sum.
        total = total === null || pnl === null ? null : total.plus(toDec(pnl))
        return {
          mode: b.mode,
          venue: b.venue,
          botId: b.botId,
          ...row,
          priceAt: latest?.ts.toISOString() ?? null,
        }
      })
      return {
        realizedPnl: perf.realizedPnl,
        unrealizedPnl: moneyOrNull(total),
        tradeCount: perf.tradeCount,
        wins: perf.wins,
        losses: perf.losses,
        winRate: perf.winRate,
        fillCount: perf.fillCount,
        volume: perf.volume,
        firstFillAt: folded.fills.firstTs?.toISOString() ?? null,
        lastFillAt: folded.fills.lastTs?.toISOString() ?? null,
        openBooks: open.length,
        ...bestWorstPair(bySymbol(rows)),
        unrealized,
      }
    },
  }
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>
