/**
 * @module Monitoring alerts and the cases officers work them in: a case groups alerts and
 * screening hits about one subject, carries notes, and is closed with a resolution and a reason.
 */
import { sql } from 'drizzle-orm'
import {
  bigserial,
  check,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'
import { users } from '../auth/auth.schema.ts'
import { id, timestamps, timestamptz } from '../db/columns.ts'
import { screeningResults } from './sanctions.schema.ts'

export const RESOLUTIONS = [
  'false_positive',
  'no_suspicious_activity',
  'escalated',
  'reported',
  'account_restricted',
] as const
export type Resolution = (typeof RESOLUTIONS)[number]

export const complianceAlerts = pgTable(
  'compliance_alerts',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    /** The order whose check raised the alert. */
    orderId: text().notNull(),
    ruleId: text().notNull(),
    severity: text({ enum: ['review', 'suspicious'] }).notNull(),
    message: text().notNull(),
    /** The figures the rule looked at (money as decimal strings). */
    inputs: jsonb().$type<Record<string, string | number>>().notNull(),
    /** Each threshold applied, with its value and the source of the number. */
    thresholds: jsonb()
      .$type<Record<string, { value: string | number; source: string }>>()
      .notNull(),
    score: doublePrecision().notNull(),
    /** The orders forming the pattern, the new one included. */
    orderIds: text().array().notNull(),
    /** The pre-trade decision of the check that raised it. */
    decision: text({ enum: ['approved', 'review', 'requires_kyc', 'blocked'] }).notNull(),
    status: text({ enum: ['open', 'resolved'] }).notNull(),
    resolution: text({ enum: RESOLUTIONS }),
    resolutionReason: text(),
    resolvedBy: uuid().references(() => users.id),
    resolvedAt: timestamptz(),
    createdAt: timestamptz().notNull(),
  },
  (t) => [index().on(t.userId), index().on(t.status, t.id), index().on(t.ruleId)]
)

export const complianceCases = pgTable(
  'compliance_cases',
  {
    id: id(),
    subjectUserId: uuid().references(() => users.id),
    title: text().notNull(),
    origin: text({ enum: ['monitoring', 'screening', 'manual'] }).notNull(),
    status: text({ enum: ['open', 'assigned', 'closed'] }).notNull(),
    assigneeId: uuid().references(() => users.id),
    /** The officer who opened it; null when the system did. */
    openedBy: uuid().references(() => users.id),
    resolution: text({ enum: RESOLUTIONS }),
    closeReason: text(),
    closedBy: uuid().references(() => users.id),
    closedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    index().on(t.subjectUserId, t.status),
    index().on(t.status, t.id),
    index().on(t.createdAt),
    check(
      'compliance_cases_closed_check',
      sql`(${t.status} = 'closed') = (${t.resolution} is not null and ${t.closeReason} is not null and ${t.closedAt} is not null)`
    ),
  ]
)

export const caseItems = pgTable(
  'case_items',
  {
    id: id(),
    caseId: uuid()
      .notNull()
      .references(() => complianceCases.id),
    kind: text({ enum: ['alert', 'screening'] }).notNull(),
    alertId: uuid().references(() => complianceAlerts.id),
    screeningId: uuid().references(() => screeningResults.id),
    addedBy: uuid().references(() => users.id),
    addedAt: timestamptz().notNull(),
  },
  (t) => [
    unique('case_items_alert_unique').on(t.caseId, t.alertId),
    unique('case_items_screening_unique').on(t.caseId, t.screeningId),
    index().on(t.alertId),
    check(
      'case_items_one_subject_check',
      sql`(${t.kind} = 'alert' and ${t.alertId} is not null and ${t.screeningId} is null) or (${t.kind} = 'screening' and ${t.screeningId} is not null and ${t.alertId} is null)`
    ),
  ]
)

export const caseNotes = pgTable(
  'case_notes',
  {
    id: id(),
    /** Insertion order, for reading a case's notes as written. */
    seq: bigserial({ mode: 'number' }).notNull().unique(),
    caseId: uuid()
      .notNull()
      .references(() => complianceCases.id),
    authorId: uuid()
      .notNull()
      .references(() => users.id),
    body: text().notNull(),
    createdAt: timestamptz().notNull(),
  },
  (t) => [index().on(t.caseId, t.seq)]
)
