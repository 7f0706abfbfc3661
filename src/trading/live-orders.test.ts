import { SpanKind } from '@opentelemetry/api'
import { count, eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startExchangeSimulator, type ExchangeSimulator } from '../../test/exchange-sim/index.ts'
import { createPostgresTestDatabase, type TestDatabase } from '../../test/support/db.ts'
import { installTestTracing } from '../../test/support/tracing.ts'
import { newUser, tradingApp } from '../../test/support/trading.ts'
import { fixedClock } from '../lib/clock.ts'
import { D } from '../lib/money.ts'
import type { ServiceOptions } from '../services.ts'
import { fills, orders } from './trading.schema.ts'
import type { FillListener } from './trading.types.ts'
import type { Venues } from './venues.ts'

const POST = 'POST /api/v3/order'
const STEP_UP = { 'x-step-up-token': 'valid-step-up' }
const buy = (amount = '0.1', extra: Record<string, unknown> = {}) => ({
  exchange: 'binance',
  symbol: 'BTC/USDT',
  side: 'buy',
  type: 'market',
  amount,
  ...extra,
})

describe('live orders against the loopback Binance simulator (PostgreSQL)', () => {
  const tracing = installTestTracing()
  let database: TestDatabase
  let sim: ExchangeSimulator
  beforeAll(async () => {
    database = await createPostgresTestDatabase({ max: 12 })
  })
  afterAll(async () => {
    await database.close()
    await tracing.shutdown()
  })
  beforeEach(async () => {
    tracing.reset()
    sim = await startExchangeSimulator({
      books: {
        'BTC/USDT': {
          bids: [['29990', '1']],
          asks: [
            ['30010', '0.5'],
            ['30020', '2'],
          ],
        },
      },
    })
  })
  afterEach(() => sim.close())

  /** One app instance ("process") on the shared database and simulator. */
  function instance(
    opts: {
      clock?: ReturnType<typeof fixedClock>
      listeners?: FillListener[]
      wrap?: (v: Venues) => Venues
      keys?: boolean
    } = {}
  ) {
    const options: ServiceOptions = {
      liveCredentials: {
        credentialsFor: async () =>
          opts.keys === false
            ? null
            : { keyId: 'key-1', credentials: { apiKey: sim.apiKey, secret: sim.secret } },
      },
      fillListeners: opts.listeners,
      trading: {
        gatewayOptions: { baseUrlOverride: sim.url, ccxtRateLimit: false, timeoutMs: 3000 },
      },
    }
    const t = tradingApp({ database, env: { TRADING_MODE: 'live' }, options, clock: opts.clock })
    if (opts.wrap) {
      // Rebuild with wrapped venues so the exchange call can be cut at a chosen point.
      const venues = opts.wrap(t.services.trading.venues)
      return tradingApp({
        database,
        env: { TRADING_MODE: 'live' },
        options: { ...options, trading: { ...options.trading, venues } },
        clock: opts.clock,
      })
    }
    return t
  }

  const countOrders = async (userId: string) =>
    (await database.db.select({ n: count() }).from(orders).where(eq(orders.userId, userId)))[0]!.n
  const fillRows = (orderId: string) =>
    database.db.select().from(fills).where(eq(fills.orderId, orderId)).orderBy(fills.id)
  const sumAmount = (rows: Array<{ amount: string }>) =>
    rows.reduce((s, r) => s.plus(r.amount), new D(0)).toFixed()
  const until = async (what: () => Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await what()); i++) await new Promise((r) => setTimeout(r, 20))
  }

  it('should place one live market order with our client order id and store its fills', async () => {
    const t = instance()
    const user = await newUser(database)
    const res = await t.order(user, 'live-1', buy(), STEP_UP)
    expect(res.status).toBe(201)
    const order = await res.json()
    expect(order).toMatchObject({
      mode: 'live',
      status: 'filled',
      filled: '0.1',
      exchange: 'binance',
    })
    expect(sim.calls.count(POST)).toBe(1)
    expect(sim.calls.log.find((c) => c.endpoint === POST)!.params.newClientOrderId).toBe(
      order.clientOrderId
    )
    expect(sumAmount(await fillRows(order.id))).toBe('0.1')
    const pos = (await (await t.call(user, 'GET', '/v1/positions?mode=live')).json()).items
    expect(pos).toEqual([expect.objectContaining({ exchange: 'binance', symbol: 'BTC/USDT' })])
    const internal = tracing
      .spans()
      .filter((s) => s.kind === SpanKind.INTERNAL)
      .map((s) => s.name)
    expect(internal).toEqual(
      expect.arrayContaining(['order.place', 'order.compliance_check', 'order.submit'])
    )
    const client = tracing
      .spans()
      .filter((s) => s.kind === SpanKind.CLIENT && s.name === 'exchange createOrder')
    expect(client).toHaveLength(1)
  })

  it('should refuse a live order without step-up or without a validated key, before any exchange call', async () => {
    const user = await newUser(database)
    const noStepUp = await instance().order(user, 'k1', buy())
    expect([noStepUp.status, (await noStepUp.json()).type]).toEqual([
      403,
      '/problems/step-up-required',
    ])
    const noKey = await instance({ keys: false }).order(user, 'k2', buy(), STEP_UP)
    expect([noKey.status, (await noKey.json()).type]).toEqual([
      422,
      '/problems/exchange-key-required',
    ])
    expect(sim.calls.count(POST)).toBe(0)
    expect(await countOrders(user)).toBe(0)
  })

  it('should answer 50 concurrent identical requests with one simulator order and 50 identical responses', async () => {
    const t = instance()
    const user = await newUser(database)
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => t.order(user, 'same-key', buy('0.2'), STEP_UP))
    )
    const bodies = await Promise.all(
      responses.map(async (r) => ({ status: r.status, body: await r.text() }))
    )
    expect(new Set(bodies.map((b) => b.status))).toEqual(new Set([201]))
    expect(new Set(bodies.map((b) => b.body)).size).toBe(1)
    expect(sim.calls.count(POST)).toBe(1)
    expect(sim.engine.tradesOf('BTCUSDT').length).toBeGreaterThan(0)
    expect(await countOrders(user)).toBe(1)
  })

  it('should leave a timed-out order unknown, never resend it, and reconcile it to the simulator’s state', async () => {
    const clock = fixedClock('2026-06-01T12:00:00Z')
    const t = instance({ clock })
    const user = await newUser(database)
    sim.setFault(POST, { type: 'timeout-after-accept', delayMs: 5 })
    const res = await t.order(user, 'lost', buy('0.1'), STEP_UP)
    const order = await res.json()
    expect([res.status, order.status]).toEqual([201, 'unknown'])
    const replay = await t.order(user, 'lost', buy('0.1'), STEP_UP)
    expect(await replay.json()).toEqual(order)
    expect(await fillRows(order.id)).toHaveLength(0)

    clock.advance(2000)
    await t.services.trading.reconciler.runOnce()
    const after = await (await t.call(user, 'GET', `/v1/orders/${order.id}`)).json()
    expect(after).toMatchObject({ status: 'filled', filled: '0.1' })
    expect(after.exchangeOrderId).not.toBeNull()
    clock.advance(60_000)
    await t.services.trading.reconciler.runOnce()
    expect(sumAmount(await fillRows(order.id))).toBe('0.1')
    expect(sim.calls.count(POST)).toBe(1)
    expect(await countOrders(user)).toBe(1)
  })

  it('should release the key when the exchange refuses with 429, so a retry places the order once', async () => {
    const t = instance()
    const user = await newUser(database)
    await t.call(user, 'GET', '/v1/markets/binance/BTC-USDT/ticker')
    sim.setFault(POST, { type: 'rate-limit', status: 429, retryAfterSeconds: 1 })
    const limited = await t.order(user, 'rl', buy('0.1'), STEP_UP)
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '1'])
    const rows = await database.db.select().from(orders).where(eq(orders.userId, user))
    expect(rows.map((r) => [r.status, r.rejectReason, r.idempotencyKey])).toEqual([
      ['rejected', 'rate-limited', null],
    ])
    await new Promise((r) => setTimeout(r, 1100))
    const retry = await t.order(user, 'rl', buy('0.1'), STEP_UP)
    expect([retry.status, (await retry.json()).status]).toEqual([201, 'filled'])
    expect(sim.calls.count(POST)).toBe(2)
    expect(
      sim.engine
        .tradesOf('BTCUSDT')
        .reduce((s, x) => s.plus(x.qty), new D(0))
        .toFixed()
    ).toBe('0.1')
  })

  it('should cancel a resting live limit order', async () => {
    const t = instance()
    const user = await newUser(database)
    const placed = await (
      await t.order(user, 'rest', buy('0.1', { type: 'limit', price: '29000' }), STEP_UP)
    ).json()
    expect(placed.status).toBe('open')
    const res = await t.call(user, 'POST', `/v1/orders/${placed.id}/cancel`)
    expect([res.status, (await res.json()).status]).toEqual([200, 'cancelled'])
    expect(sim.calls.count('DELETE /api/v3/order')).toBe(1)
    expect((await t.call(user, 'POST', `/v1/orders/${placed.id}/cancel`)).status).toBe(409)
  })

  describe('crash points (restart = a new app instance on the same database)', () => {
    const hang = () => new Promise<never>(() => {})

    it('after the pending_submit commit: nothing was sent; reconciliation rejects it with evidence', async () => {
      const user = await newUser(database)
      const crashed = instance({
        wrap: (v) => ({
          ...v,
          liveGateway: async (u, ven) => ({ ...(await v.liveGateway(u, ven))!, createOrder: hang }),
        }),
      })
      void crashed.order(user, 'crash-1', buy('0.1'), STEP_UP)
      await until(async () => (await countOrders(user)) === 1)
      const [row] = await database.db.select().from(orders).where(eq(orders.userId, user))
      expect(row!.status).toBe('pending_submit')

      const clock = fixedClock(row!.createdAt.getTime() + 60_000)
      const restarted = instance({ clock })
      for (let i = 0; i < 4; i++) {
        await restarted.services.trading.reconciler.runOnce()
        clock.advance(10 * 60_000)
      }
      const after = await (await restarted.call(user, 'GET', `/v1/orders/${row!.id}`)).json()
      expect(after).toMatchObject({ status: 'rejected', rejectReason: 'not-found-on-exchange' })
      const [stored] = await database.db.select().from(orders).where(eq(orders.id, row!.id))
      expect(stored!.evidence).toMatchObject({
        rejection: { notFoundCount: 3, clientOrderId: row!.clientOrderId },
      })
      expect(sim.calls.count(POST)).toBe(0)
      // The key now answers with the resolved order: still one order, never a second submission.
      const replay = await restarted.order(user, 'crash-1', buy('0.1'), STEP_UP)
      expect([replay.status, (await replay.json()).status]).toEqual([201, 'rejected'])
      expect(await countOrders(user)).toBe(1)
    })

    it('after the exchange accepted: reconciliation finds the order by client id and imports its fills once', async () => {
      const user = await newUser(database)
      const crashed = instance({
        wrap: (v) => ({
          ...v,
          liveGateway: async (u, ven) => {
            const gw = (await v.liveGateway(u, ven))!
            return { ...gw, createOrder: async (req) => (await gw.createOrder(req), hang()) }
          },
        }),
      })
      void crashed.order(user, 'crash-2', buy('0.3'), STEP_UP)
      await until(async () => sim.engine.tradesOf('BTCUSDT').length > 0)
      const [row] = await database.db.select().from(orders).where(eq(orders.userId, user))
      expect(row!.status).toBe('pending_submit')

      const clock = fixedClock(row!.createdAt.getTime() + 60_000)
      const a = instance({ clock })
      const b = instance({ clock })
      await Promise.all([
        a.services.trading.reconciler.runOnce(),
        b.services.trading.reconciler.runOnce(),
      ])
      clock.advance(60_000)
      await a.services.trading.reconciler.runOnce()
      const after = await (await a.call(user, 'GET', `/v1/orders/${row!.id}`)).json()
      expect(after).toMatchObject({ status: 'filled', filled: '0.3' })
      const stored = await fillRows(row!.id)
      expect(sumAmount(stored)).toBe('0.3')
      expect(new Set(stored.map((f) => f.tradeId)).size).toBe(sim.engine.tradesOf('BTCUSDT').length)
      expect(sim.calls.count(POST)).toBe(1)
      const pos = (await (await a.call(user, 'GET', '/v1/positions?mode=live')).json()).items[0]
      expect(new D(pos.amount).lte('0.3')).toBe(true)
    })

    it('before the fills were stored (transaction aborted): the fills are counted once after reconciliation', async () => {
      const user = await newUser(database)
      const seen: string[] = []
      const counting: FillListener = {
        name: 'count',
        onFills: async (_tx, fs) => void seen.push(...fs.map((f) => f.tradeId)),
      }
      const abort: FillListener = {
        name: 'abort',
        onFills: async () => {
          throw new Error('process died while storing fills')
        },
      }
      const crashed = instance({ listeners: [counting, abort] })
      const res = await crashed.order(user, 'crash-3', buy('0.1'), STEP_UP)
      expect(res.status).toBe(500)
      const [row] = await database.db.select().from(orders).where(eq(orders.userId, user))
      expect([row!.status, (await fillRows(row!.id)).length]).toEqual(['pending_submit', 0])
      seen.length = 0 // the aborted transaction's calls were rolled back with it

      const clock = fixedClock(row!.createdAt.getTime() + 60_000)
      const restarted = instance({ clock, listeners: [counting] })
      await restarted.services.trading.reconciler.runOnce()
      clock.advance(60_000)
      await restarted.services.trading.reconciler.runOnce()
      const stored = await fillRows(row!.id)
      expect(sumAmount(stored)).toBe('0.1')
      expect(seen.sort()).toEqual(stored.map((f) => f.tradeId).sort())
      expect(sim.calls.count(POST)).toBe(1)
      const replay = await restarted.order(user, 'crash-3', buy('0.1'), STEP_UP)
      expect([replay.status, (await replay.json()).status]).toEqual([201, 'filled'])
    })
  })

  it('should make zero order-placing calls for paper orders on a real exchange’s book', async () => {
    const t = tradingApp({
      database,
      options: { trading: { gatewayOptions: { baseUrlOverride: sim.url, ccxtRateLimit: false } } },
    })
    const user = await newUser(database)
    const res = await t.order(user, 'paper-binance', buy('0.6'))
    const order = await res.json()
    expect(order).toMatchObject({ mode: 'paper', status: 'filled', filled: '0.6' })
    const stored = await fillRows(order.id)
    expect(stored.map((f) => [new D(f.price).toFixed(), new D(f.amount).toFixed()])).toEqual([
      ['30010', '0.5'],
      ['30020', '0.1'],
    ])
    expect(sim.calls.count(POST)).toBe(0)
    expect(sim.calls.count('DELETE /api/v3/order')).toBe(0)
    expect(sim.calls.count('GET /api/v3/depth')).toBe(1)
  })
})
