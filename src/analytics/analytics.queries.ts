/**
 * @module SQL of the analytics read side, over the tables the fill listener keeps
 * (analytics.schema.ts) plus `fills` for edge days and latest prices. Every aggregate is computed
 * in PostgreSQL; money comes back as `::text` and times as epoch milliseconds (both drivers read
 * those the same way) and is parsed into the core's types here.
 *
 * A time range is split into whole UTC days, read from `analytics_daily`, and at most two partial
 * edge days, aggregated from the raw `fills` rows joined to their `analytics_trades` row (a trade's
 * id is its sell fill's id). The two kinds of rows are `DailyRollup`s and fold with `mergeRollups`.
 */
import { sql, type SQL } from 'drizzle-orm'
import { rowsOf } from '../db/execute.ts'
import type { Queryable } from '../db/types.ts'
import { D, ZERO } from '../lib/money.ts'
import type { SymbolStateJSON } from './fifo-json.ts'
import { DAY_MS, type BookFilters, type TimeRange } from './analytics.params.ts'
import { dayOf } from './num.ts'
import type { DailyRollup } from './rollup.ts'

/** A day's rollup of one symbol (rows of several books summed). */
export interface SymbolRollup extends DailyRollup {
  symbol: string
}

export interface TradeRow {
  id: string
  ts: Date
  symbol: string
  pnl: string
  grossPnl: string
  fees: string
}

/** One `/win-rate` point: the trade that closes the window and the window's wins and losses. */
export interface WinRateRow {
  id: string
  ts: Date
  wins: number
  losses: number
}

export interface BookRow {
  id: string
  mode: 'paper' | 'live'
  venue: string
  botId: string | null
  symbol: string
  state: SymbolStateJSON
}

export interface LatestPrice {
  venue: string
  symbol: string
  price: string
  ts: Date
}

type Raw = Record<string, unknown>

const ms = (t: SQL) => sql`(extract(epoch from ${t}) * 1000)::float8`
const at = (msValue: number) => sql`${new Date(msValue).toISOString()}::timestamptz`
const dateOrNull = (v: unknown) => (v === null || v === undefined ? null : new Date(Number(v)))
const decOrNull = (v: unknown) => (v === null || v === undefined ? null : new D(String(v)))
const decOrZero = (v: unknown) => decOrNull(v) ?? ZERO

/** `alias.user_id = … and alias.bot_id = …` for the given filters. */
function bookWhere(alias: string, f: BookFilters): SQL {
  const col = (name: string) => sql.raw(`${alias}.${name}`)
  const parts: SQL[] = [sql`${col('user_id')} = ${f.userId}`]
  if (f.botId !== undefined) parts.push(sql`${col('bot_id')} = ${f.botId}`)
  if (f.symbol !== undefined) parts.push(sql`${col('symbol')} = ${f.symbol}`)
  if (f.mode !== undefined) parts.push(sql`${col('mode')} = ${f.mode}`)
  if (f.venue !== undefined) parts.push(sql`${col('venue')} = ${f.venue}`)
  if (f.excludeVenue !== undefined) parts.push(sql`${col('venue')} <> ${f.excludeVenue}`)
  return sql.join(parts, sql` and `)
}

function rollupOf(r: Raw): SymbolRollup {
  return {
    day: String(r.day),
    symbol: String(r.symbol),
    fillCount: Number(r.fill_count),
    volume: decOrZero(r.volume),
    firstTs: dateOrNull(r.first_ms),
    lastTs: dateOrNull(r.last_ms),
    tradeCount: Number(r.trade_count),
    wins: Number(r.wins),
    losses: Number(r.losses),
    sumPnl: decOrZero(r.sum_pnl),
    sumWins: decOrZero(r.sum_wins),
    sumLosses: decOrZero(r.sum_losses),
    sumPnlSq: decOrZero(r.sum_pnl_sq),
    best: decOrNull(r.best),
    worst: decOrNull(r.worst),
  }
}

/**
 * How a range splits: whole days [firstDay, lastDay] (either end open; null when there are none)
 * and partial edge ranges, each within one UTC day.
 */
export function splitRange(range: TimeRange): {
  whole: { firstDay: string | null; lastDay: string | null } | null
  edges: Array<{ fromMs: number; toMs: number }>
} {
  const { fromMs, toMs } = range
  const dayStart = (t: number) => Math.floor(t / DAY_MS) * DAY_MS
  const edges: Array<{ fromMs: number; toMs: number }> = []
  // First and last whole day, as day-start epoch ms (null: unbounded).
  let first: number | null = null
  let last: number | null = null
  if (fromMs !== null) {
    if (fromMs === dayStart(fromMs)) first = fromMs
    else {
      const end = dayStart(fromMs) + DAY_MS
      edges.push({ fromMs, toMs: toMs === null ? end : Math.min(end, toMs) })
      first = end
    }
  }
  if (toMs !== null) {
    if (toMs === dayStart(toMs)) last = toMs - DAY_MS
    else {
      const start = dayStart(toMs)
      last = start - DAY_MS
      // Unless the `from` edge already covers this day.
      if (fromMs === null || fromMs <= start) edges.push({ fromMs: Math.max(start, fromMs ?? start), toMs })
    }
  }
  const empty = first !== null && last !== null && first > last
  const day = (t: number | null) => (t === null ? null : dayOf(new Date(t)))
  return { whole: empty ? null : { firstDay: day(first), lastDay: day(last) }, edges }
}

