/**
 * @module Keeps the analytics tables in step with the fills table, inside the transaction that
 * stores the fills (trading's fill recorder calls `listener.onFills`, the import route calls
 * `applyFills`). Both hold the user's advisory lock, so one book is never updated by two
 * transactions at once; a failure here rolls the fills back with it.
 *
 * Per book (user, mode, venue, bot, symbol): load the open lots the new sells can reach (none for
 * buys only), run the FIFO engine over the new fills, then write back only what changed (lots
 * consumed, the head lot shrunk, lots appended), one `analytics_trades` row per closing sell and
 * one increment per UTC day to `analytics_daily`. The cost of a fill is what it touches, not the
 * size of the book. A fill that comes before the book's last one in replay order (ts, then id) —
 * a late fill found by reconciliation, an import of older history, a fill of the same millisecond
 * stored by another instance — makes the book rebuild from its fills, which already include the
 * new ones; so the incremental path always ends where a rebuild would.
 */
import { and, asc, eq, gt, isNull, lte, or, sql, type SQL } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { bulkInsertSql } from '../../db/bulk-insert.ts'
import { compile, type StatementBuilder } from '../../db/compiled.ts'
import type { Queryable, Tx } from '../../db/types.ts'
import { uuidv7 } from '../../lib/ids.ts'
import { toDb, toStr, ZERO, type Dec } from '../../lib/money.ts'
import { fills, type TradingMode } from '../../trading/trading.schema.ts'
import type { FillListener } from '../../trading/trading.types.ts'
import { analyticsBooks, analyticsDaily, analyticsLots, analyticsTrades } from '../analytics.schema.ts'
import { emptyState, replayFills } from '../fifo.ts'
import type { FillInput, Lot, SymbolState, Trade } from '../fifo-types.ts'
import { toDec, type DecLike } from '../num.ts'
import { mergeRollups, rollupDelta, type DailyRollup } from '../rollup.ts'

/** What the analytics need of a stored fill (trading's `RecordedFill` is one). */
export interface AnalyticsFill {
  id: string
  userId: string
  botId: string | null
  mode: TradingMode
  venue: string
  symbol: string
  side: 'buy' | 'sell'
  price: DecLike
  amount: DecLike
  fee: DecLike
  feeCurrency: string | null
  /** Quote value of the fee when the recorder could price it. */
  feeQuote: DecLike | null
  ts: Date
}

export interface BookKey {
  userId: string
  mode: TradingMode
  venue: string
  botId: string | null
  symbol: string
}

export interface AnalyticsStore {
  /** The fill recorder's listener (same as `applyFills`). */
  listener: FillListener
  /** Brings the books of these fills up to date; call under the user's lock, in the fills' tx. */
  applyFills(tx: Tx, fills: readonly AnalyticsFill[]): Promise<void>
  /** Recomputes one book from its fills (lots, trades, rollups). Call under the user's lock. */
  rebuildBook(tx: Tx, key: BookKey): Promise<{ fills: number; trades: number }>
}

/** Fills read per round trip when rebuilding a book (bounded memory at any book size). */
const REBUILD_PAGE = 20_000
/** Rows per INSERT statement: bounds one statement's size (bulk inserts) and parameters (upserts). */
const INSERT_CHUNK = 2_000

const keyOf = (f: BookKey) => `${f.userId}|${f.mode}|${f.venue}|${f.botId ?? ''}|${f.symbol}`

/** A stored fill as the FIFO engine's input. */
export function fifoInput(f: AnalyticsFill): FillInput {
  return {
    id: f.id,
    ts: f.ts,
    symbol: f.symbol,
    side: f.side,
    amount: f.amount,
    price: f.price,
    fee: f.fee,
    feeCurrency: f.feeCurrency ?? '',
    feeQuote: f.feeQuote,
  }
}

function bookWhere(table: typeof fills | typeof analyticsBooks, key: BookKey): SQL {
  return and(
    eq(table.userId, key.userId),
    eq(table.mode, key.mode),
    eq(table.venue, key.venue),
    key.botId === null ? isNull(table.botId) : eq(table.botId, key.botId),
    eq(table.symbol, key.symbol)
  )!
}

