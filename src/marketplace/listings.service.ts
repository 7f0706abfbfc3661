/**
 * @module Listings and their tiers: create (providers only), browse, read (with the provider's
 * performance from real fills), and change (owner only; another user's listing is a 404).
 */
import { assertScope, auditMeta, type Actor } from '../auth/actor.ts'
import type { AuditLog } from '../compliance/audit-log/audit-log.ts'
import type { Db } from '../db/types.ts'
import type { Page, PageParams } from '../http/pagination.ts'
import { toPage } from '../http/pagination.ts'
import type { Clock } from '../lib/clock.ts'
import { toDb, dec } from '../lib/money.ts'
import { problems, type FieldError } from '../lib/problem.ts'
import type { ListingsRepository, NewTier, TierWithCount } from './listings.repository.ts'
import { MAX_TIERS, type PatchListingInput, type TierPatchInput } from './marketplace.schemas.ts'
import { PERFORMANCE_DESCRIPTION, type ProviderPerformanceSource } from './performance-source.ts'
import type { SignalsRepository } from './signals.repository.ts'
import { listingView, subscriptionView, type ListingView } from './views.ts'

const notFound = () => problems.notFound('No such listing.')

const dbTier = (t: NewTier): NewTier => ({ ...t, price: toDb(dec(t.price)) })

export function createListingsService(deps: {
  db: Db
  listings: ListingsRepository
  signals: SignalsRepository
  performance: ProviderPerformanceSource
  auditLog: AuditLog
  clock: Clock
}) {
  const { db, listings, signals, performance, auditLog, clock } = deps

  async function view(id: string, viewerId: string): Promise<ListingView> {
    const row = await listings.findVisible(id, viewerId)
    if (!row) throw notFound()
    return listingView(row, await listings.tiersOf([id]))
  }

  return {
    async create(
      actor: Actor,
      input: { title: string; description: string; tiers: NewTier[] }
    ): Promise<ListingView> {
      assertScope(actor, 'trade')
      const provider = await listings.providerOfUser(actor.principal.userId)
      if (!provider) {
        throw problems.forbidden(
          'Register as a provider first: POST /v1/marketplace/providers.',
          'provider-required'
        )
      }
      const duplicate = duplicateNames(input.tiers.map((t) => t.name))
      if (duplicate.length > 0) throw problems.validation(duplicate)
      const now = clock.now()
      const id = await db.transaction(async (tx) => {
        const listing = await listings.insertListing(
          { providerId: provider.id, title: input.title, description: input.description, now },
          input.tiers.map(dbTier),
          tx
        )
        await auditLog.append(
          {
            ...auditMeta(actor),
            action: 'marketplace.listing.created',
            subject: `marketplace_listing:${listing.id}`,
            details: {
              title: input.title,
              tiers: input.tiers.map((t) => ({
                name: t.name,
                price: t.price,
                currency: t.currency,
              })),
            },
          },
          tx
        )
        return listing.id
      })
      return view(id, actor.principal.userId)
    },

    async list(actor: Actor, page: PageParams & { mine?: boolean }): Promise<Page<ListingView>> {
      const rows = await listings.list({
        ownerId: page.mine ? actor.principal.userId : undefined,
        before: page.cursor,
        limit: page.limit,
      })
      const shown = rows.slice(0, page.limit)
      const tiers = await listings.tiersOf(shown.map((r) => r.id))
      return toPage(rows, page.limit, (r) => listingView(r, tiers))
    },

    async get(actor: Actor, id: string) {
      const viewerId = actor.principal.userId
      const row = await listings.findVisible(id, viewerId)
      if (!row) throw notFound()
      const [tiers, perf, subscription] = await Promise.all([
        listings.tiersOf([id]),
        performance.performanceOf(row.provider.userId),
        signals.activeSubscription(id, viewerId),
      ])
      return {
        ...listingView(row, tiers),
        performance: { description: PERFORMANCE_DESCRIPTION, ...perf },
        subscription: subscription ? subscriptionView(subscription) : null,
      }
    },

    async update(actor: Actor, id: string, patch: PatchListingInput): Promise<ListingView> {
      assertScope(actor, 'trade')
      const now = clock.now()
      await db.transaction(async (tx) => {
        const row = await listings.findOwned(id, actor.principal.userId, tx, true)
        if (!row) throw notFound()
        const existing = await listings.tiersOf([id], tx)
        const { updates, additions } = planTierChanges(existing, patch.tiers ?? [])
        await listings.updateListing(
          id,
          {
            title: patch.title,
            description: patch.description,
            status: patch.status,
            updatedAt: now,
          },
          tx
        )
        for (const u of updates) {
          const { id: tierId, ...fields } = u
          const set =
            fields.price === undefined ? fields : { ...fields, price: toDb(dec(fields.price)) }
          await listings.updateTier(id, tierId, { ...set, updatedAt: now }, tx)
        }
        await listings.insertTiers(id, additions.map(dbTier), existing.length, now, tx)
        await auditLog.append(
          {
            ...auditMeta(actor),
            action: 'marketplace.listing.updated',
            subject: `marketplace_listing:${id}`,
            details: {
              fields: Object.keys(patch).filter((k) => k !== 'tiers'),
              tiersChanged: updates.map((u) => u.id),
              tiersAdded: additions.map((a) => a.name),
              ...(patch.status && { status: patch.status }),
            },
          },
          tx
        )
      })
      return view(id, actor.principal.userId)
    },
  }
}

function duplicateNames(names: string[]): FieldError[] {
  const seen = new Set<string>()
  const errors: FieldError[] = []
  names.forEach((n, i) => {
    const key = n.toLowerCase()
    if (seen.has(key)) errors.push({ path: `tiers.${i}.name`, message: 'Tier names must differ.' })
    seen.add(key)
  })
  return errors
}

/** Splits a tier patch into changes of existing tiers and new tiers; 422 for anything invalid. */
function planTierChanges(existing: TierWithCount[], patch: TierPatchInput[]) {
  const errors: FieldError[] = []
  const updates: (Partial<NewTier> & { id: string })[] = []
  const additions: NewTier[] = []
  const names = new Map(existing.map((t) => [t.id, t.name]))
  patch.forEach((t, i) => {
    if (t.id !== undefined) {
      if (!names.has(t.id)) {
        errors.push({ path: `tiers.${i}.id`, message: 'is not a tier of this listing' })
        return
      }
      const { id, ...fields } = t
      if (fields.name !== undefined) names.set(id, fields.name)
      updates.push({ id, ...fields })
      return
    }
    const missing = (
      ['name', 'price', 'currency', 'maxSubscribers', 'maxSignalsPerDay'] as const
    ).filter((k) => t[k] === undefined)
    for (const k of missing)
      errors.push({ path: `tiers.${i}.${k}`, message: 'is required for a new tier' })
    if (missing.length === 0) {
      additions.push(t as NewTier)
      names.set(`new:${i}`, t.name!)
    }
  })
  if (existing.length + additions.length > MAX_TIERS) {
    errors.push({ path: 'tiers', message: `A listing has at most ${MAX_TIERS} tiers.` })
  }
  errors.push(...duplicateNames([...names.values()]).map((e) => ({ ...e, path: 'tiers' })))
  if (errors.length > 0) throw problems.validation(errors)
  return { updates, additions }
}

export type ListingsService = ReturnType<typeof createListingsService>
