/**
 * @module Request and response schemas of the marketplace routes (valibot): they validate the
 * requests and document them in `/openapi.json`. Money is a decimal string, never a JSON number.
 */
import * as v from 'valibot'
import { PageQueryEntries } from '../http/pagination.ts'
import { isUuid } from '../lib/ids.ts'
import { dec, isDecimalString } from '../lib/money.ts'

export const MAX_TIERS = 10

/** A UUID string (ids in paths, bodies and queries: anything else is a 422). */
export const uuidString = (message: string) =>
  v.pipe(
    v.string(message),
    v.check((s: string) => isUuid(s), message)
  )

const text = (name: string, min: number, max: number) =>
  v.pipe(
    v.string(`${name} must be a string.`),
    v.trim(),
    v.minLength(min, `${name} is required.`),
    v.maxLength(max, `${name} must be at most ${max} characters.`)
  )

/** A plain decimal string within numeric(36,18); `positive` also refuses zero. */
const decimal = (name: string, positive: boolean) =>
  v.pipe(
    v.string(`${name} must be a decimal string such as "12.50".`),
    v.check(
      (s: string) => isDecimalString(s),
      `${name} must be a decimal string with at most 18 decimals.`
    ),
    v.check(
      (s: string) => !isDecimalString(s) || (positive ? dec(s).gt(0) : dec(s).gte(0)),
      positive ? `${name} must be greater than 0.` : `${name} must not be negative.`
    )
  )

const count = (name: string, max: number) =>
  v.pipe(
    v.number(`${name} must be a number.`),
    v.integer(`${name} must be a whole number.`),
    v.minValue(1, `${name} must be at least 1.`),
    v.maxValue(max, `${name} must be at most ${max}.`)
  )

const tierFields = {
  name: text('Tier name', 1, 40),
  price: decimal('Price', false),
  currency: v.pipe(
    v.string('Currency must be a string.'),
    v.regex(/^[A-Z0-9]{2,10}$/, 'Currency must be an upper-case code such as USD or USDT.')
  ),
  maxSubscribers: count('maxSubscribers', 1_000_000),
  maxSignalsPerDay: count('maxSignalsPerDay', 10_000),
}

export const TierInput = v.object(tierFields)

export const CreateListingBody = v.object({
  title: text('Title', 1, 120),
  description: text('Description', 0, 4000),
  tiers: v.pipe(
    v.array(TierInput, 'Tiers must be a list.'),
    v.minLength(1, 'Add at least one tier.'),
    v.maxLength(MAX_TIERS, `At most ${MAX_TIERS} tiers.`)
  ),
})

/** A tier with `id` is changed; one without is added and needs every field. */
export const TierPatch = v.object({
  id: v.optional(uuidString('Tier id must be a UUID.')),
  name: v.optional(tierFields.name),
  price: v.optional(tierFields.price),
  currency: v.optional(tierFields.currency),
  maxSubscribers: v.optional(tierFields.maxSubscribers),
  maxSignalsPerDay: v.optional(tierFields.maxSignalsPerDay),
})
export type TierPatchInput = v.InferOutput<typeof TierPatch>

export const PatchListingBody = v.object({
  title: v.optional(text('Title', 1, 120)),
  description: v.optional(text('Description', 0, 4000)),
  status: v.optional(v.picklist(['active', 'closed'], 'Status is active or closed.')),
  tiers: v.optional(
    v.pipe(
      v.array(TierPatch, 'Tiers must be a list.'),
      v.maxLength(MAX_TIERS, `At most ${MAX_TIERS} tiers.`)
    )
  ),
})
export type PatchListingInput = v.InferOutput<typeof PatchListingBody>

export const RegisterProviderBody = v.object({
  displayName: text('Display name', 2, 80),
  legalName: text('Legal name', 2, 200),
  entityType: v.optional(
    v.picklist(['individual', 'entity'], 'entityType is individual or entity.')
  ),
})

export const SubscribeBody = v.object({
  tierId: uuidString('tierId must be a UUID.'),
})

export const PublishSignalBody = v.object({
  symbol: v.pipe(
    v.string('Symbol must be a string.'),
    v.regex(/^[A-Z0-9]{1,20}\/[A-Z0-9]{1,20}$/, 'Symbol must look like BTC/USDT.')
  ),
  side: v.picklist(['buy', 'sell'], 'Side is buy or sell.'),
  price: v.optional(decimal('Price', true)),
  stopLoss: v.optional(decimal('stopLoss', true)),
  takeProfit: v.optional(decimal('takeProfit', true)),
  note: v.optional(text('Note', 1, 500)),
})
export type PublishSignalInput = v.InferOutput<typeof PublishSignalBody>

export const ListingsQuery = v.object({
  ...PageQueryEntries,
  mine: v.optional(v.picklist(['true', 'false'], 'mine is true or false.')),
})

export const SignalsQuery = v.object({
  ...PageQueryEntries,
  listingId: v.optional(uuidString('listingId must be a UUID.')),
})

// Response shapes (documentation).
const TierSchema = v.object({
  id: v.string(),
  name: v.string(),
  price: v.string(),
  currency: v.string(),
  maxSubscribers: v.number(),
  maxSignalsPerDay: v.number(),
  subscribers: v.number(),
})
export const ListingSchema = v.object({
  id: v.string(),
  title: v.string(),
  description: v.string(),
  status: v.picklist(['active', 'closed']),
  provider: v.object({ id: v.string(), displayName: v.string() }),
  tiers: v.array(TierSchema),
  createdAt: v.string(),
  updatedAt: v.string(),
})
export const ListingPageSchema = v.object({
  items: v.array(ListingSchema),
  nextCursor: v.nullable(v.string()),
})
export const SubscriptionSchema = v.object({
  id: v.string(),
  listingId: v.string(),
  tierId: v.string(),
  status: v.picklist(['active', 'cancelled']),
  price: v.string(),
  currency: v.string(),
  createdAt: v.string(),
  cancelledAt: v.nullable(v.string()),
})
export const ListingDetailSchema = v.object({
  ...ListingSchema.entries,
  performance: v.object({
    description: v.string(),
    live: v.nullable(v.record(v.string(), v.unknown())),
    paper: v.nullable(v.record(v.string(), v.unknown())),
  }),
  subscription: v.nullable(SubscriptionSchema),
})
export const ProviderSchema = v.object({
  id: v.string(),
  displayName: v.string(),
  legalName: v.string(),
  screenedAt: v.string(),
  createdAt: v.string(),
})
export const SignalSchema = v.object({
  id: v.string(),
  listingId: v.string(),
  symbol: v.string(),
  side: v.picklist(['buy', 'sell']),
  price: v.nullable(v.string()),
  stopLoss: v.nullable(v.string()),
  takeProfit: v.nullable(v.string()),
  note: v.nullable(v.string()),
  day: v.string(),
  dayIndex: v.number(),
  publishedAt: v.string(),
})
export const SignalPageSchema = v.object({
  items: v.array(SignalSchema),
  nextCursor: v.nullable(v.string()),
})
