/**
 * @module The user's order history as the compliance check sees it: each order with its USD value
 * at order time.
 *
 * `OrderHistorySource` is what the check reads. The default implementation reads the values the
 * check itself recorded (`compliance_order_values`, written in each order's own transaction, so a
 * value exists exactly when its order was committed). Once the orders table exists, bind a source
 * that also drops orders the exchange rejected, e.g. (see README):
 *
 * ```sql
 * select v.order_id, v.usd, v.at from compliance_order_values v
 *   join orders o on o.id::text = v.order_id
 *  where v.user_id = $1 and v.at >= $2 and o.status <> 'rejected'
 * ```
 */
import { and, asc, eq, gte, sql } from 'drizzle-orm'
import { rowsOf } from '../db/execute.ts'
import type { Queryable } from '../db/types.ts'
import { D, fromDb, toDb, type Dec } from '../lib/money.ts'
import type { OrderValue } from './monitoring/types.ts'
import { complianceOrderValues } from './pre-trade.schema.ts'

export interface OrderHistorySource {
  /**
   * The user's orders placed at or after `since` that count for limits and monitoring (not
   * rejected ones), oldest first. Runs on `q`, the order's transaction when there is one.
   */
  ordersSince(userId: string, since: Date, q: Queryable): Promise<OrderValue[]>
}

export interface CheckedOrderValue {
  orderId: string
  userId: string
  usd: Dec
  venue: string
  symbol: string
  mode: string | null
  quoteCurrency: string
  usdRate: Dec
  at: Date
}

export function createOrderValues(db: Queryable) {
  return {
    /** Stores the value of an order the check let through; a repeated order id is kept once. */
    async record(v: CheckedOrderValue, q: Queryable = db): Promise<void> {
      await q
        .insert(complianceOrderValues)
        .values({ ...v, usd: toDb(v.usd), usdRate: toDb(v.usdRate) })
        .onConflictDoNothing({ target: complianceOrderValues.orderId })
    },

    async ordersSince(userId: string, since: Date, q: Queryable = db): Promise<OrderValue[]> {
      const rows = await q
        .select({
          id: complianceOrderValues.orderId,
          usd: complianceOrderValues.usd,
          at: complianceOrderValues.at,
        })
        .from(complianceOrderValues)
        .where(and(eq(complianceOrderValues.userId, userId), gte(complianceOrderValues.at, since)))
        .orderBy(asc(complianceOrderValues.at))
      return rows.map((r) => ({ id: r.id, usd: fromDb(r.usd)!, at: r.at }))
    },
  }
}

export type OrderValues = ReturnType<typeof createOrderValues>

/**
 * Only the values the check recorded, whatever became of the orders: what the compliance feature
 * sees on its own (tests that call the check without placing orders use this).
 */
export function recordedValuesHistory(): OrderHistorySource {
  return { ordersSince: (userId, since, q) => createOrderValues(q).ordersSince(userId, since, q) }
}

/**
 * The history the platform uses: the values the check recorded, joined to the orders table so an
 * order the exchange rejected no longer counts towards limits and monitoring.
 */
export function ordersTableHistory(): OrderHistorySource {
  return {
    async ordersSince(userId, since, q) {
      const rows = await rowsOf<{ id: string; usd: string; at_ms: number | string }>(
        q,
        sql`select v.order_id as id, v.usd::text as usd, (extract(epoch from v.at) * 1000)::float8 as at_ms
              from compliance_order_values v
              join orders o on o.id::text = v.order_id
             where v.user_id = ${userId} and v.at >= ${since.toISOString()}::timestamptz
               and o.status <> 'rejected'
             order by v.at`
      )
      return rows.map((r) => ({ id: r.id, usd: new D(r.usd), at: new Date(Number(r.at_ms)) }))
    },
  }
}
