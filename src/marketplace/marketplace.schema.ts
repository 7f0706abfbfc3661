/**
 * @module Tables of the strategy marketplace: providers, listings with priced tiers and quotas,
 * subscriptions and the signals providers publish.
 */
import { sql } from 'drizzle-orm'
import { check, date, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from '../auth/auth.schema.ts'
import { id, money, timestamps, timestamptz } from '../db/columns.ts'

/** A user who publishes listings; registered only after a clear sanctions screening. */
export const marketplaceProviders = pgTable('marketplace_providers', {
  id: id(),
  userId: uuid()
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** Shown to subscribers. */
  displayName: text().notNull(),
  /** Legal person or company name: what is screened, never shown publicly. */
  legalName: text().notNull(),
  /** The compliance screening that cleared the provider (its id in `screening_results`). */
  screeningReference: text(),
  screenedAt: timestamptz().notNull(),
  ...timestamps,
})

export const LISTING_STATUSES = ['active', 'closed'] as const
export type ListingStatus = (typeof LISTING_STATUSES)[number]

export const marketplaceListings = pgTable(
  'marketplace_listings',
  {
    id: id(),
    providerId: uuid()
      .notNull()
      .references(() => marketplaceProviders.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    description: text().notNull(),
    /** Closed listings accept no subscriptions or signals and are hidden from other users. */
    status: text({ enum: LISTING_STATUSES }).notNull(),
    ...timestamps,
  },
  (t) => [index().on(t.providerId, t.id), index().on(t.status, t.id)]
)

export const marketplaceTiers = pgTable(
  'marketplace_tiers',
  {
    id: id(),
    listingId: uuid()
      .notNull()
      .references(() => marketplaceListings.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    /** Price per period in `currency` (recorded on each subscription; no payment processing here). */
    price: money().notNull(),
    currency: text().notNull(),
    /** Active subscriptions this tier accepts. */
    maxSubscribers: integer().notNull(),
    /** A subscriber of this tier receives each UTC day's first N signals of the listing. */
    maxSignalsPerDay: integer().notNull(),
    /** Display order within the listing. */
    position: integer().notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex().on(t.listingId, t.name),
    check('marketplace_tiers_price_check', sql`${t.price} >= 0`),
    check(
      'marketplace_tiers_quota_check',
      sql`${t.maxSubscribers} >= 1 and ${t.maxSignalsPerDay} >= 1`
    ),
  ]
)

export const SUBSCRIPTION_STATUSES = ['active', 'cancelled'] as const

export const marketplaceSubscriptions = pgTable(
  'marketplace_subscriptions',
  {
    id: id(),
    listingId: uuid()
      .notNull()
      .references(() => marketplaceListings.id, { onDelete: 'cascade' }),
    tierId: uuid()
      .notNull()
      .references(() => marketplaceTiers.id, { onDelete: 'cascade' }),
    subscriberId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text({ enum: SUBSCRIPTION_STATUSES }).notNull(),
    /** The tier's price when the subscription started. */
    price: money().notNull(),
    currency: text().notNull(),
    createdAt: timestamptz().notNull(),
    cancelledAt: timestamptz(),
  },
  (t) => [
    // One live subscription per user and listing; cancelled ones stay as history.
    uniqueIndex('marketplace_subscriptions_active_idx')
      .on(t.listingId, t.subscriberId)
      .where(sql`status = 'active'`),
    index().on(t.subscriberId, t.status),
    index().on(t.tierId, t.status),
  ]
)

export const SIGNAL_SIDES = ['buy', 'sell'] as const

export const marketplaceSignals = pgTable(
  'marketplace_signals',
  {
    id: id(),
    listingId: uuid()
      .notNull()
      .references(() => marketplaceListings.id, { onDelete: 'cascade' }),
    /** UTC day of publication and the signal's ordinal within it (1-based): tier entitlements. */
    day: date({ mode: 'string' }).notNull(),
    dayIndex: integer().notNull(),
    symbol: text().notNull(),
    side: text({ enum: SIGNAL_SIDES }).notNull(),
    price: money(),
    stopLoss: money(),
    takeProfit: money(),
    note: text(),
    publishedAt: timestamptz().notNull(),
  },
  (t) => [uniqueIndex().on(t.listingId, t.day, t.dayIndex), index().on(t.listingId, t.id)]
)
