/**
 * @module The ONE way fills are stored. `record(tx, order, trades)` — inside the caller's
 * transaction — skips trades already stored (unique `(user_id, venue, trade_id)`), updates the
 * position with each new fill, and calls every registered `FillListener.onFills(tx, fills)` with
 * exactly the fills it stored. A listener that throws rolls all of it back, so a fill, its
 * position change and whatever listeners derive from it (analytics lots, trades, rollups) commit
 * together or not at all, and a fill is never counted twice however often reconciliation sees it.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Tx } from '../db/types.ts'
import { fromDb, toDb, ZERO, type Dec } from '../lib/money.ts'
import { uuidv7 } from '../lib/ids.ts'
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

export interface FillRecorder {
  /**
   * Stores the trades of one order not stored yet; returns the stored ones in time order.
   * @param opts.fresh - the trade ids were just generated here (paper): skip the duplicate lookup
   */
  record(tx: Tx, order: FillOwner, trades: readonly TradeToRecord[], opts?: { fresh?: boolean }): Promise<RecordedFill[]>
  /** Adds a listener (analytics registers here at wiring time). */
  addListener(listener: FillListener): void
}

export function splitSymbol(symbol: string): { base: string; quote: string } {
  const [base = '', quote = ''] = symbol.split('/')
  return { base, quote }
}

/**
 * @param [opts.listeners=[]] - called in order, in the fills' transaction
 * @example
 * const recorder = createFillRecorder({ listeners: [analyticsFillListener] })
 * await db.transaction((tx) => recorder.record(tx, order, trades))
 */
export function createFillRecorder({ listeners = [] }: { listeners?: FillListener[] } = {}): FillRecorder {
  const registered = [...listeners]

  async function lockPosition(tx: Tx, o: FillOwner): Promise<PositionState> {
    // The upsert both creates a missing row and row-locks it until the transaction ends.
    const [row] = await tx
      .insert(positions)
      .values({ userId: o.userId, mode: o.mode, venue: o.venue, symbol: o.symbol, amount: '0', averagePrice: '0', realizedPnl: '0' })
      .onConflictDoUpdate({
        target: [positions.userId, positions.mode, positions.venue, positions.symbol],
        set: { amount: sql`${positions.amount}` },
      })
      .returning()
    return {
      amount: fromDb(row!.amount) ?? ZERO,
      averagePrice: fromDb(row!.averagePrice) ?? ZERO,
      realizedPnl: fromDb(row!.realizedPnl) ?? ZERO,
    }
  }

  return {
    addListener(listener) {
      registered.push(listener)
    },

    async record(tx, order, trades, opts = {}) {
      if (trades.length === 0) return []
      let pending = [...trades].sort((a, b) => a.ts.getTime() - b.ts.getTime() || a.tradeId.localeCompare(b.tradeId))
      let position = await lockPosition(tx, order)
      if (!opts.fresh) {
        const existing = await tx
          .select({ tradeId: fills.tradeId })
          .from(fills)
          .where(
            and(
              eq(fills.userId, order.userId),
              eq(fills.venue, order.venue),
              inArray(fills.tradeId, pending.map((t) => t.tradeId))
            )
          )
        const seen = new Set(existing.map((r) => r.tradeId))
        pending = pending.filter((t) => !seen.has(t.tradeId) && Boolean(seen.add(t.tradeId)))
      }
      if (pending.length === 0) return []

      const market = splitSymbol(order.symbol)
      // UUIDv7 is random within a millisecond: hand out sorted ids so id order is fill order.
      const ids = pending.map((t) => uuidv7(t.ts.getTime())).sort()
      const recorded: RecordedFill[] = pending.map((t, i) => {
        const step = applyFillToPosition(position, { side: order.side, ...t }, market)
        position = step.position
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
          ts: t.ts,
          takerOrMaker: t.takerOrMaker ?? null,
        }
      })
      const inserted = await tx
        .insert(fills)
        .values(
          recorded.map((f) => ({
            ...f,
            price: toDb(f.price),
            amount: toDb(f.amount),
            cost: toDb(f.cost),
            fee: toDb(f.fee),
            feeQuote: f.feeQuote === null ? null : toDb(f.feeQuote),
            realizedPnl: toDb(f.realizedPnl),
          }))
        )
        .onConflictDoNothing()
        .returning({ id: fills.id })
      if (inserted.length !== recorded.length) {
        // Another transaction stored some of these between our lookup and insert (the position
        // lock makes this impossible for one symbol); refuse rather than count PnL twice.
        throw new Error('fill-recorder: concurrent duplicate fills; retry the transaction')
      }
      await tx
        .update(positions)
        .set({
          amount: toDb(position.amount),
          averagePrice: toDb(position.averagePrice),
          realizedPnl: toDb(position.realizedPnl),
          updatedAt: recorded.at(-1)!.ts,
        })
        .where(
          and(
            eq(positions.userId, order.userId),
            eq(positions.mode, order.mode),
            eq(positions.venue, order.venue),
            eq(positions.symbol, order.symbol)
          )
        )
      for (const l of registered) await l.onFills(tx, recorded)
      return recorded
    },
  }
}
