/**
 * @module Orders, fills and positions: `POST /v1/orders` (Idempotency-Key required), `GET
 * /v1/orders`, `GET /v1/orders/:id`, `POST /v1/orders/:id/cancel`, `GET /v1/fills`, `GET
 * /v1/positions`. Another user's order is 404.
 */
import { Hono, type MiddlewareHandler } from 'hono'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import { PageQueryEntries, toPage } from '../http/pagination.ts'
import type { AppEnv } from '../http/types.ts'
import { validate } from '../http/validate.ts'
import { ProblemError } from '../lib/problem.ts'
import { fillView, orderView, positionView } from './order-view.ts'
import { IDEMPOTENCY_KEY_RE, OrderBody } from './order-request.ts'
import type { OrderService } from './order.service.ts'
import type { OrdersRepository } from './orders.repository.ts'
import { assertStepUp, idParam, principalOf, type RouteAuth } from './route-auth.ts'
import { ORDER_STATUSES, TRADING_MODES } from './trading.schema.ts'

const uuid = v.pipe(v.string(), v.uuid('must be a UUID'))
const OrdersQuery = v.object({
  ...PageQueryEntries,
  status: v.optional(v.picklist(ORDER_STATUSES)),
  botId: v.optional(uuid),
  mode: v.optional(v.picklist(TRADING_MODES)),
})
const FillsQuery = v.object({
  ...PageQueryEntries,
  orderId: v.optional(uuid),
  botId: v.optional(uuid),
  mode: v.optional(v.picklist(TRADING_MODES)),
})
const PositionsQuery = v.object({ mode: v.optional(v.picklist(TRADING_MODES)) })

const requireIdempotencyKey: MiddlewareHandler<AppEnv> = async function requireIdempotencyKey(
  c,
  next
) {
  const key = c.req.header('idempotency-key')
  if (key === undefined || key === '') {
    throw new ProblemError({
      status: 400,
      type: 'idempotency-key-required',
      detail:
        'Send an Idempotency-Key header (e.g. a UUID) so a retried request cannot place a second order.',
    })
  }
  if (!IDEMPOTENCY_KEY_RE.test(key)) {
    throw new ProblemError({
      status: 400,
      type: 'invalid-idempotency-key',
      detail: 'Idempotency-Key must be 1–128 visible ASCII characters.',
    })
  }
  await next()
}

const problem = (d: string) => ({ description: `${d} (problem+json)` })

export function createOrdersRouter({
  orders,
  repo,
  auth,
}: {
  orders: OrderService
  repo: OrdersRepository
  auth: RouteAuth
}) {
  return new Hono<AppEnv>()
    .post(
      '/v1/orders',
      describeRoute({
        tags: ['orders'],
        summary: 'Place an order (paper or live); idempotent per Idempotency-Key',
        description:
          'Amounts are decimal strings; the amount is truncated to the market step (amountToPrecision) and a limit price rounded to the tick. ' +
          'Replaying a key with the same body returns the original status and body; another body → 422. Live orders need X-Step-Up-Token.',
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: true,
            schema: { type: 'string', maxLength: 128 },
          },
        ],
        responses: {
          201: {
            description:
              'The order (`status` pending_submit, open, partially_filled, filled, cancelled, rejected or unknown)',
          },
          400: problem('Missing or malformed Idempotency-Key'),
          401: problem('Not authenticated'),
          403: problem('Scope, step-up or compliance refusal'),
          409: problem('The first request with this key is still in progress'),
          422: problem(
            'Invalid order, unknown market, below minimum, risk limit, key reused with another body'
          ),
          423: problem('Kill switch on'),
          429: problem('Exchange rate limit; nothing placed'),
          503: problem('Venue unavailable; nothing placed'),
        },
      }),
      auth.requireAuth,
      requireIdempotencyKey,
      validate('json', OrderBody),
      async (c) => {
        const p = principalOf(c, 'trade')
        const request = c.req.valid('json')
        const live = orders.modeOf(request) === 'live'
        if (live) await assertStepUp(auth, c)
        const result = await orders.placeOrder({
          userId: p.userId,
          idempotencyKey: c.req.header('idempotency-key')!,
          request,
          stepUp: live,
        })
        if (result.replayed) c.header('idempotent-replayed', 'true')
        return c.json(result.body, result.status as 201)
      }
    )
    .get(
      '/v1/orders',
      describeRoute({
        tags: ['orders'],
        summary: 'Your orders, newest first',
        responses: {
          200: { description: '{ items, nextCursor }' },
          401: problem('Not authenticated'),
        },
      }),
      auth.requireAuth,
      validate('query', OrdersQuery),
      async (c) => {
        const p = principalOf(c, 'read')
        const q = c.req.valid('query')
        return c.json(toPage(await repo.page(p.userId, q, q), q.limit, orderView))
      }
    )
    .get(
      '/v1/orders/:id',
      describeRoute({
        tags: ['orders'],
        summary: 'One of your orders',
        responses: { 200: { description: 'The order' }, 404: problem('No such order') },
      }),
      auth.requireAuth,
      async (c) => c.json(await orders.get(principalOf(c, 'read').userId, idParam(c, 'order')))
    )
    .post(
      '/v1/orders/:id/cancel',
      describeRoute({
        tags: ['orders'],
        summary: 'Cancel an open order',
        responses: {
          200: { description: 'Cancelled' },
          202: { description: 'Cancel requested; reconciliation completes it' },
          404: problem('No such order'),
          409: problem('Not open'),
        },
      }),
      auth.requireAuth,
      async (c) => {
        const p = principalOf(c, 'trade')
        const r = await orders.cancel(p.userId, idParam(c, 'order'))
        return c.json(r.body, r.status as 200)
      }
    )
    .get(
      '/v1/fills',
      describeRoute({
        tags: ['orders'],
        summary: 'Your fills, newest first',
        responses: { 200: { description: '{ items, nextCursor }' } },
      }),
      auth.requireAuth,
      validate('query', FillsQuery),
      async (c) => {
        const p = principalOf(c, 'read')
        const q = c.req.valid('query')
        return c.json(toPage(await repo.fillPage(p.userId, q, q), q.limit, fillView))
      }
    )
    .get(
      '/v1/positions',
      describeRoute({
        tags: ['orders'],
        summary: 'Your positions per mode, venue and symbol (average cost)',
        responses: { 200: { description: '{ items, nextCursor: null }' } },
      }),
      auth.requireAuth,
      validate('query', PositionsQuery),
      async (c) => {
        const p = principalOf(c, 'read')
        const rows = await repo.positions(p.userId, c.req.valid('query').mode)
        return c.json({ items: rows.map(positionView), nextCursor: null })
      }
    )
}
