/**
 * @module Market data: `GET /v1/exchanges` (capability matrix), `GET
 * /v1/markets/:exchange/:symbol/ticker` and `/orderbook`. The symbol is `BTC-USDT`, `BTC_USDT` or
 * `BTC%2FUSDT` in the path.
 */
import { Hono, type Context } from 'hono'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import type { AppEnv } from '../http/types.ts'
import { validate } from '../http/validate.ts'
import { toStr, type Dec } from '../lib/money.ts'
import { ProblemError } from '../lib/problem.ts'
import { venueProblem } from './order-prepare.ts'
import { SYMBOL_RE } from './order-request.ts'
import { principalOf, type RouteAuth } from './route-auth.ts'
import type { Venues } from './venues.ts'

const BookQuery = v.object({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, 'must be a whole number'),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(100)
    ),
    '20'
  ),
})

function symbolParam(c: Context<AppEnv>): string {
  const symbol = decodeURIComponent(c.req.param('symbol') ?? '')
    .replace(/[-_]/, '/')
    .toUpperCase()
  if (!SYMBOL_RE.test(symbol)) {
    throw new ProblemError({
      status: 422,
      type: 'validation-error',
      title: 'Validation failed',
      detail: 'The request is invalid.',
      errors: [{ path: 'symbol', message: 'must be a spot symbol such as BTC-USDT' }],
    })
  }
  return symbol
}

const level = (l: { price: Dec; amount: Dec }) => [toStr(l.price), toStr(l.amount)]

export function createMarketRouter({ venues, auth }: { venues: Venues; auth: RouteAuth }) {
  return new Hono<AppEnv>()
    .get(
      '/v1/exchanges',
      describeRoute({
        tags: ['market'],
        summary: 'Venues and their capabilities',
        security: [],
        responses: { 200: { description: '{ items: capability rows }' } },
      }),
      (c) => c.json({ items: venues.capabilities() })
    )
    .get(
      '/v1/markets/:exchange/:symbol/ticker',
      describeRoute({
        tags: ['market'],
        summary: 'Best bid/ask and last price',
        responses: {
          200: { description: 'Ticker (decimal strings)' },
          422: { description: 'Unknown exchange or symbol' },
          503: { description: 'Venue unavailable' },
        },
      }),
      auth.requireAuth,
      async (c) => {
        principalOf(c, 'read')
        const venue = c.req.param('exchange')
        const symbol = symbolParam(c)
        const t = await venues
          .marketData(venue)
          .ticker(symbol)
          .catch((e) => venueProblem(e, venue))
        const s = (d: Dec | null) => (d === null ? null : toStr(d))
        return c.json({
          exchange: venue,
          symbol,
          bid: s(t.bid),
          ask: s(t.ask),
          last: s(t.last),
          timestamp: t.timestamp?.toISOString() ?? null,
          synthetic: venue === 'sim',
        })
      }
    )
    .get(
      '/v1/markets/:exchange/:symbol/orderbook',
      describeRoute({
        tags: ['market'],
        summary: 'Order book, best levels first ([price, amount] strings)',
        responses: {
          200: { description: '{ bids, asks }' },
          422: { description: 'Unknown exchange or symbol' },
        },
      }),
      auth.requireAuth,
      validate('query', BookQuery),
      async (c) => {
        principalOf(c, 'read')
        const venue = c.req.param('exchange')
        const symbol = symbolParam(c)
        const b = await venues
          .marketData(venue)
          .orderBook(symbol, c.req.valid('query').limit)
          .catch((e) => venueProblem(e, venue))
        return c.json({
          exchange: venue,
          symbol,
          bids: b.bids.map(level),
          asks: b.asks.map(level),
          timestamp: b.timestamp?.toISOString() ?? null,
          synthetic: venue === 'sim',
        })
      }
    )
}
