/**
 * @module JSON views of marketplace rows: camelCase, money as canonical decimal strings, dates as
 * ISO strings. A provider's user id and legal name never appear in a public view.
 */
import { fromDb, toStr } from '../lib/money.ts'
import type { ListingWithProvider, ProviderRow, TierWithCount } from './listings.repository.ts'
import type { SignalRow, SubscriptionRow } from './signals.repository.ts'

const money = (s: string) => toStr(fromDb(s)!)
const moneyOrNull = (s: string | null) => (s === null ? null : money(s))

export interface TierView {
  id: string
  name: string
  price: string
  currency: string
  maxSubscribers: number
  maxSignalsPerDay: number
  /** Active subscriptions of the tier. */
  subscribers: number
}

export interface ListingView {
  id: string
  title: string
  description: string
  status: 'active' | 'closed'
  provider: { id: string; displayName: string }
  tiers: TierView[]
  createdAt: string
  updatedAt: string
}

export const tierView = (t: TierWithCount): TierView => ({
  id: t.id,
  name: t.name,
  price: money(t.price),
  currency: t.currency,
  maxSubscribers: t.maxSubscribers,
  maxSignalsPerDay: t.maxSignalsPerDay,
  subscribers: t.subscribers,
})

export function listingView(l: ListingWithProvider, tiers: TierWithCount[]): ListingView {
  return {
    id: l.id,
    title: l.title,
    description: l.description,
    status: l.status,
    provider: { id: l.provider.id, displayName: l.provider.displayName },
    tiers: tiers.filter((t) => t.listingId === l.id).map(tierView),
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
  }
}

/** The provider's own record (legal name included: only ever shown to that user). */
export const providerView = (p: ProviderRow) => ({
  id: p.id,
  displayName: p.displayName,
  legalName: p.legalName,
  screenedAt: p.screenedAt.toISOString(),
  createdAt: p.createdAt.toISOString(),
})

export const subscriptionView = (s: SubscriptionRow) => ({
  id: s.id,
  listingId: s.listingId,
  tierId: s.tierId,
  status: s.status,
  price: money(s.price),
  currency: s.currency,
  createdAt: s.createdAt.toISOString(),
  cancelledAt: s.cancelledAt?.toISOString() ?? null,
})

export const signalView = (s: SignalRow) => ({
  id: s.id,
  listingId: s.listingId,
  symbol: s.symbol,
  side: s.side,
  price: moneyOrNull(s.price),
  stopLoss: moneyOrNull(s.stopLoss),
  takeProfit: moneyOrNull(s.takeProfit),
  note: s.note,
  day: s.day,
  dayIndex: s.dayIndex,
  publishedAt: s.publishedAt.toISOString(),
})