function tradeRow(bookId: string, key: BookKey, t: Trade) {
  return {
    id: t.id,
    bookId,
    userId: key.userId,
    mode: key.mode,
    venue: key.venue,
    botId: key.botId,
    symbol: key.symbol,
    ts: t.ts,
    amount: toDb(t.amount),
    price: toDb(t.price),
    matchedAmount: toDb(t.matchedAmount),
    unmatchedAmount: toDb(t.unmatchedAmount),
    costBasis: toDb(t.costBasis),
    grossPnl: toDb(t.grossPnl),
    fees: toDb(t.fees),
    pnl: toDb(t.pnl),
  }
}

function dailyRow(bookId: string, key: BookKey, r: DailyRollup) {
  const n = (d: Dec) => d.toFixed()
  return {
    bookId,
    day: r.day,
    userId: key.userId,
    mode: key.mode,
    venue: key.venue,
    botId: key.botId,
    symbol: key.symbol,
    fillCount: r.fillCount,
    volume: n(r.volume),
    firstTs: r.firstTs,
    lastTs: r.lastTs,
    tradeCount: r.tradeCount,
    wins: r.wins,
    losses: r.losses,
    sumPnl: n(r.sumPnl),
    sumWins: n(r.sumWins),
    sumLosses: n(r.sumLosses),
    sumPnlSq: n(r.sumPnlSq),
    best: r.best === null ? null : n(r.best),
    worst: r.worst === null ? null : n(r.worst),
  }
}

/** Folds fills (and the trade each produced) into one rollup per day. */
class DayRollups {
  readonly days = new Map<string, DailyRollup>()
  add(fill: FillInput, trade: Trade | null) {
    const delta = rollupDelta(
      { ts: fill.ts, amount: fill.amount, price: fill.price },
      trade && { pnl: trade.pnl }
    )
    const prev = this.days.get(delta.day)
    this.days.set(delta.day, prev ? mergeRollups(prev, delta) : delta)
  }
}

/** Runs the FIFO engine over one book's fills from `initial`, adding each fill to `rollups`. */
function replayBook(initial: SymbolState, inputs: readonly FillInput[], rollups: DayRollups) {
  const replay = replayFills(inputs, { [initial.symbol]: initial })
  const bySell = new Map(replay.trades.map((t) => [t.id, t]))
  for (const input of inputs) rollups.add(input, bySell.get(input.id) ?? null)
  return { state: replay.states[initial.symbol]!, trades: replay.trades }
}

async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insert(rows.slice(i, i + INSERT_CHUNK))
}

/** Plain inserts of many rows, as `unnest` statements (db/bulk-insert.ts). */
const insertRows = (tx: Tx, table: PgTable, rows: readonly object[]) =>
  insertChunked(rows, (chunk) => tx.execute(bulkInsertSql(table, chunk)))

/** Adds day increments to the stored rollups (sums add, first/last and best/worst widen). */
function upsertDaily(q: Queryable | StatementBuilder, rows: ReturnType<typeof dailyRow>[] | Record<string, unknown>) {
  const d = analyticsDaily
  const x = (col: string) => sql.raw(`excluded.${col}`)
  return q
    .insert(d)
    .values(rows as ReturnType<typeof dailyRow>[])
    .onConflictDoUpdate({
      target: [d.bookId, d.day],
      set: {
        fillCount: sql`${d.fillCount} + ${x('fill_count')}`,
        volume: sql`${d.volume} + ${x('volume')}`,
        firstTs: sql`least(${d.firstTs}, ${x('first_ts')})`,
        lastTs: sql`greatest(${d.lastTs}, ${x('last_ts')})`,
        tradeCount: sql`${d.tradeCount} + ${x('trade_count')}`,
        wins: sql`${d.wins} + ${x('wins')}`,
        losses: sql`${d.losses} + ${x('losses')}`,
        sumPnl: sql`${d.sumPnl} + ${x('sum_pnl')}`,
        sumWins: sql`${d.sumWins} + ${x('sum_wins')}`,
        sumLosses: sql`${d.sumLosses} + ${x('sum_losses')}`,
        sumPnlSq: sql`${d.sumPnlSq} + ${x('sum_pnl_sq')}`,
        best: sql`greatest(${d.best}, ${x('best')})`,
        worst: sql`least(${d.worst}, ${x('worst')})`,
      },
    })
}

