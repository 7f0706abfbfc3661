/**
 * @module Cancelling orders: one by the user, or all open ones for the kill switch. A cancel the
 * venue did not confirm (no exchange id yet, network error) is recorded as `cancel_requested_at`,
 * and reconciliation keeps sending it until the order is terminal.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../db/types.ts'
import { ExchangeNotFoundError } from '../exchanges/errors.ts'
import type { ExchangeId } from '../exchanges/types.ts'
import type { Clock } from '../lib/clock.ts'
import { describeError, type Logger } from '../lib/logger.ts'
import { ProblemError } from '../lib/problem.ts'
import type { FillRecorder } from './fill-recorder.ts'
import { applyExchangeOrder, isTerminal } from './order-apply.ts'
import { orderView, type OrderRow } from './order-view.ts'
import type { OrdersRepository } from './orders.repository.ts'
import { orders } from './trading.schema.ts'
import type { Venues } from './venues.ts'

export interface CancelDeps {
  db: Db
  clock: Clock
  logger: Logger
  venues: Venues
  repo: OrdersRepository
  recorder: FillRecorder
}

export function createOrderCancel({ db, clock, logger, venues, repo, recorder }: CancelDeps) {
  const markRequested = async (row: OrderRow) => {
    const now = clock.now()
    return repo.update(db, row.id, {
      cancelRequestedAt: row.cancelRequestedAt ?? now,
      reconcileAfter: now,
      updatedAt: now,
    })
  }

  /** Sends (or, for paper, performs) the cancel; returns the row afterwards. */
  async function cancelNow(row: OrderRow): Promise<OrderRow> {
    const now = clock.now()
    if (row.mode === 'paper') {
      return db.transaction(async (tx) => {
        const cur = (await repo.findById(tx, row.id, { forUpdate: true }))!
        if (isTerminal(cur)) return cur
        return repo.update(tx, cur.id, {
          status: 'cancelled',
          cancelRequestedAt: null,
          updatedAt: now,
        })
      })
    }
    if (!row.exchangeOrderId) return markRequested(row)
    const gw = await venues.liveGateway(row.userId, row.venue as ExchangeId)
    if (!gw) return markRequested(row)
    try {
      const ex = await gw.cancelOrder(row.symbol, row.exchangeOrderId)
      return db.transaction(async (tx) => {
        const cur = (await repo.findById(tx, row.id, { forUpdate: true }))!
        const applied = await applyExchangeOrder(tx, { repo, recorder }, cur, ex, ex.trades, now)
        return isTerminal(applied) ? repo.update(tx, cur.id, { cancelRequestedAt: null }) : applied
      })
    } catch (err) {
      // Not found: it may have filled or been cancelled meanwhile; reconciliation reads its state.
      if (!(err instanceof ExchangeNotFoundError))
        logger.warn('cancel not confirmed', { orderId: row.id, error: describeError(err) })
      return markRequested(row)
    }
  }

  return {
    cancelNow,

    /** `POST /v1/orders/:id/cancel`: 200 when cancelled, 202 when the cancel is still pending. */
    async cancel(userId: string, id: string) {
      const row = await repo.findById(db, id, { userId })
      if (!row) throw new ProblemError({ status: 404, type: 'not-found', detail: 'No such order.' })
      if (isTerminal(row)) {
        throw new ProblemError({
          status: 409,
          type: 'order-not-open',
          detail: `The order is ${row.status}; only open orders can be cancelled.`,
          extra: { orderStatus: row.status },
        })
      }
      const after = await cancelNow(row)
      return { status: after.status === 'cancelled' ? 200 : 202, body: orderView(after) }
    },

    /**
     * Kill switch: every open order of the user (or of everyone) is marked for cancellation in one
     * statement, then the user's own are cancelled at once; the rest are left to reconciliation.
     */
    async cancelAllOpen(filter: {
      userId?: string
    }): Promise<{ requested: number; cancelled: number }> {
      const now = clock.now()
      const conds = [
        inArray(orders.status, ['pending_submit', 'unknown', 'open', 'partially_filled']),
        isNull(orders.cancelRequestedAt),
      ]
      if (filter.userId) conds.push(eq(orders.userId, filter.userId))
      const marked = await db
        .update(orders)
        .set({
          cancelRequestedAt: now,
          reconcileAfter: sql`least(coalesce(${orders.reconcileAfter}, ${now.toISOString()}::timestamptz), ${now.toISOString()}::timestamptz)`,
        })
        .where(and(...conds))
        .returning()
      let cancelled = 0
      if (filter.userId) {
        for (const row of marked) {
          if (row.status === 'pending_submit' || row.status === 'unknown') continue
          if ((await cancelNow(row)).status === 'cancelled') cancelled++
        }
      }
      return { requested: marked.length, cancelled }
    },
  }
}
