/**
 * @module The append-only, hash-chained audit log (chain.ts). A trigger (migration
 * `0002_audit_log_append_only`) refuses UPDATE, DELETE and TRUNCATE.
 */
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import type { JsonValue } from './chain.ts'

export const auditLog = pgTable(
  'audit_log',
  {
    /** Insertion order: the chain is read back by `seq`, never by time. */
    seq: bigserial({ mode: 'number' }).notNull().unique(),
    id: uuid().primaryKey(),
    /** Millisecond precision, as hashed. */
    occurredAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull(),
    /** Acting user; null for the system (CLI, jobs). No foreign key: the log outlives accounts. */
    actorId: uuid(),
    action: text().notNull(),
    subject: text(),
    requestId: text(),
    ip: text(),
    details: jsonb().$type<JsonValue>().notNull(),
    prevHash: text().notNull(),
    hash: text().notNull().unique(),
  },
  (t) => [index().on(t.actorId), index().on(t.action)]
)
