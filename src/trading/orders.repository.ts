/**
 * @module Queries of the order path: orders by key or id, pages of orders, fills and positions,
 * the numbers the risk checks need, and the reconciliation claim.
 */
import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm'
import { compile } from '../db/compiled.ts'
import { rowsOf } from '../db/execute.ts'
import { utcDay } from '../lib/clock.ts'
import type { Db, Queryable, Tx } from '../db/types.ts'
import type { PageParams } from '../http/pagination.ts'
import { lockUser } from './fill-recorder.ts'
import {
  exposureColumns,
  exposureOf,
  readPreTrade,
  type PreTradeQuery,
  type ExposureNumbers,
  type PreTradeState,
} from './pre-trade-state.ts'
import { fills, orders, positions, type TradingMode } from './trading.schema.ts'
import type { FillRow, OrderRow, PositionRow } from './order-view.ts'

export type { ExposureNumbers, PreTradeState }

/** A timestamptz parameter: ISO text with a cast behaves the same on both drivers. */
export const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`

/** The columns a paper order is written with (its outcome and stored response included). */
const PAPER_ORDER_COLUMNS = [
  'id', 'userId', 'mode', 'venue', 'symbol', 'side', 'type', 'amount', 'requestedAmount', 'price',
  'referencePrice', 'status', 'clientOrderId', 'idempotencyKey', 'requestHash', 'botId', 'filled',
  'averagePrice', 'rejectReason', 'exchangeOrderId', 'submittedAt', 'responseStatus', 'responseBody',
  'createdAt', 'updatedAt',
] as const satisfies readonly (keyof typeof orders.$inferInsert)[]

export type PaperOrderValues = Required<Pick<typeof orders.$inferInsert, (typeof PAPER_ORDER_COLUMNS)[number]>>

/** Every paper order is this one INSERT: its text is built once (db/compiled.ts). */
const paperOrderInsert = compile(PAPER_ORDER_COLUMNS, (db, p) => db.insert(orders).values(p))

export function createOrdersRepository(db: Db) {
  return {
    async findByKey(q: Queryable, userId: string, key: string): Promise<OrderRow | undefined> {
      const [row] = await q
        .select()
        .from(orders)
        .where(and(eq(orders.userId, userId), eq(orders.idempotencyKey, key)))
      return row
    },

    async findById(
      q: Queryable,
      id: string,
      opts: { userId?: string; forUpdate?: boolean } = {}
    ): Promise<OrderRow | undefined> {
      const where = opts.userId
        ? and(eq(orders.id, id), eq(orders.userId, opts.userId))
        : eq(orders.id, id)
      const query = q.select().from(orders).where(where)
      const [row] = opts.forUpdate ? await query.for('update') : await query
      return row
    },

    async insert(tx: Tx, values: typeof orders.$inferInsert): Promise<OrderRow> {
      const [row] = await tx.insert(orders).values(values).returning()
      return row!
    },

    /** Inserts a paper order, final when written: nothing to read back. */
    async insertFinal(tx: Tx, values: PaperOrderValues): Promise<void> {
      await paperOrderInsert.run(tx, values)
    },

    async update(
      q: Queryable,
      id: string,
      set: Partial<typeof orders.$inferInsert>
    ): Promise<OrderRow> {
      const [row] = await q.update(orders).set(set).where(eq(orders.id, id)).returning()
      return row!
    },

    async page(
      userId: string,
      p: PageParams,
      filter: { status?: string; botId?: string; mode?: TradingMode } = {}
    ): Promise<OrderRow[]> {
      const conds: SQL[] = [eq(orders.userId, userId)]
      if (p.cursor) conds.push(lt(orders.id, p.cursor))
      if (filter.status) conds.push(eq(orders.status, filter.status as OrderRow['status']))
      if (filter.botId) conds.push(eq(orders.botId, filter.botId))
      if (filter.mode) conds.push(eq(orders.mode, filter.mode))
      return db
        .select()
        .from(orders)
        .where(and(...conds))
        .orderBy(desc(orders.id))
        .limit(p.limit + 1)
    },

    async fillPage(
      userId: string,
      p: PageParams,
      filter: { orderId?: string; botId?: string; mode?: TradingMode } = {}
    ): Promise<FillRow[]> {
      const conds: SQL[] = [eq(fills.userId, userId)]
      if (p.cursor) conds.push(lt(fills.id, p.cursor))
      if (filter.orderId) conds.push(eq(fills.orderId, filter.orderId))
      if (filter.botId) conds.push(eq(fills.botId, filter.botId))
      if (filter.mode) conds.push(eq(fills.mode, filter.mode))
      return db
        .select()
        .from(fills)
        .where(and(...conds))
        .orderBy(desc(fills.id))
        .limit(p.limit + 1)
    },

    async fillsOfOrder(q: Queryable, orderId: string): Promise<FillRow[]> {
      return q.select().from(fills).where(eq(fills.orderId, orderId)).orderBy(fills.ts, fills.id)
    },

    async positions(userId: string, mode?: TradingMode): Promise<PositionRow[]> {
      const conds: SQL[] = [eq(positions.userId, userId)]
      if (mode) conds.push(eq(positions.mode, mode))
      return db
        .select()
        .from(positions)
        .where(and(...conds))
        .orderBy(positions.venue, positions.symbol)
    },

    /** Open orders, position and the realized PnL since a time, in one round trip. */
    async exposure(
      q: Queryable,
      o: { userId: string; mode: TradingMode; venue: string; symbol: string; since: Date }
    ): Promise<ExposureNumbers> {
      const [r] = await rowsOf<Record<string, string | number | null>>(
        q,
        sql`select ${exposureColumns({ ...o, day: utcDay(o.since) })}`
      )
      return exposureOf(r ?? {})
    },

    /**
     * Takes the user's advisory lock, then reads the pre-trade state. Two statements on purpose:
     * in READ COMMITTED a statement's snapshot is taken when it starts, so only a read that starts
     * after the lock is granted sees what the previous holder committed.
     */
    async lockAndReadPreTradeState(tx: Tx, o: PreTradeQuery): Promise<PreTradeState> {
      await lockUser(tx, o.userId)
      return readPreTrade(tx, o)
    },

    /**
     * Claims up to `limit` orders that need reconciling, with a lease so that other instances
     * skip them (`FOR UPDATE SKIP LOCKED` makes concurrent claims disjoint).
     */
    async claimForReconcile(
      now: Date,
      o: { limit: number; leaseSeconds: number; pendingGraceSeconds: number }
    ): Promise<OrderRow[]> {
      const until = new Date(now.getTime() + o.leaseSeconds * 1000)
      const pendingBefore = new Date(now.getTime() - o.pendingGraceSeconds * 1000)
      const ids = await rowsOf<{ id: string }>(
        db,
        sql`update orders set reconcile_lease_until = ${ts(until)}
            where id in (
              select id from orders
              where (status in ('pending_submit', 'unknown', 'open', 'partially_filled') or fills_pending)
                and (reconcile_after is null or reconcile_after <= ${ts(now)})
                and (reconcile_lease_until is null or reconcile_lease_until <= ${ts(now)})
                and (status <> 'pending_submit' or created_at <= ${ts(pendingBefore)})
              order by coalesce(reconcile_after, created_at)
              limit ${o.limit}
              for update skip locked)
            returning id`
      )
      if (ids.length === 0) return []
      return db
        .select()
        .from(orders)
        .where(
          inArray(
            orders.id,
            ids.map((r) => r.id)
          )
        )
    },

    /** Oldest non-terminal order age, for readiness. */
    async oldestActive(): Promise<Date | null> {
      const [r] = await rowsOf<{ ms: string | number | null }>(
        db,
        sql`select (extract(epoch from min(created_at)) * 1000)::float8 as ms from orders
            where status in ('pending_submit', 'unknown', 'open', 'partially_filled')`
      )
      return r?.ms == null ? null : new Date(Number(r.ms))
    },
  }
}

export type OrdersRepository = ReturnType<typeof createOrdersRepository>