export function createAnalyticsQueries(db: Queryable) {
  /** Rollup rows per (day, symbol) of whole days from `analytics_daily`. */
  async function wholeDays(f: BookFilters, firstDay: string | null, lastDay: string | null) {
    const where = [bookWhere('d', f)]
    if (firstDay !== null) where.push(sql`d.day >= ${firstDay}`)
    if (lastDay !== null) where.push(sql`d.day <= ${lastDay}`)
    const rows = await rowsOf<Raw>(
      db,
      sql`select d.day, d.symbol,
                 sum(d.fill_count)::int8 as fill_count, sum(d.volume)::text as volume,
                 ${ms(sql`min(d.first_ts)`)} as first_ms, ${ms(sql`max(d.last_ts)`)} as last_ms,
                 sum(d.trade_count)::int8 as trade_count, sum(d.wins)::int8 as wins,
                 sum(d.losses)::int8 as losses, sum(d.sum_pnl)::text as sum_pnl,
                 sum(d.sum_wins)::text as sum_wins, sum(d.sum_losses)::text as sum_losses,
                 sum(d.sum_pnl_sq)::text as sum_pnl_sq, max(d.best)::text as best,
                 min(d.worst)::text as worst
          from analytics_daily d
          where ${sql.join(where, sql` and `)}
          group by d.day, d.symbol`
    )
    return rows.map(rollupOf)
  }

  /** The same aggregates over raw fills (and their trades) inside partial days. */
  async function edgeDays(f: BookFilters, edges: Array<{ fromMs: number; toMs: number }>) {
    if (edges.length === 0) return []
    const ranges = sql.join(
      edges.map((e) => sql`(f.ts >= ${at(e.fromMs)} and f.ts < ${at(e.toMs)})`),
      sql` or `
    )
    const rows = await rowsOf<Raw>(
      db,
      sql`select to_char(f.ts at time zone 'UTC', 'YYYY-MM-DD') as day, f.symbol,
                 count(*)::int8 as fill_count, sum(f.amount * f.price)::text as volume,
                 ${ms(sql`min(f.ts)`)} as first_ms, ${ms(sql`max(f.ts)`)} as last_ms,
                 count(t.id)::int8 as trade_count,
                 count(*) filter (where t.pnl > 0)::int8 as wins,
                 count(*) filter (where t.pnl < 0)::int8 as losses,
                 coalesce(sum(t.pnl), 0)::text as sum_pnl,
                 coalesce(sum(t.pnl) filter (where t.pnl > 0), 0)::text as sum_wins,
                 coalesce(sum(t.pnl) filter (where t.pnl < 0), 0)::text as sum_losses,
                 coalesce(sum(t.pnl * t.pnl), 0)::text as sum_pnl_sq,
                 max(t.pnl)::text as best, min(t.pnl)::text as worst
          from fills f left join analytics_trades t on t.id = f.id
          where ${bookWhere('f', f)} and (${ranges})
          group by 1, 2`
    )
    return rows.map(rollupOf)
  }

  return {
    /** Day × symbol rollups of the range: whole days from the rollup table, edge days from raw rows. */
    async rollups(f: BookFilters, range: TimeRange): Promise<SymbolRollup[]> {
      const { whole, edges } = splitRange(range)
      const [a, b] = await Promise.all([
        whole ? wholeDays(f, whole.firstDay, whole.lastDay) : Promise.resolve([]),
        edgeDays(f, edges),
      ])
      return [...a, ...b]
    },

    /** Trade rows in time order (`ts, id`). */
    async trades(f: BookFilters, range: TimeRange): Promise<TradeRow[]> {
      const where = [bookWhere('t', f)]
      if (range.fromMs !== null) where.push(sql`t.ts >= ${at(range.fromMs)}`)
      if (range.toMs !== null) where.push(sql`t.ts < ${at(range.toMs)}`)
      const rows = await rowsOf<Raw>(
        db,
        sql`select t.id, t.symbol, ${ms(sql`t.ts`)} as ts_ms, t.pnl::text as pnl,
                   t.gross_pnl::text as gross_pnl, t.fees::text as fees
            from analytics_trades t
            where ${sql.join(where, sql` and `)}
            order by t.ts, t.id`
      )
      return rows.map((r) => ({
        id: String(r.id),
        ts: new Date(Number(r.ts_ms)),
        symbol: String(r.symbol),
        pnl: String(r.pnl),
        grossPnl: String(r.gross_pnl),
        fees: String(r.fees),
      }))
    },

    /**
     * The rolling win rate over the last `window` trades in range, one point per trade once the
     * window is full (series.ts `rollingWinRate`, computed here by window functions), in (ts, id)
     * order: up to `limit` points after the trade `after`.
     */
    async winRatePoints(
      f: BookFilters,
      range: TimeRange,
      opts: { window: number; limit: number; after?: string }
    ): Promise<{ total: number; points: WinRateRow[] }> {
      if (!Number.isInteger(opts.window) || opts.window < 1) throw new RangeError('window must be an integer ≥ 1')
      const where = [bookWhere('t', f)]
      if (range.fromMs !== null) where.push(sql`t.ts >= ${at(range.fromMs)}`)
      if (range.toMs !== null) where.push(sql`t.ts < ${at(range.toMs)}`)
      const inRange = sql.join(where, sql` and `)
      // A validated integer, inlined: a frame offset cannot be a bind parameter everywhere.
      const frame = sql.raw(`rows between ${opts.window - 1} preceding and current row`)
      const [[count], rows] = await Promise.all([
        rowsOf<Raw>(db, sql`select count(*)::int as total from analytics_trades t where ${inRange}`),
        rowsOf<Raw>(
          db,
          sql`select id, ts_ms, wins, losses from (
                select t.id, t.ts, ${ms(sql`t.ts`)} as ts_ms, row_number() over w as n,
                       count(*) filter (where t.pnl > 0) over (w ${frame}) as wins,
                       count(*) filter (where t.pnl < 0) over (w ${frame}) as losses
                  from analytics_trades t where ${inRange}
                window w as (order by t.ts, t.id)) r
              where n >= ${opts.window}
                ${opts.after ? sql`and (r.ts, r.id) > (select ts, id from analytics_trades where id = ${opts.after})` : sql``}
              order by r.ts, r.id
              limit ${opts.limit}`
        ),
      ])
      return {
        total: Number(count?.total ?? 0),
        points: rows.map((r) => ({
          id: String(r.id),
          ts: new Date(Number(r.ts_ms)),
          wins: Number(r.wins),
          losses: Number(r.losses),
        })),
      }
    },

    async books(f: BookFilters): Promise<BookRow[]> {
      const rows = await rowsOf<Raw>(
        db,
        // The open lots in fifo-json's form (decimals as text, exact).
        sql`select b.id, b.mode, b.venue, b.bot_id, b.symbol,
              (extract(epoch from b.last_ts) * 1000)::bigint::text as last_ts_ms,
              (select json_agg(json_build_object(
                  'fillId', l.fill_id,
                  'ts', to_char(l.ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                  'price', l.price::text, 'amount', l.amount::text,
                  'remaining', l.remaining::text, 'fee', l.fee::text,
                  'unpricedFee', case when l.unpriced_currency is null then null else
                    json_build_object('currency', l.unpriced_currency, 'amount', l.unpriced_amount::text) end)
                order by l.id)
               from analytics_lots l where l.book_id = b.id) as lots
            from analytics_books b where ${bookWhere('b', f)}
            order by b.symbol, b.venue, b.mode, b.bot_id nulls first`
      )
      return rows.map((r) => ({
        id: String(r.id),
        mode: r.mode as BookRow['mode'],
        venue: String(r.venue),
        botId: (r.bot_id as string | null) ?? null,
        symbol: String(r.symbol),
        state: {
          symbol: String(r.symbol),
          lastTs: r.last_ts_ms == null ? null : new Date(Number(r.last_ts_ms)).toISOString(),
          lots: ((typeof r.lots === 'string' ? JSON.parse(r.lots) : r.lots) ?? []) as SymbolStateJSON['lots'],
        },
      }))
    },

    /**
     * The latest fill price per (venue, symbol), any user's fill — except in venue `imported`,
     * where only the caller's own history counts (another user's upload is not a market price).
     */
    async latestPrices(
      userId: string,
      pairs: ReadonlyArray<{ venue: string; symbol: string }>
    ): Promise<LatestPrice[]> {
      if (pairs.length === 0) return []
      const values = sql.join(
        pairs.map((p) => sql`(${p.venue}::text, ${p.symbol}::text)`),
        sql`, `
      )
      const rows = await rowsOf<Raw>(
        db,
        sql`select p.venue, p.symbol, l.price, l.ts_ms
            from (values ${values}) as p(venue, symbol)
            cross join lateral (
              select f.price::text as price, ${ms(sql`f.ts`)} as ts_ms
              from fills f
              where f.venue = p.venue and f.symbol = p.symbol
                and (p.venue <> 'imported' or f.user_id = ${userId})
              order by f.ts desc, f.id desc
              limit 1
            ) l`
      )
      return rows.map((r) => ({
        venue: String(r.venue),
        symbol: String(r.symbol),
        price: String(r.price),
        ts: new Date(Number(r.ts_ms)),
      }))
    },

    /** Whether the bot exists and is the user's. */
    /** The user's bot, or a deleted one whose history (its books) the user still has. */
    async ownsBot(userId: string, botId: string): Promise<boolean> {
      const rows = await rowsOf<Raw>(
        db,
        sql`select 1 as one from bots where id = ${botId} and user_id = ${userId}
            union all
            select 1 from analytics_books where bot_id = ${botId} and user_id = ${userId}
            limit 1`
      )
      return rows.length > 0
    },
  }
}

export type AnalyticsQueries = ReturnType<typeof createAnalyticsQueries>
