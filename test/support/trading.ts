/**
 * Test wiring for the trading feature: the real app and services on a test database, with a
 * header-based stand-in for the accounts middleware (`x-test-user`, `x-test-role`,
 * `x-step-up-token: valid-step-up`) so route tests need no sign-in, and request helpers. Users are
 * real rows (orders reference them). `test/trading-e2e.test.ts` goes through real sign-in.
 */
import type { Env } from '../../src/config/settings.ts'
import type { Database } from '../../src/db/types.ts'
import { users } from '../../src/auth/auth.schema.ts'
import { createExchangeGuards } from '../../src/exchanges/exchange-guards.ts'
import { createExchangeGateway } from '../../src/exchanges/gateway.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { uuidv7 } from '../../src/lib/ids.ts'
import { problems } from '../../src/lib/problem.ts'
import type { ServiceOptions } from '../../src/services.ts'
import type { RouteAuth } from '../../src/trading/route-auth.ts'
import { createTestApp } from './app.ts'

export const testRouteAuth: RouteAuth = {
  requireAuth: async (c, next) => {
    const userId = c.req.header('x-test-user')
    if (!userId) throw problems.unauthorized()
    const role = (c.req.header('x-test-role') ?? 'user') as 'user' | 'admin'
    const scopes = (c.req.header('x-test-scopes')?.split(',') ?? ['read', 'trade']) as Array<
      'read' | 'trade'
    >
    c.set('principal', { userId, role, via: 'access_token', scopes })
    await next()
  },
  requireStepUp: async (c, next) => {
    if (c.req.header('x-step-up-token') !== 'valid-step-up')
      throw problems.forbidden('Step-up required.', 'step-up-required')
    await next()
  },
}

export const approve: ServiceOptions['compliance'] = {
  check: async () => ({ decision: 'approved', reasons: [] }),
}

/** Real exchanges through ccxt, one guards registry (real clock: budgets refill). */
export const testGateways = () => ({
  create: createExchangeGateway,
  guards: createExchangeGuards(),
})

/** Inserts a user row (no password sign-in) and returns its id. */
export async function newUser(database: Database): Promise<string> {
  const id = uuidv7()
  await database.db
    .insert(users)
    .values({ id, email: `${id}@example.test`, passwordHash: 'not-a-usable-hash' })
  return id
}

export function tradingApp(opts: {
  database: Database
  env?: Env
  options?: ServiceOptions
  clock?: ReturnType<typeof fixedClock>
}) {
  const clock = opts.clock ?? fixedClock('2026-06-01T12:00:00Z')
  const { app, services, logs } = createTestApp({
    database: opts.database,
    clock,
    env: opts.env,
    serviceOptions: {
      compliance: approve,
      routeAuth: testRouteAuth,
      exchangeGateways: testGateways(),
      ...opts.options,
      trading: { replayWaitMs: 15_000, ...opts.options?.trading },
    },
  })
  const call = (
    user: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {}
  ) =>
    app.request(path, {
      method,
      headers: {
        'x-test-user': user,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
  const order = (
    user: string,
    key: string | null,
    body: unknown,
    headers: Record<string, string> = {}
  ) =>
    call(
      user,
      'POST',
      '/v1/orders',
      body,
      key === null ? headers : { 'idempotency-key': key, ...headers }
    )
  return { app, services, clock, logs, call, order, user: () => newUser(opts.database) }
}
