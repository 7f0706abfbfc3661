/**
 * @module Marketplace routes: `POST /v1/marketplace/providers`, `GET /v1/marketplace/providers/me`,
 * `GET/POST /v1/marketplace/listings`, `GET/PATCH …/:id`, `POST/DELETE …/:id/subscribe`,
 * `POST …/:id/signals`, `GET /v1/marketplace/signals`. Reads take the `read` scope, changes the
 * `trade` scope, so programs use platform API keys; provider registration needs a session.
 */
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import type { AuthGate } from '../auth/auth-gate.ts'
import { actorOf, requireAuth, requireScope } from '../http/auth.ts'
import {
  ID_PARAM,
  jsonResponse,
  noContent,
  problemResponses,
  SECURITY,
} from '../http/openapi-doc.ts'
import type { AppEnv } from '../http/types.ts'
import { validate } from '../http/validate.ts'
import type { ListingsService } from './listings.service.ts'
import {
  CreateListingBody,
  ListingDetailSchema,
  ListingPageSchema,
  ListingSchema,
  ListingsQuery,
  PatchListingBody,
  ProviderSchema,
  PublishSignalBody,
  RegisterProviderBody,
  SignalPageSchema,
  SignalSchema,
  SignalsQuery,
  SubscribeBody,
  SubscriptionSchema,
  uuidString,
} from './marketplace.schemas.ts'
import type { ProvidersService } from './providers.service.ts'
import type { SubscriptionsService } from './subscriptions.service.ts'

const tags = ['marketplace']
const IdParam = v.object({ id: uuidString('must be a UUID') })

