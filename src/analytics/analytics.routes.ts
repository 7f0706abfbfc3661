/**
 * @module Analytics routes, the signed-in user's own data only (scope `read`):
 * `GET /v1/analytics/performance`, `/summary`, `/equity-curve`, `/drawdown`, `/pnl`, `/win-rate`.
 * Filters: `from`, `to` (UTC day or ISO-8601 timestamp, inclusive), `botId`, `symbol`, `mode`,
 * `venue`; `startingCapital` for the equity-based numbers. Definitions: ./DEFINITIONS.md.
 */
import type { Context, MiddlewareHandler } from 'hono'
import type * as v from 'valibot'
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { problemResponses, SECURITY } from '../http/openapi-doc.ts'
import type { AppEnv } from '../http/types.ts'
import { validate } from '../http/validate.ts'
import { principalOf, type RouteAuth } from '../trading/route-auth.ts'
import {
  AnalyticsQuery,
  PnlQuery,
  resolveRange,
  SummaryQuery,
  WinRateQuery,
  type BookFilters,
} from './analytics.params.ts'
import type { AnalyticsService, RangeRequest } from './analytics.service.ts'

type AnalyticsQueryOut = v.InferOutput<typeof AnalyticsQuery>

const tags = ['analytics']
const FILTERS =
  'Filters: `from`/`to` (a UTC day `YYYY-MM-DD` or an ISO-8601 timestamp; both inclusive), `botId`, ' +
  '`symbol`, `mode` (paper|live), `venue`. Money is a decimal string, ratios are numbers, undefined ' +
  'values are null. Definitions: src/analytics/DEFINITIONS.md.'

const doc = (summary: string, ok: string, extra = '') =>
  describeRoute({
    tags,
    summary,
    description: `${FILTERS}${extra}`,
    security: SECURITY.sessionOrApiKey,
    responses: { 200: { description: ok }, ...problemResponses(401, 403, 404, 422) },
  })

/** The validated filters and range of the request, for the signed-in user. */
export function rangeRequest(
  userId: string,
  q: { from?: string; to?: string; startingCapital?: string } & Omit<BookFilters, 'userId'>
): RangeRequest {
  const range = resolveRange(q)
  const filters: BookFilters = { userId }
  if (q.botId !== undefined) filters.botId = q.botId
  if (q.symbol !== undefined) filters.symbol = q.symbol
  if (q.mode !== undefined) filters.mode = q.mode
  if (q.venue !== undefined) filters.venue = q.venue
  return { filters, range, ...(q.startingCapital !== undefined && { startingCapital: q.startingCapital }) }
}

export function createAnalyticsRouter({
  analytics,
  auth,
}: {
  analytics: AnalyticsService
  auth: RouteAuth
}) {
  const query = validate('query', AnalyticsQuery)
  // The scope is checked before the query, so a key without `read` learns nothing from a 422.
  const read: MiddlewareHandler<AppEnv> = async (c, next) => {
    principalOf(c, 'read')
    await next()
  }
  const req = (c: Context<AppEnv, string, { out: { query: AnalyticsQueryOut } }>) =>
    rangeRequest(principalOf(c, 'read').userId, c.req.valid('query'))

  return new Hono<AppEnv>()
    .get(
      '/v1/analytics/performance',
      doc(
        'Performance: realized PnL, win rate, profit factor, expectancy, drawdown, Sharpe, Sortino, CAGR, Calmar, SQN',
        'The Performance object',
        ' `startingCapital` (decimal > 0, default 10000) is the equity the daily returns start from.'
      ),
      auth.requireAuth,
      read,
      query,
      async (c) => c.json(await analytics.performance(req(c)))
    )
    .get(
      '/v1/analytics/summary',
      describeRoute({
        tags,
        summary:
          'Totals, open positions valued at the latest recorded fill price (unrealized PnL), best/worst pair',
        description:
          'Filters: `botId`, `symbol`, `mode`, `venue`. Unrealized PnL uses the latest fill recorded on the venue ' +
          'for the symbol (its price and time are in `unrealized[]`); null when an open symbol has no price.',
        security: SECURITY.sessionOrApiKey,
        responses: { 200: { description: 'Summary' }, ...problemResponses(401, 403, 404, 422) },
      }),
      auth.requireAuth,
      read,
      validate('query', SummaryQuery),
      async (c) => {
        const { filters } = rangeRequest(principalOf(c, 'read').userId, c.req.valid('query'))
        return c.json(await analytics.summary(filters))
      }
    )
    .get(
      '/v1/analytics/equity-curve',
      doc('Daily equity: startingCapital + cumulative realized PnL', '{ startingCapital, points[{day, realizedPnl, equity}] }'),
      auth.requireAuth,
      read,
      query,
      async (c) => c.json(await analytics.equityCurve(req(c)))
    )
    .get(
      '/v1/analytics/drawdown',
      doc(
        'Daily drawdown from the running equity peak',
        '{ maxDrawdownAbs, maxDrawdownRel, drawdownStart, drawdownEnd, points[{day, equity, peak, drawdown, drawdownRel}] }'
      ),
      auth.requireAuth,
      read,
      query,
      async (c) => c.json(await analytics.drawdown(req(c)))
    )
    .get(
      '/v1/analytics/pnl',
      doc('Realized PnL by day and by symbol', '{ realizedPnl, tradeCount, byDay[], bySymbol[], bestPair, worstPair }'),
      auth.requireAuth,
      read,
      validate('query', PnlQuery),
      async (c) => c.json(await analytics.pnl(rangeRequest(principalOf(c, 'read').userId, c.req.valid('query'))))
    )
    .get(
      '/v1/analytics/win-rate',
      doc(
        'Rolling win rate over the last `window` trades',
        '{ window, tradeCount, points[{tradeId, ts, wins, losses, winRate}], nextCursor }',
        ' `window`: whole number 1..1000, default 20. Points oldest first, `limit` (1..1000, default 1000) per page; pass `nextCursor` as `cursor` for the next page (null on the last).'
      ),
      auth.requireAuth,
      read,
      validate('query', WinRateQuery),
      async (c) => {
        const q = c.req.valid('query')
        const r = rangeRequest(principalOf(c, 'read').userId, q)
        return c.json(await analytics.winRate({ ...r, window: q.window, limit: q.limit, cursor: q.cursor }))
      }
    )
}
