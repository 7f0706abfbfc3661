/**
 * @module Subscriptions and signals: drizzle queries only. What a reader may see is decided in
 * SQL (owner, or active subscriber within the tier's daily entitlement), never after fetching.
 */
import { and, count, desc, eq, lt, or, sql } from 'drizzle-orm'
import type { Queryable } from '../db/types.ts'
import {
  marketplaceListings as listings,
  marketplaceProviders as providers,
  marketplaceSignals as signals,
  marketplaceSubscriptions as subscriptions,
  marketplaceTiers as tiers,
} from './marketplace.schema.ts'

export type SubscriptionRow = typeof subscriptions.$inferSelect
export type SignalRow = typeof signals.$inferSelect

export interface NewSignal {
  symbol: string
  side: 'buy' | 'sell'
  price: string | null
  stopLoss: string | null
  takeProfit: string | null
  note: string | null
}

export function createSignalsRepository(db: Queryable) {
  return {
    async activeSubscription(
      listingId: string,
      subscriberId: string,
      q: Queryable = db
    ): Promise<SubscriptionRow | null> {
      const [row] = await q
        .select()
        .from(subscriptions)
        .where(
          and(
            eq(subscriptions.listingId, listingId),
            eq(subscriptions.subscriberId, subscriberId),
            eq(subscriptions.status, 'active')
          )
        )
        .limit(1)
      return row ?? null
    },

    async countActiveInTier(tierId: string, q: Queryable): Promise<number> {
      const [row] = await q
        .select({ n: count() })
        .from(subscriptions)
        .where(and(eq(subscriptions.tierId, tierId), eq(subscriptions.status, 'active')))
      return Number(row?.n ?? 0)
    },

    /** Null when the user already has an active subscription to the listing (unique index). */
    async insertSubscription(
      row: {
        listingId: string
        tierId: string
        subscriberId: string
        price: string
        currency: string
        createdAt: Date
      },
      q: Queryable
    ): Promise<SubscriptionRow | null> {
      const [inserted] = await q
        .insert(subscriptions)
        .values({ ...row, status: 'active' })
        .onConflictDoNothing()
        .returning()
      return inserted ?? null
    },

    async cancelSubscription(
      listingId: string,
      subscriberId: string,
      now: Date,
      q: Queryable
    ): Promise<SubscriptionRow | null> {
      const [row] = await q
        .update(subscriptions)
        .set({ status: 'cancelled', cancelledAt: now })
        .where(
          and(
            eq(subscriptions.listingId, listingId),
            eq(subscriptions.subscriberId, subscriberId),
            eq(subscriptions.status, 'active')
          )
        )
        .returning()
      return row ?? null
    },

    /** Signals already published on the listing on that UTC day. */
    async countOnDay(listingId: string, day: string, q: Queryable): Promise<number> {
      const [row] = await q
        .select({ n: count() })
        .from(signals)
        .where(and(eq(signals.listingId, listingId), eq(signals.day, day)))
      return Number(row?.n ?? 0)
    },

    async insertSignal(
      row: NewSignal & { listingId: string; day: string; dayIndex: number; publishedAt: Date },
      q: Queryable
    ): Promise<SignalRow> {
      const [inserted] = await q.insert(signals).values(row).returning()
      return inserted!
    },

    /**
     * Signals `readerId` may read, newest first, `limit + 1` rows: every signal of the reader's
     * own listings, and of listings they actively subscribe to up to their tier's daily count.
     */
    async readable(
      readerId: string,
      filter: { listingId?: string; before?: string; limit: number },
      q: Queryable = db
    ): Promise<SignalRow[]> {
      const rows = await q
        .select({ signal: signals })
        .from(signals)
        .innerJoin(listings, eq(listings.id, signals.listingId))
        .innerJoin(providers, eq(providers.id, listings.providerId))
        .leftJoin(
          subscriptions,
          and(
            eq(subscriptions.listingId, signals.listingId),
            eq(subscriptions.subscriberId, readerId),
            eq(subscriptions.status, 'active')
          )
        )
        .leftJoin(tiers, eq(tiers.id, subscriptions.tierId))
        .where(
          and(
            or(
              eq(providers.userId, readerId),
              sql`${signals.dayIndex} <= ${tiers.maxSignalsPerDay}`
            ),
            filter.listingId ? eq(signals.listingId, filter.listingId) : undefined,
            filter.before ? lt(signals.id, filter.before) : undefined
          )
        )
        .orderBy(desc(signals.id))
        .limit(filter.limit + 1)
      return rows.map((r) => r.signal)
    },
  }
}

export type SignalsRepository = ReturnType<typeof createSignalsRepository>
