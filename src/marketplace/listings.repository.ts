/**
 * @module Providers, listings and tiers: drizzle queries only. Management reads are scoped by the
 * owning provider, so another provider's listing looks exactly like a missing one.
 */
import { and, asc, count, desc, eq, exists, inArray, lt, or, sql } from 'drizzle-orm'
import type { Queryable } from '../db/types.ts'
import {
  marketplaceListings as listings,
  marketplaceProviders as providers,
  marketplaceSubscriptions as subscriptions,
  marketplaceTiers as tiers,
  type ListingStatus,
} from './marketplace.schema.ts'

export type ProviderRow = typeof providers.$inferSelect
export type ListingRow = typeof listings.$inferSelect
export type TierRow = typeof tiers.$inferSelect
export type TierWithCount = TierRow & { subscribers: number }
export type ListingWithProvider = ListingRow & {
  provider: { id: string; displayName: string; userId: string }
}

export interface NewTier {
  name: string
  price: string
  currency: string
  maxSubscribers: number
  maxSignalsPerDay: number
}

const listingColumns = {
  id: listings.id,
  providerId: listings.providerId,
  title: listings.title,
  description: listings.description,
  status: listings.status,
  createdAt: listings.createdAt,
  updatedAt: listings.updatedAt,
  provider: {
    id: providers.id,
    displayName: providers.displayName,
    userId: providers.userId,
  },
}

export function createListingsRepository(db: Queryable) {
  const withProvider = (q: Queryable) =>
    q
      .select(listingColumns)
      .from(listings)
      .innerJoin(providers, eq(providers.id, listings.providerId))

  return {
    /** Null when the user is a provider already. */
    async insertProvider(
      row: {
        id: string
        userId: string
        displayName: string
        legalName: string
        screeningReference: string | null
        screenedAt: Date
      },
      q: Queryable = db
    ): Promise<ProviderRow | null> {
      const [inserted] = await q
        .insert(providers)
        .values(row)
        .onConflictDoNothing({ target: providers.userId })
        .returning()
      return inserted ?? null
    },

    async providerOfUser(userId: string, q: Queryable = db): Promise<ProviderRow | null> {
      const [row] = await q.select().from(providers).where(eq(providers.userId, userId)).limit(1)
      return row ?? null
    },

    async insertListing(
      row: { providerId: string; title: string; description: string; now: Date },
      newTiers: NewTier[],
      q: Queryable
    ): Promise<ListingRow> {
      const [listing] = await q
        .insert(listings)
        .values({
          providerId: row.providerId,
          title: row.title,
          description: row.description,
          status: 'active',
          createdAt: row.now,
          updatedAt: row.now,
        })
        .returning()
      await q.insert(tiers).values(
        newTiers.map((t, position) => ({
          ...t,
          listingId: listing!.id,
          position,
          createdAt: row.now,
          updatedAt: row.now,
        }))
      )
      return listing!
    },

    /**
     * A listing as `viewerId` may see it: active ones, and in any status the viewer's own and
     * those the viewer still subscribes to.
     */
    async findVisible(id: string, viewerId: string, q: Queryable = db) {
      const subscribed = q
        .select({ one: sql`1` })
        .from(subscriptions)
        .where(
          and(
            eq(subscriptions.listingId, listings.id),
            eq(subscriptions.subscriberId, viewerId),
            eq(subscriptions.status, 'active')
          )
        )
      const [row] = await withProvider(q)
        .where(
          and(
            eq(listings.id, id),
            or(eq(listings.status, 'active'), eq(providers.userId, viewerId), exists(subscribed))
          )
        )
        .limit(1)
      return (row as ListingWithProvider | undefined) ?? null
    },

    /** The owner's listing, optionally locked for the rest of the transaction. */
    async findOwned(id: string, ownerId: string, q: Queryable = db, lock = false) {
      const query = withProvider(q)
        .where(and(eq(listings.id, id), eq(providers.userId, ownerId)))
        .limit(1)
      const [row] = lock ? await query.for('update', { of: listings }) : await query
      return (row as ListingWithProvider | undefined) ?? null
    },

    /** Newest first, `limit + 1` rows: active listings, or every listing of one owner. */
    async list(
      filter: { ownerId?: string; before?: string; limit: number },
      q: Queryable = db
    ): Promise<ListingWithProvider[]> {
      const rows = await withProvider(q)
        .where(
          and(
            filter.ownerId ? eq(providers.userId, filter.ownerId) : eq(listings.status, 'active'),
            filter.before ? lt(listings.id, filter.before) : undefined
          )
        )
        .orderBy(desc(listings.id))
        .limit(filter.limit + 1)
      return rows as ListingWithProvider[]
    },

    async updateListing(
      id: string,
      patch: { title?: string; description?: string; status?: ListingStatus; updatedAt: Date },
      q: Queryable
    ): Promise<void> {
      await q.update(listings).set(patch).where(eq(listings.id, id))
    },

    /** Tiers of the listings with their active subscriber counts, in display order. */
    async tiersOf(listingIds: string[], q: Queryable = db): Promise<TierWithCount[]> {
      if (listingIds.length === 0) return []
      const active = q
        .select({ tierId: subscriptions.tierId, n: count().as('n') })
        .from(subscriptions)
        .where(
          and(inArray(subscriptions.listingId, listingIds), eq(subscriptions.status, 'active'))
        )
        .groupBy(subscriptions.tierId)
        .as('active')
      const rows = await q
        .select({ tier: tiers, n: active.n })
        .from(tiers)
        .leftJoin(active, eq(active.tierId, tiers.id))
        .where(inArray(tiers.listingId, listingIds))
        .orderBy(asc(tiers.listingId), asc(tiers.position))
      return rows.map((r) => ({ ...r.tier, subscribers: Number(r.n ?? 0) }))
    },

    async insertTiers(listingId: string, add: NewTier[], from: number, now: Date, q: Queryable) {
      if (add.length === 0) return
      await q.insert(tiers).values(
        add.map((t, i) => ({
          ...t,
          listingId,
          position: from + i,
          createdAt: now,
          updatedAt: now,
        }))
      )
    },

    async updateTier(
      listingId: string,
      tierId: string,
      patch: Partial<NewTier> & { updatedAt: Date },
      q: Queryable
    ): Promise<boolean> {
      const rows = await q
        .update(tiers)
        .set(patch)
        .where(and(eq(tiers.id, tierId), eq(tiers.listingId, listingId)))
        .returning({ id: tiers.id })
      return rows.length === 1
    },

    /** The tier locked for the transaction (serialises subscriptions to it). */
    async lockTier(listingId: string, tierId: string, q: Queryable): Promise<TierRow | null> {
      const [row] = await q
        .select()
        .from(tiers)
        .where(and(eq(tiers.id, tierId), eq(tiers.listingId, listingId)))
        .for('update')
      return row ?? null
    },
  }
}

export type ListingsRepository = ReturnType<typeof createListingsRepository>
