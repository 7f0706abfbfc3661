/**
 * Test wiring for the trading feature: the real app and services on a test database, with a
 * header-based stand-in for the accounts middleware (`x-test-user`, `x-test-role`,
 * `x-step-up-token: valid-step-up`), and request helpers.
 */
import type { Env } from '../../src/config/settings.ts'
import type { Database } from '../../src/db/types.ts'
import { createExchangeGuards } from '../../src/exchanges/exchange-guards.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { uuidv7 } from '../../src/lib/ids.ts'
import { createLogger } from '../../src/lib/logger.ts'
import { problems } from '../../src/lib/problem.ts'
import { createServices, type ServiceOptions } from '../../src/services.ts'
import type { RouteAuth } from '../../src/trading/route-auth.ts'
import { createTestApp, testSettings } from './app.ts'

export const testRouteAuth: RouteAuth = {
  requireAuth: async (c, next) => {
    const userId = c.req.header('x-test-user')
    if (!userId) throw problems.unauthorized()
    const role = (c.req.header('x-test-role') ?? 'user') as 'user' | 'admin'
    const scopes = (c.req.header('x-test-scopes')?.split(',') ?? ['read', 'trade']) as Array<'read' | 'trade'>
    c.set('principal', { userId, role, via: 'access_token', scopes })
    await next()
  },
  requireStepUp: async (c, next) => {
    if (c.req.header('x-step-up-token') !== 'valid-step-up') throw problems.forbidden('Step-up required.', 'step-up-required')
    await next()
  },
}

export const approve: ServiceOptions['compliance'] = { check: async () => ({ decision: 'approved', reasons: [] }) }

export function tradingApp(opts: { database: Database; env?: Env; options?: ServiceOptions; clock?: ReturnType<typeof fixedClock> }) {
  const clock = opts.clock ?? fixedClock('2026-06-01T12:00:00Z')
  const settings = testSettings(opts.env)
  const lines: string[] = []
  const logger = createLogger({ level: 'debug', sink: (l) => lines.push(l) })
  const services = createServices(
    { settings, database: opts.database, logger, clock },
    {
      compliance: approve,
      routeAuth: testRouteAuth,
      ...opts.options,
      trading: { guards: createExchangeGuards(), replayWaitMs: 15_000, ...opts.options?.trading },
    }
  )
  const { app } = createTestApp({ database: opts.database, services, clock, env: opts.env })
  const call = (user: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: { 'x-test-user': user, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
  const order = (user: string, key: string | null, body: unknown, headers: Record<string, string> = {}) =>
    call(user, 'POST', '/v1/orders', body, key === null ? headers : { 'idempotency-key': key, ...headers })
  return { app, services, clock, logs: lines, call, order }
}

/** A fresh user id. */
export const newUserId = () => uuidv7()
