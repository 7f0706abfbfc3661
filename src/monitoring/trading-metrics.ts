/**
 * @module Trading metrics computed in SQL from the trading tables (`orders`, `fills`; see
 * src/trading/README.md): orders and fills in a window, rejection and unknown rates, and
 * submit-to-ack latency percentiles.
 *
 * Definitions (the window is `(now − windowHours, now]`):
 * - orders: rows whose `created_at` is in the window, all modes; `byStatus` counts current status.
 * - fills: rows whose trade time `ts` is in the window.
 * - rejectionRate = orders now `rejected` ÷ orders; unknownRate = orders whose submission
 *   outcome was unknown (status `unknown` now, or `evidence.submit.outcome = 'unknown'` after
 *   reconciliation resolved it) ÷ orders. Both null when there are no orders.
 * - submit-to-ack latency: `submitted_at − created_at` of LIVE orders that got an exchange answer
 *   (`submitted_at` set, outcome not unknown). `created_at` is the row written just before the
 *   exchange call, `submitted_at` the moment its answer was stored. Paper orders fill in-process
 *   and are left out (an order recovered by reconciliation after a crash counts with the time
 *   reconciliation stored its answer). Percentiles are nearest-rank (`percentile_disc`): the smallest sample with
 *   at least p of the samples at or below it. Null without samples.
 */
import { sql } from 'drizzle-orm'
import { rowsOf } from '../db/execute.ts'
import type { Queryable } from '../db/types.ts'

export interface TradingMetrics {
  windowHours: number
  from: string
  to: string
  orders: {
    total: number
    byStatus: Record<string, number>
    rejected: number
    unknown: number
    rejectionRate: number | null
    unknownRate: number | null
  }
  fills: { total: number }
  submitToAckMs: {
    count: number
    p50: number | null
    p95: number | null
    p99: number | null
  }
}

export interface TradingMetricsSource {
  compute(now: Date, windowHours?: number): Promise<TradingMetrics>
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))

export function createSqlTradingMetrics(db: Queryable): TradingMetricsSource {
  return {
    async compute(now, windowHours = 24) {
      const from = new Date(now.getTime() - windowHours * 3_600_000)
      const inWindow = sql`created_at > ${ts(from)} and created_at <= ${ts(now)}`
      const unknownOutcome = sql`(status = 'unknown' or coalesce(evidence->'submit'->>'outcome', '') = 'unknown')`
      const [statuses, [fills], [latency]] = await Promise.all([
        rowsOf<{ status: string; n: number; unknown: number }>(
          db,
          sql`select status, count(*)::int as n, (count(*) filter (where ${unknownOutcome}))::int as unknown
              from orders where ${inWindow} group by status order by status`
        ),
        rowsOf<{ n: number }>(
          db,
          // Imported history is not trading done here, whatever its timestamps.
          sql`select count(*)::int as n from fills
              where ts > ${ts(from)} and ts <= ${ts(now)} and venue <> 'imported'`
        ),
        rowsOf<{ n: number; p50: unknown; p95: unknown; p99: unknown }>(
          db,
          sql`select count(*)::int as n,
                percentile_disc(0.5) within group (order by ms)::float8 as p50,
                percentile_disc(0.95) within group (order by ms)::float8 as p95,
                percentile_disc(0.99) within group (order by ms)::float8 as p99
              from (select extract(epoch from (submitted_at - created_at)) * 1000 as ms
                    from orders
                    where ${inWindow} and mode = 'live' and submitted_at is not null
                      and status <> 'pending_submit' and not ${unknownOutcome}) samples`
        ),
      ])
      const byStatus = Object.fromEntries(statuses.map((r) => [r.status, Number(r.n)]))
      const total = statuses.reduce((a, r) => a + Number(r.n), 0)
      const rejected = byStatus.rejected ?? 0
      const unknown = statuses.reduce((a, r) => a + Number(r.unknown), 0)
      return {
        windowHours,
        from: from.toISOString(),
        to: now.toISOString(),
        orders: {
          total,
          byStatus,
          rejected,
          unknown,
          rejectionRate: total === 0 ? null : rejected / total,
          unknownRate: total === 0 ? null : unknown / total,
        },
        fills: { total: Number(fills?.n ?? 0) },
        submitToAckMs: {
          count: Number(latency?.n ?? 0),
          p50: num(latency?.p50),
          p95: num(latency?.p95),
          p99: num(latency?.p99),
        },
      }
    },
  }
}
