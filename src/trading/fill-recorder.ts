/**
 * @module The ONE way fills are stored. `record(tx, order, trades)` — inside the caller's
 * transaction — skips trades already stored (unique `(user_id, venue, trade_id)`), updates the
 * position with each new fill, and calls every registered `FillListener.onFills(tx, fills)` with
 * exactly the fills it stored. A listener that throws rolls all of it back, so a fill, its
 * position change and whatever listeners derive from it (analytics lots, trades, rollups) commit
 * together or not at all, and a fill is never counted twice however often reconciliation sees it.
 *
 * Positions are written only here, and only under the user's advisory lock (`lockUser`), which
 * the order path already holds; so a position read under that lock stays current until commit.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import { compile } from '../db/compiled.ts'
import type { Queryable, Tx } from '../db/types.ts'
import { utcDay } from '../lib/clock.ts'
import { uuidv7 } from '../lib/ids.ts'
import { fromDb, toDb, ZERO, type Dec } from '../lib/money.ts'
import { applyFillToPosition, type PositionState } from './position-math.ts'
import { fills, positions, type TradingMode } from './trading.schema.ts'
import type { FillListener, RecordedFill } from './trading.types.ts'

export interface TradeToRecord {
  tradeId: string
  price: Dec
  amount: Dec
  fee: Dec
  feeCurrency: string | null
  takerOrMaker?: string | null
  ts: Date
}

export interface FillOwner {
  id: string
  userId: string
  botId: string | null
  mode: TradingMode
  venue: string
  symbol: string
  side: 'buy' | 'sell'
}

/** A position as read under the user lock, with its daily realized counter. */
export interface PositionSnapshot extends PositionState {
  day: string | null
  dayPnl: Dec
}

export interface FillRecorder {
  /**
   * Stores the trades of one order not stored yet; returns the stored ones in time order.
   * @param opts.fresh - the trade ids were just generated here (paper): skip the duplicate lookup
   * @param opts.position - the position, already read under the user lock (the order path)
   */
  record(
    tx: Tx,
    order: FillOwner,
    trades: readonly TradeToRecord[],
    opts?: { fresh?: boolean; position?: PositionSnapshot }
  ): Promise<RecordedFill[]>
  /** Adds a listener (analytics registers here at wiring time). */
  addListener(listener: FillListener): void
}

export function splitSymbol(symbol: string): { base: string; quote: string } {
  const [base = '', quote = ''] = symbol.split('/')
  return { base, quote }
}

const FILL_COLUMNS = [
  'id', 'userId', 'orderId', 'botId', 'mode', 'venue', 'symbol', 'side', 'tradeId', 'price', 'amount',
  'cost', 'fee', 'feeCurrency', 'feeQuote', 'realizedPnl', 'takerOrMaker', 'ts',
] as const satisfies readonly (keyof typeof fills.$inferInsert)[]

/** One fill (most orders fill at one price level); skipped if its trade id is stored already. */
const fillInsert = compile(FILL_COLUMNS, (db, p) =>
  db.insert(fills).values(p).onConflictDoNothing().returning({ id: fills.id })
)

/** The position after a batch of fills; `excluded` is the row proposed by VALUES. */
const positionUpsert = compile(
  [
    'userId', 'mode', 'venue', 'symbol', 'amount', 'averagePrice', 'realizedPnl', 'realizedDay',
    'realizedDayPnl', 'updatedAt',
  ],
  (db, p) =>
    db
      .insert(positions)
      .values(p)
      .onConflictDoUpdate({
        target: [positions.userId, positions.mode, positions.venue, positions.symbol],
        set: {
          amount: sql.raw('excluded.amount'),
          averagePrice: sql.raw('excluded.average_price'),
          realizedPnl: sql.raw('excluded.realized_pnl'),
          realizedDay: sql.raw('excluded.realized_day'),
          realizedDayPnl: sql.raw('excluded.realized_day_pnl'),
          updatedAt: sql.raw('excluded.updated_at'),
        },
      })
)

const userLock = compile(['key'], (_db, p) => sql`select pg_advisory_xact_lock(hashtextextended(${p.key}, 0))`)

/** Serialises a user's order placement and position writes until the transaction ends. */
export async function lockUser(tx: Tx, userId: string): Promise<void> {
  await userLock.run(tx, { key: `orders:${userId}` })
}

export const EMPTY_POSITION: PositionSnapshot = {
  amount: ZERO,
  averagePrice: ZERO,
  realizedPnl: ZERO,
  day: null,
  dayPnl: ZERO,
}

export function positionSnapshot(
  row: Record<string, unknown> | undefined | null
): PositionSnapshot {
  if (!row) return EMPTY_POSITION
  const d = (k: string) => fromDb((row[k] as string | null | undefined) ?? null) ?? ZERO
  return {
    amount: d('amount'),
    averagePrice: d('averagePrice'),
    realizedPnl: d('realizedPnl'),
    day: (row.realizedDay as string | null | undefined) ?? null,
    dayPnl: d('realizedDayPnl'),
  }
}