/** The common case, one day's increment, with its text built once (db/compiled.ts). */
const dailyUpsertOne = compile(
  [
    'bookId', 'day', 'userId', 'mode', 'venue', 'botId', 'symbol', 'fillCount', 'volume', 'firstTs',
    'lastTs', 'tradeCount', 'wins', 'losses', 'sumPnl', 'sumWins', 'sumLosses', 'sumPnlSq', 'best', 'worst',
  ] satisfies (keyof ReturnType<typeof dailyRow>)[],
  (db, p) => upsertDaily(db, p)
)

/** A known book's new last fill. */
const bookTouch = compile(['id', 'lastTs', 'lastFillId'], (db, p) =>
  db
    .update(analyticsBooks)
    .set({ lastTs: p.lastTs as never, lastFillId: p.lastFillId as never, updatedAt: sql`now()` })
    .where(eq(analyticsBooks.id, p.id))
)

/** The last fill a book has applied, in (ts, id) order. */
type LastFill = { ts: Date; id: string } | null

const lastFillOf = (fills: readonly { ts: Date; id: string }[]): LastFill => {
  const last = fills.at(-1)
  return last ? { ts: last.ts, id: last.id } : null
}

/** Whether `f` comes before `last` in replay order (ts, then id). */
const precedes = (f: { ts: Date; id: string }, last: LastFill) =>
  last !== null && (f.ts.getTime() < last.ts.getTime() || (f.ts.getTime() === last.ts.getTime() && f.id < last.id))

const lastColumns = (last: LastFill) => ({ lastTs: last?.ts ?? null, lastFillId: last?.id ?? null })

/** Inserts the book (or, when it exists, sets its last fill); returns its id. */
async function saveBook(tx: Tx, key: BookKey, last: LastFill): Promise<string> {
  const [row] = await tx
    .insert(analyticsBooks)
    .values({ id: uuidv7(), ...key, ...lastColumns(last) })
    .onConflictDoUpdate({
      target: [
        analyticsBooks.userId,
        analyticsBooks.mode,
        analyticsBooks.venue,
        analyticsBooks.botId,
        analyticsBooks.symbol,
      ],
      set: { ...lastColumns(last), updatedAt: sql`now()` },
    })
    .returning({ id: analyticsBooks.id })
  return row!.id
}

/** A lot as stored: the engine's lot plus its row id (FIFO position). */
type StoredLot = Lot & { rowId: number }

function lotRow(bookId: string, l: Lot) {
  return {
    bookId,
    fillId: l.fillId,
    ts: l.ts,
    price: toStr(l.price),
    amount: toStr(l.amount),
    remaining: toStr(l.remaining),
    fee: toStr(l.fee),
    unpricedCurrency: l.unpricedFee?.currency ?? null,
    unpricedAmount: l.unpricedFee ? toStr(l.unpricedFee.amount) : null,
  }
}

/** Lots read per round trip while walking a book's head. */
const HEAD_PAGE = 64

const headPage = compile(['bookId', 'after', 'limit'], (_db, p) =>
  // The text forms get names of their own: `order by id` must sort the bigint column.
  sql`select id::text as row_id, fill_id::text as fill, (extract(epoch from ts) * 1000)::bigint::text as ts_ms,
        price::text as price_text, amount::text as amount_text, remaining::text as remaining_text,
        fee::text as fee_text, unpriced_currency, unpriced_amount::text as unpriced_text
      from analytics_lots where book_id = ${p.bookId} and id > ${p.after}
      order by id limit ${p.limit}`
)

/**
 * The head of the book's lots, oldest first, up to the first lot at which the running total of
 * `remaining` reaches `need` (all lots when they hold less): every lot a sell of `need` can reach.
 * Read a page at a time along the (book_id, id) index, so a sell costs the lots it reaches.
 */
async function headLots(tx: Tx, bookId: string, need: Dec): Promise<StoredLot[]> {
  const lots: StoredLot[] = []
  let covered = ZERO
  let after = 0
  for (;;) {
    const rows = await headPage.rows<Record<string, string | null>>(tx, { bookId, after, limit: HEAD_PAGE })
    for (const r of rows) {
      const unpriced = r.unpriced_currency
      const lot: StoredLot = {
        rowId: Number(r.row_id),
        fillId: r.fill!,
        ts: new Date(Number(r.ts_ms)),
        price: toDec(r.price_text!),
        amount: toDec(r.amount_text!),
        remaining: toDec(r.remaining_text!),
        fee: toDec(r.fee_text!),
        unpricedFee: unpriced == null ? null : { currency: unpriced, amount: toDec(r.unpriced_text!) },
      }
      lots.push(lot)
      covered = covered.plus(lot.remaining)
      if (covered.gte(need)) return lots
    }
    if (rows.length < HEAD_PAGE) return lots
    after = lots.at(-1)!.rowId
  }
}

