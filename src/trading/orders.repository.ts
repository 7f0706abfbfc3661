/**
 * @module Queries of the order path: orders by key or id, pages of orders, fills and positions,
 * the numbers the risk checks need, and the reconciliation claim.
 */
import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm'
import { rowsOf } from '../db/execute.ts'
import type { Db, Queryable, Tx } from '../db/types.ts'
import { utcDay } from '../lib/clock.ts'
import { D, fromDb, ZERO, type Dec } from '../lib/money.ts'
import type { PageParams } from '../http/pagination.ts'
import { lockUserSql } from './fill-recorder.ts'
import { fills, orders, positions, type TradingMode } from './trading.schema.ts'
import type { FillRow, OrderRow, PositionRow } from './order-view.ts'

/** A timestamptz parameter: ISO text with a cast behaves the same on both drivers. */
export const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`

export const ACTIVE_STATUSES = ['pending_submit', 'unknown', 'open', 'partially_filled'] as const

/** Everything the pre-trade checks read, from one statement (after the user lock). */
export interface PreTradeState {
  /** An order already holding this idempotency key. */
  earlierId: string | null
  /** Active kill switch ids (`global`, `user:<id>`). */
  activeSwitches: string[]
  /** The user's limits row, or null when there is none (defaults apply). */
  limits: { maxOrderNotional: string | null; maxPositionNotional: string | null; maxDailyLoss: string | null; maxOpenOrders: number | null } | null
  exposure: ExposureNumbers
  /** The position row of the order's market (null when none), read under the user lock. */
  position: Record<string, string | null> | null
}

export interface ExposureNumbers {
  openOrders: number
  /** Unfilled base amount of open buy / sell orders on the symbol. */
  openBuy: Dec
  openSell: Dec
  position: Dec
  /** Σ realized PnL of the user's fills in this mode on the UTC day of `since` (mixed quotes summed). */
  realizedSince: Dec
}

function exposureColumns(o: { userId: string; mode: TradingMode; venue: string; symbol: string; since: Date }) {
  return sql`(select count(*) from orders where user_id = ${o.userId} and mode = ${o.mode}
       and status in ('pending_submit', 'unknown', 'open', 'partially_filled')) as open_orders,
    (select sum(amount - filled) from orders where user_id = ${o.userId} and mode = ${o.mode}
       and venue = ${o.venue} and symbol = ${o.symbol} and side = 'buy'
       and status in ('pending_submit', 'unknown', 'open', 'partially_filled')) as open_buy,
    (select sum(amount - filled) from orders where user_id = ${o.userId} and mode = ${o.mode}
       and venue = ${o.venue} and symbol = ${o.symbol} and side = 'sell'
       and status in ('pending_submit', 'unknown', 'open', 'partially_filled')) as open_sell,
    (select amount from positions where user_id = ${o.userId} and mode = ${o.mode}
       and venue = ${o.venue} and symbol = ${o.symbol}) as position,
    (select sum(realized_day_pnl) from positions where user_id = ${o.userId} and mode = ${o.mode}
       and realized_day = ${utcDay(o.since)}) as realized`
}

function exposureOf(r: Record<string, string | number | null | undefined>): ExposureNumbers {
  const n = (s: string | number | null | undefined) => (s == null ? ZERO : new D(s))
  return {
    openOrders: Number(r.open_orders ?? 0),
    openBuy: n(r.open_buy),
    openSell: n(r.open_sell),
    position: n(r.position),
    realizedSince: n(r.realized),
  }
}

export function createOrdersRepository(db: Db) {
  return {
    /** Serialises order placement and position writes per user for the rest of the transaction. */
    async lockUser(tx: Tx, userId: string): Promise<void> {
      await tx.execute(lockUserSql(userId))
    },

    async findByKey(q: Queryable, userId: string, key: string): Promise<OrderRow | undefined> {
      const [row] = await q
        .select()
        .from(orders)
        .where(and(eq(orders.userId, userId), eq(orders.idempotencyKey, key)))
      return row
    },

    async findById(q: Queryable, id: string, opts: { userId?: string; forUpdate?: boolean } = {}): Promise<OrderRow | undefined> {
      const where = opts.userId ? and(eq(orders.id, id), eq(orders.userId, opts.userId)) : eq(orders.id, id)
      const query = q.select().from(orders).where(where)
      const [row] = opts.forUpdate ? await query.for('update') : await query
      return row
    },

    async insert(tx: Tx, values: typeof orders.$inferInsert): Promise<OrderRow> {
      const [row] = await tx.insert(orders).values(values).returning()
      return row!
    },

    async update(q: Queryable, id: string, set: Partial<typeof orders.$inferInsert>): Promise<OrderRow> {
      const [row] = await q.update(orders).set(set).where(eq(orders.id, id)).returning()
      return row!
    },

    async page(userId: string, p: PageParams, filter: { status?: string; botId?: string; mode?: TradingMode } = {}): Promise<OrderRow[]> {
      const conds: SQL[] = [eq(orders.userId, userId)]
      if (p.cursor) conds.push(lt(orders.id, p.cursor))
      if (filter.status) conds.push(eq(orders.status, filter.status as OrderRow['status']))
      if (filter.botId) conds.push(eq(orders.botId, filter.botId))
      if (filter.mode) conds.push(eq(orders.mode, filter.mode))
      return db.select().from(orders).where(and(...conds)).orderBy(desc(orders.id)).limit(p.limit + 1)
    },

    async fillPage(userId: string, p: PageParams, filter: { orderId?: string; botId?: string; mode?: TradingMode } = {}): Promise<FillRow[]> {
      const conds: SQL[] = [eq(fills.userId, userId)]
      if (p.cursor) conds.push(lt(fills.id, p.cursor))
      if (filter.orderId) conds.push(eq(fills.orderId, filter.orderId))
      if (filter.botId) conds.push(eq(fills.botId, filter.botId))
      if (filter.mode) conds.push(eq(fills.mode, filter.mode))
      return db.select().from(fills).where(and(...conds)).orderBy(desc(fills.id)).limit(p.limit + 1)
    },

    async fillsOfOrder(q: Queryable, orderId: string): Promise<FillRow[]> {
      return q.select().from(fills).where(eq(fills.orderId, orderId)).orderBy(fills.ts, fills.id)
    },

    async positions(userId: string, mode?: TradingMode): Promise<PositionRow[]> {
      const conds: SQL[] = [eq(positions.userId, userId)]
      if (mode) conds.push(eq(positions.mode, mode))
      return db.select().from(positions).where(and(...conds)).orderBy(positions.venue, positions.symbol)
    },

    /** Open orders, position and the realized PnL since a time, in one round trip. */
    async exposure(q: Queryable, o: { userId: string; mode: TradingMode; venue: string; symbol: string; since: Date }): Promise<ExposureNumbers> {
      const [r] = await rowsOf<Record<string, string | number | null>>(q, sql`select ${exposureColumns(o)}`)
      return exposureOf(r ?? {})
    },

    /**
     * Takes the user's advisory lock, then reads the pre-trade state. Two statements on purpose:
     * in READ COMMITTED a statement's snapshot is taken when it starts, so only a read that starts
     * after the lock is granted sees what the previous holder committed.
     */
    async lockAndReadPreTradeState(tx: Tx, o: { userId: string; idempotencyKey: string; mode: TradingMode; venue: string; symbol: string; since: Date }): Promise<PreTradeState> {
      await tx.execute(lockUserSql(o.userId))
      return readPreTrade(tx, o)
    },

    /**
     * Claims up to `limit` orders that need reconciling, with a lease so that other instances
     * skip them (`FOR UPDATE SKIP LOCKED` makes concurrent claims disjoint).
     */
    async claimForReconcile(now: Date, o: { limit: number; leaseSeconds: number; pendingGraceSeconds: number }): Promise<OrderRow[]> {
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
      return db.select().from(orders).where(inArray(orders.id, ids.map((r) => r.id)))
    },

    async releaseLease(q: Queryable, id: string): Promise<void> {
      await q.update(orders).set({ reconcileLeaseUntil: null }).where(eq(orders.id, id))
    },

    async activeOrderIds(q: Queryable, filter: { userId?: string }): Promise<Array<{ id: string; userId: string }>> {
      const conds: SQL[] = [inArray(orders.status, ['open', 'partially_filled'])]
      if (filter.userId) conds.push(eq(orders.userId, filter.userId))
      return q.select({ id: orders.id, userId: orders.userId }).from(orders).where(and(...conds))
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

async function readPreTrade(
  q: Queryable,
  o: { userId: string; idempotencyKey: string; mode: TradingMode; venue: string; symbol: string; since: Date }
): Promise<PreTradeState> {
  const [r] = await rowsOf<Record<string, string | number | null>>(
    q,
    sql`select
      (select id::text from orders where user_id = ${o.userId} and idempotency_key = ${o.idempotencyKey}) as earlier_id,
      (select string_agg(id, ',') from kill_switches where id in ('global', ${`user:${o.userId}`}) and active) as switches,
      (select count(*) from risk_limits where user_id = ${o.userId}) as has_limits,
      (select max_order_notional::text from risk_limits where user_id = ${o.userId}) as max_order_notional,
      (select max_position_notional::text from risk_limits where user_id = ${o.userId}) as max_position_notional,
      (select max_daily_loss::text from risk_limits where user_id = ${o.userId}) as max_daily_loss,
      (select max_open_orders from risk_limits where user_id = ${o.userId}) as max_open_orders,
      (select json_build_object('amount', amount::text, 'averagePrice', average_price::text,
              'realizedPnl', realized_pnl::text, 'realizedDay', realized_day, 'realizedDayPnl', realized_day_pnl::text)
         from positions where user_id = ${o.userId} and mode = ${o.mode} and venue = ${o.venue} and symbol = ${o.symbol}) as pos,
      ${exposureColumns(o)}`
  )
  const row = r ?? {}
  const str = (k: string) => (row[k] == null ? null : String(row[k]))
  const state: PreTradeState = {
    earlierId: str('earlier_id'),
    activeSwitches: str('switches')?.split(',') ?? [],
    limits: Number(row.has_limits ?? 0) > 0
      ? { maxOrderNotional: str('max_order_notional'), maxPositionNotional: str('max_position_notional'), maxDailyLoss: str('max_daily_loss'), maxOpenOrders: row.max_open_orders == null ? null : Number(row.max_open_orders) }
      : null,
    exposure: exposureOf(row),
    position: (typeof row.pos === 'string' ? JSON.parse(row.pos) : (row.pos as unknown)) as PreTradeState['position'],
  }
  return state
}

export type OrdersRepository = ReturnType<typeof createOrdersRepository>

export const decOrZero = (s: string | null) => fromDb(s) ?? ZERO
