/**
 * @module Exchange health probe results, one row per probe, pruned after the retention period.
 */
import { boolean, index, integer, pgTable, text } from 'drizzle-orm/pg-core'
import { id, timestamptz } from '../db/columns.ts'

export const exchangeProbes = pgTable(
  'exchange_probes',
  {
    id: id(),
    exchange: text().notNull(),
    /** The public market the probe read (a ticker). */
    symbol: text().notNull(),
    ok: boolean().notNull(),
    /** Wall time of the call as this instance measured it. */
    latencyMs: integer().notNull(),
    /** Gateway error kind (`unknown`, `unavailable`, `rate-limited`, `rejected`, `not-found`) or `internal`. */
    errorKind: text(),
    /** Error class name; never the message, which may carry exchange text. */
    errorName: text(),
    /** Rejection reason from the gateway's fixed vocabulary (e.g. `bad-symbol`). */
    errorReason: text(),
    /** The probing instance's circuit breaker for the exchange, after the probe. */
    circuitState: text({ enum: ['closed', 'open', 'half-open'] }).notNull(),
    consecutiveFailures: integer().notNull(),
    probedAt: timestamptz().notNull(),
  },
  (t) => [index().on(t.exchange, t.probedAt), index().on(t.probedAt)]
)
