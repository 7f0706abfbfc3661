/**
 * @module Bots: `GET/POST /v1/bots`, `GET/PATCH/DELETE /v1/bots/:id`, `POST /v1/bots/:id/start`,
 * `/stop`, `GET /v1/bots/:id/performance`, `GET /v1/bots/:id/analysis`.
 */
import { Hono } from 'hono'
import { BotPerformanceQuery, resolveRange } from '../analytics/analytics.params.ts'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import { PageQuery, toPage } from '../http/pagination.ts'
import type { AppEnv } from '../http/types.ts'
import { validate } from '../http/validate.ts'
import { SYMBOL_RE } from '../trading/order-request.ts'
import { assertStepUp, idParam, principalOf, type RouteAuth } from '../trading/route-auth.ts'
import { TRADING_MODES } from '../trading/trading.schema.ts'
import { VENUE_IDS } from '../trading/venues.ts'
import type { BotsRepository } from './bots.repository.ts'
import { STRATEGIES } from './bots.schema.ts'
import { botView, type BotsService } from './bots.service.ts'

const Name = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(100))
const CreateBody = v.strictObject({
  name: Name,
  strategy: v.picklist(STRATEGIES, `must be one of ${STRATEGIES.join(', ')}`),
  exchange: v.picklist(VENUE_IDS, `must be one of ${VENUE_IDS.join(', ')}`),
  symbol: v.pipe(v.string(), v.regex(SYMBOL_RE, 'must be a spot symbol such as "BTC/USDT"')),
  config: v.record(v.string(), v.unknown()),
  mode: v.optional(v.picklist(TRADING_MODES)),
})
const PatchBody = v.strictObject({
  name: v.optional(Name),
  config: v.optional(v.record(v.string(), v.unknown())),
})
const problem = (d: string) => ({ description: `${d} (problem+json)` })

export function createBotsRouter({
  bots,
  repo,
  auth,
}: {
  bots: BotsService
  repo: BotsRepository
  auth: RouteAuth
}) {
  return new Hono<AppEnv>()
    .get(
      '/v1/bots',
      describeRoute({
        tags: ['bots'],
        summary: 'Your bots, newest first',
        responses: { 200: { description: '{ items, nextCursor }' } },
      }),
      auth.requireAuth,
      validate('query', PageQuery),
      async (c) => {
        const p = principalOf(c, 'read')
        const q = c.req.valid('query')
        return c.json(toPage(await repo.page(p.userId, q), q.limit, botView))
      }
    )
    .post(
      '/v1/bots',
      describeRoute({
        tags: ['bots'],
        summary: 'Create a bot (stopped)',
        description:
          'Strategies and their config: dca {quoteAmount, everyTicks?, maxBuys?}; grid {lower, upper, levels, amountPerLevel}; ' +
          'ma_crossover {fast, slow, amount}. Decimals as strings.',
        responses: {
          201: { description: 'The bot' },
          422: problem('Invalid config, exchange or symbol'),
        },
      }),
      auth.requireAuth,
      validate('json', CreateBody),
      async (c) =>
        c.json(await bots.create(principalOf(c, 'trade').userId, c.req.valid('json')), 201)
    )
    .get(
      '/v1/bots/:id',
      describeRoute({
        tags: ['bots'],
        summary: 'One of your bots',
        responses: { 200: { description: 'The bot' }, 404: problem('No such bot') },
      }),
      auth.requireAuth,
      async (c) => c.json(await bots.get(principalOf(c, 'read').userId, idParam(c, 'bot')))
    )
    .patch(
      '/v1/bots/:id',
      describeRoute({
        tags: ['bots'],
        summary: 'Rename, or change the config of a stopped bot',
        responses: { 200: { description: 'The bot' }, 409: problem('Running') },
      }),
      auth.requireAuth,
      validate('json', PatchBody),
      async (c) =>
        c.json(
          await bots.patch(principalOf(c, 'trade').userId, idParam(c, 'bot'), c.req.valid('json'))
        )
    )
    .delete(
      '/v1/bots/:id',
      describeRoute({
        tags: ['bots'],
        summary: 'Delete a bot (its orders and fills stay)',
        responses: { 204: { description: 'Deleted' }, 404: problem('No such bot') },
      }),
      auth.requireAuth,
      async (c) => {
        await bots.remove(principalOf(c, 'trade').userId, idParam(c, 'bot'))
        return c.body(null, 204)
      }
    )
    .post(
      '/v1/bots/:id/start',
      describeRoute({
        tags: ['bots'],
        summary: 'Start ticking (a live bot needs X-Step-Up-Token)',
        responses: { 200: { description: 'The bot' }, 403: problem('Step-up required') },
      }),
      auth.requireAuth,
      async (c) => {
        const p = principalOf(c, 'trade')
        const id = idParam(c, 'bot')
        const live = await bots.isLive(p.userId, id)
        if (live) await assertStepUp(auth, c)
        return c.json(await bots.start(p.userId, id, { stepUp: live }))
      }
    )
    .post(
      '/v1/bots/:id/stop',
      describeRoute({
        tags: ['bots'],
        summary: 'Stop ticking',
        responses: { 200: { description: 'The bot' } },
      }),
      auth.requireAuth,
      async (c) => c.json(await bots.stop(principalOf(c, 'trade').userId, idParam(c, 'bot')))
    )
    .get(
      '/v1/bots/:id/performance',
      describeRoute({
        tags: ['bots'],
        summary:
          'Performance of the bot’s own FIFO book: GET /v1/analytics/performance?botId=… (see analytics definitions)',
        description:
          '`from`/`to` (UTC day or ISO-8601 timestamp, inclusive) and `startingCapital` (decimal > 0, default 10000) as in /v1/analytics/performance.',
        responses: {
          200: { description: '{ botId, mode, exchange, symbol, fills, performance }' },
          404: problem('No such bot'),
          422: problem('Invalid from, to or startingCapital'),
        },
      }),
      auth.requireAuth,
      validate('query', BotPerformanceQuery),
      async (c) => {
        const userId = principalOf(c, 'read').userId
        const id = idParam(c, 'bot')
        const q = c.req.valid('query')
        return c.json(
          await bots.performance(userId, id, {
            range: resolveRange(q),
            ...(q.startingCapital !== undefined && { startingCapital: q.startingCapital }),
          })
        )
      }
    )
    .get(
      '/v1/bots/:id/analysis',
      describeRoute({
        tags: ['bots'],
        summary:
          'Diagnosis of the bot from its own fills and orders (src/analytics/bot-analysis.ts)',
        responses: {
          200: { description: '{ counts, summary, findings, checks }' },
          404: problem('No such bot'),
        },
      }),
      auth.requireAuth,
      async (c) => c.json(await bots.analysis(principalOf(c, 'read').userId, idParam(c, 'bot')))
    )
}