async function readPosition(q: Queryable, o: FillOwner): Promise<PositionSnapshot> {
  const [row] = await q
    .select()
    .from(positions)
    .where(
      and(
        eq(positions.userId, o.userId),
        eq(positions.mode, o.mode),
        eq(positions.venue, o.venue),
        eq(positions.symbol, o.symbol)
      )
    )
  return positionSnapshot(row)
}

/**
 * @param [opts.listeners=[]] - called in order, in the fills' transaction (prefetches in parallel)
 * @example
 * const recorder = createFillRecorder({ listeners: [analyticsFillListener] })
 * await db.transaction((tx) => recorder.record(tx, order, trades))
 */
export function createFillRecorder({
  listeners = [],
}: { listeners?: FillListener[] } = {}): FillRecorder {
  const registered = [...listeners]

  return {
    addListener(listener) {
      registered.push(listener)
    },

    async record(tx, order, trades, opts = {}) {
      if (trades.length === 0) return []
      // Stable: trades with the same time keep the order they came in (book walk, exchange order).
      let pending = [...trades].sort((a, b) => a.ts.getTime() - b.ts.getTime())
      let snapshot = opts.position
      if (!snapshot) {
        await lockUser(tx, order.userId)
        snapshot = await readPosition(tx, order)
      }
      if (!opts.fresh) {
        const existing = await tx
          .select({ tradeId: fills.tradeId })
          .from(fills)
          .where(
            and(
              eq(fills.userId, order.userId),
              eq(fills.venue, order.venue),
              inArray(
                fills.tradeId,
                pending.map((t) => t.tradeId)
              )
            )
          )
        const seen = new Set(existing.map((r) => r.tradeId))
        pending = pending.filter((t) => !seen.has(t.tradeId) && Boolean(seen.add(t.tradeId)))
      }
      if (pending.length === 0) return []

      const market = splitSymbol(order.symbol)
      let position: PositionState = snapshot
      let { day, dayPnl } = snapshot
      // Made in time order, so id order is fill order (uuidv7 increases within a millisecond).
      const ids = pending.map((t) => uuidv7(t.ts.getTime()))
      const recorded: RecordedFill[] = pending.map((t, i) => {
        const step = applyFillToPosition(position, { side: order.side, ...t }, market)
        position = step.position
        // The daily counter follows the newest day; a late fill of an earlier day does not count.
        const fillDay = utcDay(t.ts)
        if (day === null || fillDay > day) {
          day = fillDay
          dayPnl = step.realizedPnl
        } else if (fillDay === day) dayPnl = dayPnl.plus(step.realizedPnl)
        return {
          id: ids[i]!,
          userId: order.userId,
          orderId: order.id,
          botId: order.botId,
          mode: order.mode,
          venue: order.venue,
          symbol: order.symbol,
          side: order.side,
          tradeId: t.tradeId,
          price: t.price,
          amount: t.amount,
          cost: t.price.times(t.amount),
          fee: t.fee,
          feeCurrency: t.feeCurrency,
          feeQuote: step.feeQuote,
          realizedPnl: step.realizedPnl,
          takerOrMaker: t.takerOrMaker ?? null,
          ts: t.ts,
        }
      })
      const next = {
        amount: toDb(position.amount),
        averagePrice: toDb(position.averagePrice),
        realizedPnl: toDb(position.realizedPnl),
        realizedDay: day,
        realizedDayPnl: toDb(dayPnl),
        updatedAt: recorded.at(-1)!.ts,
      }
      // Sent together (pipelined): the fills' order reference is checked at commit, and the
      // listeners' reads (which the INSERT cannot change) share the round trip.
      const prefetching = Promise.all(registered.map((l) => l.prefetch?.(tx, recorded)))
      const rows = recorded.map((f) => ({
        ...f,
        price: toDb(f.price),
        amount: toDb(f.amount),
        cost: toDb(f.cost),
        fee: toDb(f.fee),
        feeQuote: f.feeQuote === null ? null : toDb(f.feeQuote),
        realizedPnl: toDb(f.realizedPnl),
      }))
      const [inserted, , prefetched] = await Promise.all([
        rows.length === 1
          ? fillInsert.rows<{ id: string }>(tx, rows[0]!)
          : tx.insert(fills).values(rows).onConflictDoNothing().returning({ id: fills.id }),
        positionUpsert.run(tx, {
          userId: order.userId,
          mode: order.mode,
          venue: order.venue,
          symbol: order.symbol,
          ...next,
        }),
        prefetching,
      ])
      if (inserted.length !== recorded.length) {
        // Someone stored some of these without the user lock; refuse rather than count PnL twice.
        throw new Error('fill-recorder: concurrent duplicate fills; retry the transaction')
      }
      for (const [i, l] of registered.entries()) await l.onFills(tx, recorded, prefetched[i])
      return recorded
    },
  }
}
