/**
 * @module Subscriptions and signals. Quotas are enforced under row locks, so concurrent requests
 * on many instances cannot exceed them: the tier row serialises its subscriptions, the listing
 * row its publications. Exceeding a quota is a 429 naming the quota.
 */
import { assertScope, auditMeta, type Actor } from '../auth/actor.ts'
import type { AuditLog } from '../compliance/audit-log/audit-log.ts'
import type { Db } from '../db/types.ts'
import type { Page, PageParams } from '../http/pagination.ts'
import { toPage } from '../http/pagination.ts'
import { utcDay, type Clock } from '../lib/clock.ts'
import { dec, toDb } from '../lib/money.ts'
import { ProblemError, problems } from '../lib/problem.ts'
import type { ListingsRepository } from './listings.repository.ts'
import type { PublishSignalInput } from './marketplace.schemas.ts'
import type { SignalsRepository } from './signals.repository.ts'
import { signalView, subscriptionView } from './views.ts'

const notFound = () => problems.notFound('No such listing.')

export interface Quota {
  name: 'maxSubscribers' | 'maxSignalsPerDay'
  limit: number
  used: number
  tierId?: string
  resetsAt?: string
}

/** 429 with the quota in the body; `Retry-After` only when the quota resets at a known time. */
export function quotaExceeded(quota: Quota, detail: string, retryAfterSeconds?: number) {
  return new ProblemError({
    status: 429,
    type: 'quota-exceeded',
    detail,
    extra: { quota },
    headers:
      retryAfterSeconds === undefined
        ? undefined
        : { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  })
}

const optionalDb = (s: string | undefined) => (s === undefined ? null : toDb(dec(s)))

export function createSubscriptionsService(deps: {
  db: Db
  listings: ListingsRepository
  signals: SignalsRepository
  auditLog: AuditLog
  clock: Clock
}) {
  const { db, listings, signals, auditLog, clock } = deps

  return {
    async subscribe(actor: Actor, listingId: string, input: { tierId: string }) {
      assertScope(actor, 'trade')
      const userId = actor.principal.userId
      return db.transaction(async (tx) => {
        const listing = await listings.findVisible(listingId, userId, tx)
        if (!listing) throw notFound()
        if (listing.provider.userId === userId) {
          throw problems.forbidden(
            'Providers cannot subscribe to their own listing.',
            'self-subscription'
          )
        }
        if (listing.status !== 'active') {
          throw problems.conflict('This listing is closed.', 'listing-closed')
        }
        const tier = await listings.lockTier(listingId, input.tierId, tx)
        if (!tier) {
          throw problems.validation([{ path: 'tierId', message: 'is not a tier of this listing' }])
        }
        if (await signals.activeSubscription(listingId, userId, tx)) {
          throw problems.conflict('You subscribe to this listing already.', 'already-subscribed')
        }
        const used = await signals.countActiveInTier(tier.id, tx)
        if (used >= tier.maxSubscribers) {
          throw quotaExceeded(
            { name: 'maxSubscribers', limit: tier.maxSubscribers, used, tierId: tier.id },
            `The tier "${tier.name}" is full (${tier.maxSubscribers} subscribers).`
          )
        }
        const row = await signals.insertSubscription(
          {
            listingId,
            tierId: tier.id,
            subscriberId: userId,
            price: tier.price,
            currency: tier.currency,
            createdAt: clock.now(),
          },
          tx
        )
        // Another request of the same user won the unique index between our check and insert.
        if (!row)
          throw problems.conflict('You subscribe to this listing already.', 'already-subscribed')
        await auditLog.append(
          {
            ...auditMeta(actor),
            action: 'marketplace.subscription.created',
            subject: `marketplace_subscription:${row.id}`,
            details: {
              listingId,
              tierId: tier.id,
              price: dec(tier.price).toFixed(),
              currency: tier.currency,
            },
          },
          tx
        )
        return subscriptionView(row)
      })
    },

    async unsubscribe(actor: Actor, listingId: string): Promise<void> {
      assertScope(actor, 'trade')
      await db.transaction(async (tx) => {
        const row = await signals.cancelSubscription(
          listingId,
          actor.principal.userId,
          clock.now(),
          tx
        )
        if (!row) throw problems.notFound('You have no active subscription to this listing.')
        await auditLog.append(
          {
            ...auditMeta(actor),
            action: 'marketplace.subscription.cancelled',
            subject: `marketplace_subscription:${row.id}`,
            details: { listingId },
          },
          tx
        )
      })
    },

    async publish(actor: Actor, listingId: string, input: PublishSignalInput) {
      assertScope(actor, 'trade')
      const now = clock.now()
      const day = utcDay(now)
      return db.transaction(async (tx) => {
        const listing = await listings.findOwned(listingId, actor.principal.userId, tx, true)
        if (!listing) throw notFound()
        if (listing.status !== 'active') {
          throw problems.conflict('This listing is closed.', 'listing-closed')
        }
        const tiers = await listings.tiersOf([listingId], tx)
        const limit = Math.max(...tiers.map((t) => t.maxSignalsPerDay))
        const used = await signals.countOnDay(listingId, day, tx)
        if (used >= limit) {
          const resetsAt = new Date(`${day}T00:00:00Z`).getTime() + 86_400_000
          throw quotaExceeded(
            { name: 'maxSignalsPerDay', limit, used, resetsAt: new Date(resetsAt).toISOString() },
            `This listing's tiers allow at most ${limit} signals per UTC day.`,
            (resetsAt - now.getTime()) / 1000
          )
        }
        const row = await signals.insertSignal(
          {
            listingId,
            day,
            dayIndex: used + 1,
            symbol: input.symbol,
            side: input.side,
            price: optionalDb(input.price),
            stopLoss: optionalDb(input.stopLoss),
            takeProfit: optionalDb(input.takeProfit),
            note: input.note ?? null,
            publishedAt: now,
          },
          tx
        )
        return signalView(row)
      })
    },

    /**
     * Signals the caller may read. Naming a listing checks access first: a listing the caller
     * cannot see is 404, one they neither own nor subscribe to is 403.
     */
    async read(
      actor: Actor,
      query: PageParams & { listingId?: string }
    ): Promise<Page<ReturnType<typeof signalView>>> {
      assertScope(actor, 'read')
      const userId = actor.principal.userId
      if (query.listingId) {
        const listing = await listings.findVisible(query.listingId, userId)
        if (!listing) throw notFound()
        if (
          listing.provider.userId !== userId &&
          !(await signals.activeSubscription(listing.id, userId))
        ) {
          throw problems.forbidden(
            'Only active subscribers can read these signals.',
            'subscription-required'
          )
        }
      }
      const rows = await signals.readable(userId, {
        listingId: query.listingId,
        before: query.cursor,
        limit: query.limit,
      })
      return toPage(rows, query.limit, signalView)
    },
  }
}

export type SubscriptionsService = ReturnType<typeof createSubscriptionsService>
