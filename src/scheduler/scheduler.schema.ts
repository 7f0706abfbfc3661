/**
 * @module Table of scheduled-job leases: many instances, one run per interval.
 */
import { integer, pgTable, text } from 'drizzle-orm/pg-core'
import { timestamptz } from '../db/columns.ts'

export const jobLeases = pgTable('job_leases', {
  name: text().primaryKey(),
  /** Instance holding the lease while a run is in progress. */
  owner: text(),
  /** A run in progress holds the lease until then; a crashed run's lease simply expires. */
  lockedUntil: timestamptz().notNull(),
  /** Earliest time the next run may start. */
  nextRunAt: timestamptz().notNull(),
  lastStartedAt: timestamptz(),
  lastSuccessAt: timestamptz(),
  lastFailureAt: timestamptz(),
  /** Error class of the last failure (never its message: it may hold data). */
  lastError: text(),
  runs: integer().notNull().default(0),
  failures: integer().notNull().default(0),
})