/**
 * Base quantity the batch's sells can take from existing lots: their amounts plus fees paid in
 * base (over-estimating only loads more lots than needed).
 */
function sellNeed(symbol: string, batch: readonly AnalyticsFill[]): Dec {
  const base = symbol.split('/')[0]!.toUpperCase()
  let need = ZERO
  for (const f of batch) {
    if (f.side !== 'sell') continue
    need = need.plus(toDec(f.amount))
    if (f.feeCurrency?.toUpperCase() === base) need = need.plus(toDec(f.fee))
  }
  return need
}

async function rebuildBook(tx: Tx, key: BookKey) {
  const bookId = await saveBook(tx, key, null)
  await Promise.all([
    tx.delete(analyticsTrades).where(eq(analyticsTrades.bookId, bookId)),
    tx.delete(analyticsDaily).where(eq(analyticsDaily.bookId, bookId)),
    tx.delete(analyticsLots).where(eq(analyticsLots.bookId, bookId)),
  ])
  let state: SymbolState = emptyState(key.symbol)
  const rollups = new DayRollups()
  let after: LastFill = null
  let fillCount = 0
  let tradeCount = 0
  for (;;) {
    const page: AnalyticsFill[] = await tx
      .select({
        id: fills.id,
        userId: fills.userId,
        botId: fills.botId,
        mode: fills.mode,
        venue: fills.venue,
        symbol: fills.symbol,
        side: fills.side,
        price: fills.price,
        amount: fills.amount,
        fee: fills.fee,
        feeCurrency: fills.feeCurrency,
        feeQuote: fills.feeQuote,
        ts: fills.ts,
      })
      .from(fills)
      .where(
        and(
          bookWhere(fills, key),
          after === null
            ? undefined
            : or(gt(fills.ts, after.ts), and(eq(fills.ts, after.ts), gt(fills.id, after.id)))
        )
      )
      .orderBy(asc(fills.ts), asc(fills.id))
      .limit(REBUILD_PAGE)
    if (page.length === 0) break
    const replay = replayBook(state, page.map(fifoInput), rollups)
    state = replay.state
    await insertRows(
      tx,
      analyticsTrades,
      replay.trades.map((t) => tradeRow(bookId, key, t))
    )
    fillCount += page.length
    tradeCount += replay.trades.length
    const last = page.at(-1)!
    after = { ts: last.ts, id: last.id }
    if (page.length < REBUILD_PAGE) break
  }
  await Promise.all([
    saveBook(tx, key, after),
    insertRows(
      tx,
      analyticsLots,
      state.lots.map((l) => lotRow(bookId, l))
    ),
    insertRows(
      tx,
      analyticsDaily,
      [...rollups.days.values()].map((r) => dailyRow(bookId, key, r))
    ),
  ])
  return { fills: fillCount, trades: tradeCount }
}

/** A stored book as read (locked) before its fills are applied; null when it has none yet. */
type LoadedBook = { id: string; last: LastFill } | null

async function loadBook(tx: Tx, key: BookKey): Promise<LoadedBook> {
  const [row] = await tx
    .select({ id: analyticsBooks.id, lastTs: analyticsBooks.lastTs, lastFillId: analyticsBooks.lastFillId })
    .from(analyticsBooks)
    .where(bookWhere(analyticsBooks, key))
    .for('update')
  if (!row) return null
  // Books written before fill ids were kept compare by time alone.
  const last = row.lastTs && { ts: row.lastTs, id: row.lastFillId ?? '' }
  return { id: row.id, last: last || null }
}

