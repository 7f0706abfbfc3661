/**
 * @module KYC tables: one row per submission (kept, never overwritten) and the history of every
 * status change with who made it and why.
 */
import { sql } from 'drizzle-orm'
import {
  bigserial,
  check,
  index,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { users } from '../auth/auth.schema.ts'
import { id, timestamps, timestamptz } from '../db/columns.ts'
import type { EnvelopeRecord } from '../lib/envelope.ts'

export const KYC_STATUSES = [
  'not_started',
  'pending',
  'in_review',
  'approved',
  'rejected',
  'expired',
] as const
export type KycStatusValue = (typeof KYC_STATUSES)[number]
export const DOCUMENT_TYPES = [
  'passport',
  'national_id',
  'drivers_license',
  'residence_permit',
] as const
export type DocumentType = (typeof DOCUMENT_TYPES)[number]

export const kycProfiles = pgTable(
  'kyc_profiles',
  {
    id: id(),
    /** Insertion order: a user's KYC is their newest submission (ids of one millisecond tie). */
    seq: bigserial({ mode: 'number' }).notNull().unique(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    /** Never `not_started`: that is the absence of a row. */
    status: text({ enum: KYC_STATUSES }).notNull(),
    /** ISO 3166-1 alpha-2 country of residence. */
    country: text().notNull(),
    documentType: text({ enum: DOCUMENT_TYPES }).notNull(),
    /**
     * `{ legalName, dateOfBirth, address, documentNumber }` as JSON, sealed with AAD
     * `kyc_profiles:<id>:sensitive:<userId>` (lib/envelope.ts); rotated by `keys:rotate`.
     */
    sensitive: jsonb().$type<EnvelopeRecord>().notNull(),
    submittedAt: timestamptz().notNull(),
    /** Last officer decision. */
    decidedAt: timestamptz(),
    decidedBy: uuid().references(() => users.id),
    /** An approval may lapse: from this instant the profile counts as `expired`. */
    expiresAt: timestamptz(),
    /** Latest sanctions screening of this submission; null until a list was available. */
    lastScreeningId: uuid(),
    lastScreenedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    index().on(t.userId, t.seq),
    index().on(t.status),
    // One live submission per user: a second one while pending, in review or approved is refused.
    uniqueIndex('kyc_profiles_one_live_per_user')
      .on(t.userId)
      .where(sql`${t.status} in ('pending', 'in_review', 'approved')`),
    check(
      'kyc_profiles_status_check',
      sql`${t.status} in ('pending', 'in_review', 'approved', 'rejected', 'expired')`
    ),
  ]
)

/** Every status change of a submission: submissions, screening outcomes and officer decisions. */
export const kycDecisions = pgTable(
  'kyc_decisions',
  {
    id: id(),
    seq: bigserial({ mode: 'number' }).notNull().unique(),
    profileId: uuid()
      .notNull()
      .references(() => kycProfiles.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    fromStatus: text({ enum: KYC_STATUSES }).notNull(),
    toStatus: text({ enum: KYC_STATUSES }).notNull(),
    /** The officer; null for the system (submission, screening). */
    decidedBy: uuid().references(() => users.id),
    reason: text().notNull(),
    screeningId: uuid(),
    createdAt: timestamptz().notNull(),
  },
  (t) => [index().on(t.profileId, t.seq), index().on(t.userId)]
)
