/**
 * @module Sanctions lists in the database: each imported version with its entries, aliases and ID
 * numbers (one active version per list name), and every screening with its result.
 */
import { sql } from 'drizzle-orm'
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { users } from '../auth/auth.schema.ts'
import { id, timestamptz } from '../db/columns.ts'

export const sanctionsLists = pgTable(
  'sanctions_lists',
  {
    id: id(),
    /** `SDN` unless the import says otherwise. */
    name: text().notNull(),
    version: text().notNull(),
    importedAt: timestamptz().notNull(),
    active: boolean().notNull(),
    entryCount: integer().notNull(),
    aliasCount: integer().notNull(),
    idNumberCount: integer().notNull(),
    /** Hex SHA-256 of the files as imported. */
    sdnSha256: text().notNull(),
    altSha256: text(),
    /** Approved users were screened again against this version (see screening.service.ts). */
    rescreenedAt: timestamptz(),
    /** A re-screen run holds the version until then (a crashed run is retried after it). */
    rescreenLeaseUntil: timestamptz(),
  },
  (t) => [
    unique('sanctions_lists_name_version_unique').on(t.name, t.version),
    uniqueIndex('sanctions_lists_one_active_per_name')
      .on(t.name)
      .where(sql`${t.active}`),
  ]
)

export const sanctionsEntries = pgTable(
  'sanctions_entries',
  {
    listId: uuid()
      .notNull()
      .references(() => sanctionsLists.id, { onDelete: 'cascade' }),
    entNum: integer().notNull(),
    name: text().notNull(),
    type: text({ enum: ['individual', 'entity', 'vessel', 'aircraft'] }).notNull(),
    programs: text().array().notNull(),
    title: text(),
    remarks: text(),
  },
  (t) => [primaryKey({ columns: [t.listId, t.entNum] })]
)

export const sanctionsAliases = pgTable(
  'sanctions_aliases',
  {
    listId: uuid()
      .notNull()
      .references(() => sanctionsLists.id, { onDelete: 'cascade' }),
    altNum: integer().notNull(),
    entNum: integer().notNull(),
    altType: text().notNull(),
    name: text().notNull(),
    remarks: text(),
  },
  (t) => [primaryKey({ columns: [t.listId, t.altNum] }), index().on(t.listId, t.entNum)]
)

export const sanctionsIdNumbers = pgTable(
  'sanctions_id_numbers',
  {
    listId: uuid()
      .notNull()
      .references(() => sanctionsLists.id, { onDelete: 'cascade' }),
    entNum: integer().notNull(),
    ordinal: integer().notNull(),
    kind: text().notNull(),
    value: text().notNull(),
    /** Comparison key (sanctions/id-numbers.ts). */
    key: text().notNull(),
    country: text(),
  },
  (t) => [primaryKey({ columns: [t.listId, t.entNum, t.ordinal] })]
)

export const SCREENING_CONTEXTS = ['kyc', 'rescreen', 'provider', 'on_demand'] as const
export type ScreeningContext = (typeof SCREENING_CONTEXTS)[number]

export interface StoredMatch {
  entNum: number
  name: string
  matchedName: string
  score: number
  list: string
  programs: string[]
  type: string
  matchedOn: 'name' | 'id'
}

export const screeningResults = pgTable(
  'screening_results',
  {
    id: id(),
    context: text({ enum: SCREENING_CONTEXTS }).notNull(),
    subjectUserId: uuid().references(() => users.id),
    kycProfileId: uuid(),
    /** The marketplace's reference for a provider screening. */
    providerRef: text(),
    /**
     * The name screened, for on-demand and provider screenings only: a KYC name stays sealed in its
     * profile and is found through `kycProfileId`.
     */
    queryName: text(),
    queryType: text(),
    /** `[{ name, version }]` of the lists screened against. */
    lists: jsonb().$type<{ name: string; version: string }[]>().notNull(),
    threshold: doublePrecision().notNull(),
    matches: jsonb().$type<StoredMatch[]>().notNull(),
    topScore: doublePrecision(),
    hit: boolean().notNull(),
    /** The officer for on-demand screenings; null for the system. */
    screenedBy: uuid().references(() => users.id),
    createdAt: timestamptz().notNull(),
  },
  (t) => [index().on(t.subjectUserId), index().on(t.kycProfileId)]
)