/** `batch` is in replay order (ts, then id). */
async function applyToBook(tx: Tx, key: BookKey, batch: readonly AnalyticsFill[], loaded: LoadedBook) {
  // A fill before the book's last one (older, or the same millisecond with a smaller id, as fills
  // stored by two instances at once can be) must be replayed in its place: rebuild the book.
  if (loaded && precedes(batch[0]!, loaded.last)) {
    await rebuildBook(tx, key)
    return
  }
  const need = sellNeed(key.symbol, batch)
  const head = loaded && need.gt(0) ? await headLots(tx, loaded.id, need) : []
  // The engine sees only the head: the sells cannot reach past it (sellNeed), and lots it
  // appends go after the lots not loaded, as their row ids will.
  const initial: SymbolState = { symbol: key.symbol, lots: head, lastTs: loaded?.last?.ts ?? null }
  const rollups = new DayRollups()
  const { state, trades } = replayBook(initial, batch.map(fifoInput), rollups)
  const after = new Map(state.lots.map((l) => [l.fillId, l]))
  const loadedIds = new Set(head.map((l) => l.fillId))
  // FIFO: the lots consumed are a prefix of the head, which is a prefix of the book's lots, so
  // they are every lot of the book up to the last one consumed (one bound, however many).
  const consumed = head.filter((l) => !after.has(l.fillId))
  const lastConsumed = consumed.at(-1)?.rowId
  const shrunk = head.filter((l) => after.has(l.fillId) && !after.get(l.fillId)!.remaining.eq(l.remaining))
  const opened = state.lots.filter((l) => !loadedIds.has(l.fillId))
  // A known book's rows can go in the same round trip as its new state; a new book's id must
  // exist before rows reference it.
  const bookId = loaded ? loaded.id : await saveBook(tx, key, lastFillOf(batch))
  // Chunked: a large batch (an import of years of history) would overflow one statement.
  await Promise.all([
    loaded && bookTouch.run(tx, { id: loaded.id, ...lastColumns(lastFillOf(batch)) }),
    lastConsumed !== undefined &&
      tx
        .delete(analyticsLots)
        .where(and(eq(analyticsLots.bookId, bookId), lte(analyticsLots.id, lastConsumed))),
    ...shrunk.map((l) =>
      tx
        .update(analyticsLots)
        .set({ remaining: toStr(after.get(l.fillId)!.remaining) })
        .where(eq(analyticsLots.id, l.rowId))
    ),
    insertRows(
      tx,
      analyticsLots,
      opened.map((l) => lotRow(bookId, l))
    ),
    insertRows(
      tx,
      analyticsTrades,
      trades.map((t) => tradeRow(bookId, key, t))
    ),
    insertChunked(
      [...rollups.days.values()].map((r) => dailyRow(bookId, key, r)),
      (chunk) => (chunk.length === 1 ? dailyUpsertOne.run(tx, chunk[0]!) : upsertDaily(tx, chunk))
    ),
  ])
}

type BookBatch = { key: BookKey; fills: AnalyticsFill[] }

function byBook(batch: readonly AnalyticsFill[]): Map<string, BookBatch> {
  const books = new Map<string, BookBatch>()
  for (const f of batch) {
    const k = keyOf(f)
    let b = books.get(k)
    if (!b) {
      const key = { userId: f.userId, mode: f.mode, venue: f.venue, botId: f.botId, symbol: f.symbol }
      books.set(k, (b = { key, fills: [] }))
    }
    b.fills.push(f)
  }
  return books
}

/** Locks and reads the books these fills belong to (one pipelined round trip). */
async function loadBooks(tx: Tx, batch: readonly AnalyticsFill[]): Promise<Map<string, LoadedBook>> {
  const keys = [...byBook(batch).entries()]
  const rows = await Promise.all(keys.map(([, b]) => loadBook(tx, b.key)))
  return new Map(keys.map(([k], i) => [k, rows[i]!]))
}

export function createAnalyticsStore(): AnalyticsStore {
  async function applyFills(
    tx: Tx,
    batch: readonly AnalyticsFill[],
    loaded?: Map<string, LoadedBook>
  ) {
    const books = byBook(batch)
    const stored = loaded ?? (await loadBooks(tx, batch))
    for (const [k, { key, fills: bookFills }] of books) {
      // Time order, ties by id: the order a rebuild would replay them in.
      bookFills.sort((a, b) => a.ts.getTime() - b.ts.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      await applyToBook(tx, key, bookFills, stored.has(k) ? stored.get(k)! : await loadBook(tx, key))
    }
  }
  return {
    // The books are read in the round trip that stores the fills (the INSERT cannot change them).
    listener: { name: 'analytics', prefetch: loadBooks, onFills: applyFills },
    applyFills: (tx, batch) => applyFills(tx, batch),
    rebuildBook,
  }
}
