/**
 * @module Risk: `GET/PUT /v1/risk/limits`, `GET /v1/risk/state`, `POST /v1/risk/kill-switch`.
 * Changes are recorded as risk events and in the audit log.
 */
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import type { AppEnv } from '../http/types.ts'
import { validate } from '../http/validate.ts'
import type { OrderService } from './order.service.ts'
import { PositiveDecimal } from './order-request.ts'
import type { RiskService } from './risk.service.ts'
import { actorOf, principalOf, type RouteAuth } from './route-auth.ts'

const LimitsBody = v.strictObject({
  maxOrderNotional: v.nullable(PositiveDecimal),
  maxPositionNotional: v.nullable(PositiveDecimal),
  maxDailyLoss: v.nullable(PositiveDecimal),
  maxOpenOrders: v.nullable(
    v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0), v.maxValue(10_000))
  ),
})

const KillSwitchBody = v.strictObject({
  active: v.boolean(),
  scope: v.optional(v.picklist(['user', 'global']), 'user'),
  reason: v.optional(v.pipe(v.string(), v.maxLength(500))),
  cancelOpenOrders: v.optional(v.boolean(), false),
})

export function createRiskRouter({
  risk,
  orders,
  auth,
}: {
  risk: RiskService
  orders: OrderService
  auth: RouteAuth
}) {
  return new Hono<AppEnv>()
    .get(
      '/v1/risk/limits',
      describeRoute({
        tags: ['risk'],
        summary: 'Your risk limits (quote currency of each market; null = none)',
        responses: { 200: { description: 'Limits' } },
      }),
      auth.requireAuth,
      async (c) => c.json(await risk.limits(principalOf(c, 'read').userId))
    )
    .put(
      '/v1/risk/limits',
      describeRoute({
        tags: ['risk'],
        summary: 'Replace your risk limits',
        responses: { 200: { description: 'Limits' }, 422: { description: 'Invalid' } },
      }),
      auth.requireAuth,
      validate('json', LimitsBody),
      async (c) => {
        const p = principalOf(c, 'trade')
        return c.json(await risk.putLimits(actorOf(c, p), c.req.valid('json')))
      }
    )
    .get(
      '/v1/risk/state',
      describeRoute({
        tags: ['risk'],
        summary: 'Kill switches, limits and today’s usage',
        responses: { 200: { description: 'State' } },
      }),
      auth.requireAuth,
      async (c) => c.json(await risk.state(principalOf(c, 'read').userId))
    )
    .post(
      '/v1/risk/kill-switch',
      describeRoute({
        tags: ['risk'],
        summary: 'Turn your kill switch (or, as admin, the global one) on or off',
        description:
          'While on, new orders answer 423. With cancelOpenOrders, open orders are cancelled (live cancels the venue does not confirm at once are retried by reconciliation).',
        responses: {
          200: { description: '{ scope, killSwitch, cancellation }' },
          403: { description: 'Global switch needs admin' },
        },
      }),
      auth.requireAuth,
      validate('json', KillSwitchBody),
      async (c) => {
        const p = principalOf(c, 'trade')
        const body = c.req.valid('json')
        const killSwitch = await risk.setKillSwitch(actorOf(c, p), body)
        const cancellation =
          body.active && body.cancelOpenOrders
            ? await orders.cancelAllOpen(body.scope === 'global' ? {} : { userId: p.userId })
            : { requested: 0, cancelled: 0 }
        return c.json({ scope: body.scope, killSwitch, cancellation })
      }
    )
}