export function createMarketplaceRouter(deps: {
  gate: AuthGate
  providers: ProvidersService
  listings: ListingsService
  subscriptions: SubscriptionsService
}) {
  const { gate, providers, listings, subscriptions } = deps
  const auth = requireAuth(gate)
  const read = requireScope('read')
  const write = requireScope('trade')
  const listing = validate('param', IdParam)

  return new Hono<AppEnv>()
    .post(
      '/v1/marketplace/providers',
      describeRoute({
        tags,
        summary: 'Register as a strategy provider (screened against sanctions lists)',
        description:
          'The legal name is screened; a match refuses the registration with 403 `provider-screening-refused`. ' +
          'The legal name is never shown to other users.',
        security: SECURITY.session,
        responses: {
          201: jsonResponse('The provider record', ProviderSchema),
          ...problemResponses(401, 403, 409, 415, 422, 503),
        },
      }),
      requireAuth(gate, { apiKeys: false }),
      validate('json', RegisterProviderBody),
      async (c) => c.json(await providers.register(actorOf(c), c.req.valid('json')), 201)
    )
    .get(
      '/v1/marketplace/providers/me',
      describeRoute({
        tags,
        summary: 'Your provider record',
        security: SECURITY.sessionOrApiKey,
        responses: {
          200: jsonResponse('The provider record', ProviderSchema),
          ...problemResponses(401, 403, 404),
        },
      }),
      auth,
      read,
      async (c) => c.json(await providers.me(actorOf(c)), 200)
    )
    .get(
      '/v1/marketplace/listings',
      describeRoute({
        tags,
        summary: 'Active listings, newest first (`mine=true`: your own, any status)',
        security: SECURITY.sessionOrApiKey,
        responses: {
          200: jsonResponse('A page of listings', ListingPageSchema),
          ...problemResponses(401, 403, 422),
        },
      }),
      auth,
      read,
      validate('query', ListingsQuery),
      async (c) => {
        const q = c.req.valid('query')
        return c.json(await listings.list(actorOf(c), { ...q, mine: q.mine === 'true' }), 200)
      }
    )
    .post(
      '/v1/marketplace/listings',
      describeRoute({
        tags,
        summary: 'Create a listing with priced tiers and quotas (providers only)',
        security: SECURITY.sessionOrApiKey,
        responses: {
          201: jsonResponse('The listing', ListingSchema),
          ...problemResponses(401, 403, 415, 422),
        },
      }),
      auth,
      write,
      validate('json', CreateListingBody),
      async (c) => c.json(await listings.create(actorOf(c), c.req.valid('json')), 201)
    )
    .get(
      '/v1/marketplace/listings/:id',
      describeRoute({
        tags,
        summary: "A listing, with the provider's performance from real fills and your subscription",
        security: SECURITY.sessionOrApiKey,
        parameters: [ID_PARAM],
        responses: {
          200: jsonResponse('The listing', ListingDetailSchema),
          ...problemResponses(401, 403, 404, 422),
        },
      }),
      auth,
      read,
      listing,
      async (c) => c.json(await listings.get(actorOf(c), c.req.valid('param').id), 200)
    )
    .patch(
      '/v1/marketplace/listings/:id',
      describeRoute({
        tags,
        summary:
          'Change your listing: title, description, status, tiers (with id: change; without: add)',
        security: SECURITY.sessionOrApiKey,
        parameters: [ID_PARAM],
        responses: {
          200: jsonResponse('The listing', ListingSchema),
          ...problemResponses(401, 403, 404, 415, 422),
        },
      }),
      auth,
      write,
      listing,
      validate('json', PatchListingBody),
      async (c) =>
        c.json(await listings.update(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200)
    )
    .post(
      '/v1/marketplace/listings/:id/subscribe',
      describeRoute({
        tags,
        summary: 'Subscribe to a tier of a listing',
        description:
          'Full tier: 429 `quota-exceeded` with `quota`. Your own listing: 403 `self-subscription`. ' +
          'No payment is taken here: the subscription records the tier price.',
        security: SECURITY.sessionOrApiKey,
        parameters: [ID_PARAM],
        responses: {
          201: jsonResponse('The subscription', SubscriptionSchema),
          ...problemResponses(401, 403, 404, 409, 415, 422, 429),
        },
      }),
      auth,
      write,
      listing,
      validate('json', SubscribeBody),
      async (c) =>
        c.json(
          await subscriptions.subscribe(actorOf(c), c.req.valid('param').id, c.req.valid('json')),
          201
        )
    )
    .delete(
      '/v1/marketplace/listings/:id/subscribe',
      describeRoute({
        tags,
        summary: 'End your subscription to a listing',
        security: SECURITY.sessionOrApiKey,
        parameters: [ID_PARAM],
        responses: { 204: noContent('Cancelled'), ...problemResponses(401, 403, 404, 422) },
      }),
      auth,
      write,
      listing,
      async (c) => {
        await subscriptions.unsubscribe(actorOf(c), c.req.valid('param').id)
        return c.body(null, 204)
      }
    )
    .post(
      '/v1/marketplace/listings/:id/signals',
      describeRoute({
        tags,
        summary: 'Publish a signal on your listing',
        description:
          "At most the largest tier's `maxSignalsPerDay` per UTC day (429 `quota-exceeded` with `quota` " +
          "and Retry-After); each tier's subscribers see that day's first `maxSignalsPerDay` signals.",
        security: SECURITY.sessionOrApiKey,
        parameters: [ID_PARAM],
        responses: {
          201: jsonResponse('The signal', SignalSchema),
          ...problemResponses(401, 403, 404, 409, 415, 422, 429),
        },
      }),
      auth,
      write,
      listing,
      validate('json', PublishSignalBody),
      async (c) =>
        c.json(
          await subscriptions.publish(actorOf(c), c.req.valid('param').id, c.req.valid('json')),
          201
        )
    )
    .get(
      '/v1/marketplace/signals',
      describeRoute({
        tags,
        summary: 'Signals of the listings you subscribe to (and your own), newest first',
        description:
          '`listingId` narrows to one listing: 403 `subscription-required` when you neither own nor subscribe to it.',
        security: SECURITY.sessionOrApiKey,
        responses: {
          200: jsonResponse('A page of signals', SignalPageSchema),
          ...problemResponses(401, 403, 404, 422),
        },
      }),
      auth,
      read,
      validate('query', SignalsQuery),
      async (c) => c.json(await subscriptions.read(actorOf(c), c.req.valid('query')), 200)
    )
}
