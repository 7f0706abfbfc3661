import { SpanKind } from '@opentelemetry/api'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DRIVERS, type TestDatabase } from '../../test/support/db.ts'
import { installTestTracing } from '../../test/support/tracing.ts'
import { newUser, tradingApp } from '../../test/support/trading.ts'
import { uuidv7 } from '../lib/ids.ts'
import { D } from '../lib/money.ts'

const buy = (amount: string, extra: Record<string, unknown> = {}) => ({
  exchange: 'sim',
  symbol: 'BTC/USDT',
  side: 'buy',
  type: 'market',
  amount,
  ...extra,
})

// One tracer provider for the file: OpenTelemetry registers the global one once.
const tracing = installTestTracing()
afterAll(() => tracing.shutdown())
beforeEach(() => tracing.reset())

// Both drivers: the order path's statements (db/compiled.ts among them) must behave the same on each.
describe.each(DRIVERS)('orders routes (paper, sim venue, %s)', (_driver, open) => {
  let database: TestDatabase
  let t: ReturnType<typeof tradingApp>
  beforeAll(async () => {
    database = await open()
    t = tradingApp({ database })
  })
  afterAll(() => database.close())

  it('should answer 400 without an Idempotency-Key and store nothing', async () => {
    const user = await newUser(database)
    const res = await t.order(user, null, buy('0.01'))
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect((await res.json()).type).toBe('/problems/idempotency-key-required')
    expect((await (await t.call(user, 'GET', '/v1/orders')).json()).items).toEqual([])
  })

  it('should answer 401 without credentials', async () => {
    const res = await t.app.request('/v1/orders', {
      method: 'POST',
      headers: { 'idempotency-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify(buy('0.01')),
    })
    expect(res.status).toBe(401)
  })

  it('should answer 422 for an unknown exchange or symbol', async () => {
    const user = await newUser(database)
    const ex = await t.order(user, 'u1', buy('0.01', { exchange: 'mtgox' }))
    expect(ex.status).toBe(422)
    expect((await ex.json()).errors).toEqual([expect.objectContaining({ path: 'exchange' })])
    const sym = await t.order(user, 'u2', buy('0.01', { symbol: 'DOGE/USDT' }))
    expect(sym.status).toBe(422)
    expect(await sym.json()).toMatchObject({
      type: '/problems/unknown-symbol',
      errors: [{ path: 'symbol' }],
    })
  })

  it.each([
    ['negative', '-0.01'],
    ['zero', '0'],
    ['NaN', 'NaN'],
    ['exponent', '1e-2'],
    ['a JSON number', 0.01],
    ['over-precise (19 decimals)', '0.0100000000000000001'],
    ['empty', ''],
  ])('should answer 422 for a %s amount', async (_name, amount) => {
    const res = await t.order(await newUser(database), 'bad-amount', buy(amount as string))
    expect(res.status).toBe(422)
    const body = await res.json()
    expect(body.type).toBe('/problems/validation-error')
    expect(body.errors.map((e: { path: string }) => e.path)).toContain('amount')
  })

  it('should answer 422 for amounts below the step, minimum notional, or a limit order without price', async () => {
    const user = await newUser(database)
    const step = await t.order(user, 's1', buy('0.000001'))
    expect([step.status, (await step.json()).type]).toEqual([422, '/problems/order-size'])
    const notional = await t.order(user, 's2', buy('0.00001'))
    const body = await notional.json()
    expect([notional.status, body.type, body.violations[0].code]).toEqual([
      422,
      '/problems/order-size',
      'notional-below-min',
    ])
    const limit = await t.order(user, 's3', buy('0.01', { type: 'limit' }))
    expect((await limit.json()).errors).toEqual([expect.objectContaining({ path: 'price' })])
    expect((await (await t.call(user, 'GET', '/v1/orders')).json()).items).toEqual([])
  })

  it('should fill a paper market buy, keep fills and positions, and truncate the amount to the step', async () => {
    const user = await newUser(database)
    const res = await t.order(user, 'fill-1', buy('0.0123456'))
    expect(res.status).toBe(201)
    const order = await res.json()
    expect(order).toMatchObject({
      status: 'filled',
      mode: 'paper',
      exchange: 'sim',
      amount: '0.01234',
      requestedAmount: '0.0123456',
      filled: '0.01234',
    })
    expect(order.clientOrderId).toMatch(/^tw[0-9a-f]{32}$/)
    const fills = (await (await t.call(user, 'GET', `/v1/fills?orderId=${order.id}`)).json()).items
    expect(fills.length).toBeGreaterThan(0)
    expect(D.sum(...fills.map((f: { amount: string }) => new D(f.amount))).toFixed()).toBe(
      '0.01234'
    )
    for (const f of fills)
      expect(new D(f.fee).eq(new D(f.cost).times('0.001').toDecimalPlaces(18))).toBe(true)
    const positions = (await (await t.call(user, 'GET', '/v1/positions')).json()).items
    expect(positions).toEqual([
      expect.objectContaining({
        mode: 'paper',
        exchange: 'sim',
        symbol: 'BTC/USDT',
        amount: '0.01234',
      }),
    ])
  })

  it('should replay the same key with the same body and refuse it with another body', async () => {
    const user = await newUser(database)
    const first = await t.order(user, 'replay-1', buy('0.01'))
    const again = await t.order(user, 'replay-1', buy('0.010'))
    expect([first.status, again.status]).toEqual([201, 201])
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await again.json()).toEqual(await first.json())
    const other = await t.order(user, 'replay-1', buy('0.02'))
    expect([other.status, (await other.json()).type]).toEqual([
      422,
      '/problems/idempotency-key-reused',
    ])
    expect((await (await t.call(user, 'GET', '/v1/orders')).json()).items).toHaveLength(1)
  })

  it('should keep the position equal to the fills under concurrent orders of one user', async () => {
    const user = await newUser(database)
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.order(user, `c${i}`, buy('0.001')))
    )
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201))
    const sells = await Promise.all(
      Array.from({ length: 30 }, (_, i) => t.order(user, `s${i}`, buy('0.001', { side: 'sell' })))
    )
    expect(sells.filter((r) => r.status === 201)).toHaveLength(20)
    expect(sells.filter((r) => r.status === 422)).toHaveLength(10)
    const fills = (await (await t.call(user, 'GET', '/v1/fills?limit=200')).json()).items
    expect(fills).toHaveLength(40)
    const [pos] = (await (await t.call(user, 'GET', '/v1/positions')).json()).items
    expect(pos.amount).toBe('0')
  })

  it('should refuse a fill whose order does not exist when the transaction commits', async () => {
    const err = await database.db
      .execute(
        sql`insert into fills (id, user_id, order_id, mode, venue, symbol, side, trade_id, price, amount, cost, fee, realized_pnl, ts)
            values (${uuidv7()}, ${await newUser(database)}, ${uuidv7()}, 'paper', 'sim', 'BTC/USDT', 'buy', 'x', 1, 1, 1, 0, 0, now())`
      )
      .catch((e: Error) => e)
    expect(String((err as Error & { cause?: Error }).cause?.message)).toMatch(/foreign key/)
  })

  it('should refuse a paper sell beyond the position with 422', async () => {
    const user = await newUser(database)
    expect((await t.order(user, 'b', buy('0.01'))).status).toBe(201)
    const sell = await t.order(user, 's', buy('0.02', { side: 'sell' }))
    expect(sell.status).toBe(422)
    expect(await sell.json()).toMatchObject({
      type: '/problems/insufficient-position',
      available: '0.01',
    })
    expect((await t.order(user, 's2', buy('0.01', { side: 'sell' }))).status).toBe(201)
  })

  it('should refuse orders with 423 while the kill switch is on, and accept them after release', async () => {
    const user = await newUser(database)
    const on = await t.call(user, 'POST', '/v1/risk/kill-switch', { active: true, reason: 'test' })
    expect(on.status).toBe(200)
    const refused = await t.order(user, 'ks', buy('0.01'))
    expect(refused.status).toBe(423)
    expect(await refused.json()).toMatchObject({
      type: '/problems/kill-switch-active',
      scope: 'user',
    })
    expect((await (await t.call(user, 'GET', '/v1/risk/state')).json()).tradingAllowed).toBe(false)
    expect((await t.order(await newUser(database), 'ks', buy('0.01'))).status).toBe(201)
    await t.call(user, 'POST', '/v1/risk/kill-switch', { active: false })
    expect((await t.order(user, 'ks', buy('0.01'))).status).toBe(201)
  })

  it('should let only an admin use the global kill switch, which stops everyone', async () => {
    const user = await newUser(database)
    expect(
      (await t.call(user, 'POST', '/v1/risk/kill-switch', { active: true, scope: 'global' })).status
    ).toBe(403)
    const admin = await newUser(database)
    expect(
      (
        await t.call(
          admin,
          'POST',
          '/v1/risk/kill-switch',
          { active: true, scope: 'global' },
          { 'x-test-role': 'admin' }
        )
      ).status
    ).toBe(200)
    const res = await t.order(user, 'g', buy('0.01'))
    expect([res.status, (await res.json()).scope]).toEqual([423, 'global'])
    await t.call(
      admin,
      'POST',
      '/v1/risk/kill-switch',
      { active: false, scope: 'global' },
      { 'x-test-role': 'admin' }
    )
    expect((await t.order(user, 'g', buy('0.01'))).status).toBe(201)
  })

  it('should cancel resting paper orders when the kill switch asks to', async () => {
    const user = await newUser(database)
    const rest = await (
      await t.order(user, 'rest', buy('0.01', { type: 'limit', price: '1000' }))
    ).json()
    expect(rest.status).toBe('open')
    const res = await (
      await t.call(user, 'POST', '/v1/risk/kill-switch', { active: true, cancelOpenOrders: true })
    ).json()
    expect(res.cancellation).toEqual({ requested: 1, cancelled: 1 })
    expect((await (await t.call(user, 'GET', `/v1/orders/${rest.id}`)).json()).status).toBe(
      'cancelled'
    )
    await t.call(user, 'POST', '/v1/risk/kill-switch', { active: false })
  })

  it('should enforce risk limits set through PUT /v1/risk/limits', async () => {
    const user = await newUser(database)
    const put = await t.call(user, 'PUT', '/v1/risk/limits', {
      maxOrderNotional: '100',
      maxPositionNotional: null,
      maxDailyLoss: null,
      maxOpenOrders: 1,
    })
    expect(await put.json()).toEqual({
      maxOrderNotional: '100',
      maxPositionNotional: null,
      maxDailyLoss: null,
      maxOpenOrders: 1,
    })
    const big = await t.order(user, 'r1', buy('0.01'))
    expect(big.status).toBe(422)
    expect(await big.json()).toMatchObject({
      type: '/problems/risk-limit-exceeded',
      limit: 'maxOrderNotional',
      max: '100',
    })
    const limit = await t.order(user, 'r2', buy('0.02', { type: 'limit', price: '9000' }))
    expect(await limit.json()).toMatchObject({
      status: 422,
      limit: 'maxOrderNotional',
      value: '180',
    })
    const ok = await t.order(user, 'r4', buy('0.01', { type: 'limit', price: '1000' }))
    expect([ok.status, (await ok.json()).status]).toEqual([201, 'open'])
    const second = await t.order(user, 'r5', buy('0.01', { type: 'limit', price: '1000' }))
    expect(await second.json()).toMatchObject({ limit: 'maxOpenOrders' })
  })

  it('should answer 404 for another user’s order, and page orders newest first', async () => {
    const alice = await newUser(database)
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      t.clock.advance(1) // ids are UUIDv7: time-ordered across milliseconds
      ids.push((await (await t.order(alice, `p${i}`, buy('0.001'))).json()).id)
    }
    expect((await t.call(await newUser(database), 'GET', `/v1/orders/${ids[0]}`)).status).toBe(404)
    expect(
      (await t.call(await newUser(database), 'POST', `/v1/orders/${ids[0]}/cancel`)).status
    ).toBe(404)
    expect((await t.call(alice, 'GET', '/v1/orders/not-a-uuid')).status).toBe(404)
    const page1 = await (await t.call(alice, 'GET', '/v1/orders?limit=2')).json()
    expect(page1.items.map((o: { id: string }) => o.id)).toEqual([ids[2], ids[1]])
    const page2 = await (
      await t.call(alice, 'GET', `/v1/orders?limit=2&cursor=${page1.nextCursor}`)
    ).json()
    expect([page2.items.map((o: { id: string }) => o.id), page2.nextCursor]).toEqual([
      [ids[0]],
      null,
    ])
  })

  it('should refuse live orders on a paper platform and on the sim venue', async () => {
    const user = await newUser(database)
    const live = await t.order(user, 'l1', buy('0.01', { exchange: 'binance', mode: 'live' }))
    expect([live.status, (await live.json()).type]).toEqual([
      403,
      '/problems/live-trading-disabled',
    ])
    const sim = await t.order(user, 'l2', buy('0.01', { mode: 'live' }))
    expect([sim.status, (await sim.json()).type]).toEqual([422, '/problems/live-not-available'])
  })

  it('should refuse the order when the compliance gate throws (fail closed), and store nothing', async () => {
    let called = 0
    const failing = tradingApp({
      database,
      options: {
        compliance: {
          check: async () => {
            called++
            throw new Error('sanctions list unavailable')
          },
        },
      },
    })
    const user = await newUser(database)
    const res = await failing.order(user, 'cf', buy('0.01'))
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ type: '/problems/compliance-check-failed' })
    expect(called).toBe(1)
    expect((await (await failing.call(user, 'GET', '/v1/orders')).json()).items).toEqual([])
    expect((await (await failing.call(user, 'GET', '/v1/fills')).json()).items).toEqual([])
  })

  it('should map compliance decisions: requires_kyc and blocked refuse with reasons, review lets the order through', async () => {
    const reasons = [{ code: 'kyc-required', message: 'KYC needed at this size' }]
    const seen: Array<{
      amount: string
      price: string | null
      quoteCurrency: string
      orderId: string
    }> = []
    const gate = (decision: 'requires_kyc' | 'blocked' | 'review') =>
      tradingApp({
        database,
        options: {
          compliance: {
            check: async (i) => {
              seen.push({
                amount: i.amount.toFixed(),
                price: i.price?.toFixed() ?? null,
                quoteCurrency: i.quoteCurrency,
                orderId: i.orderId,
              })
              return { decision, reasons }
            },
          },
        },
      })
    const user = await newUser(database)
    const kyc = await gate('requires_kyc').order(user, 'kyc', buy('0.01'))
    expect(await kyc.json()).toMatchObject({ status: 403, type: '/problems/kyc-required', reasons })
    const blocked = await gate('blocked').order(user, 'blk', buy('0.01'))
    expect(await blocked.json()).toMatchObject({
      status: 403,
      type: '/problems/compliance-blocked',
    })
    const review = await gate('review').order(user, 'rev', buy('0.01'))
    const placed = await review.json()
    expect([review.status, placed.status]).toEqual([201, 'filled'])
    expect(seen.at(-1)).toMatchObject({ amount: '0.01', quoteCurrency: 'USDT', orderId: placed.id })
    expect(seen.at(-1)!.price).toBe(placed.referencePrice)
  })

  it('should record INTERNAL spans for order placement and the compliance check', async () => {
    await t.order(await newUser(database), 'span', buy('0.01'))
    const internal = tracing
      .spans()
      .filter((s) => s.kind === SpanKind.INTERNAL)
      .map((s) => s.name)
    expect(internal).toEqual(expect.arrayContaining(['order.place', 'order.compliance_check']))
  })

  it('should not list the sim venue when ENABLE_MOCK_DATA is off, and refuse orders on it', async () => {
    const off = tradingApp({ database, env: { ENABLE_MOCK_DATA: 'false' } })
    const venues = (await (await off.app.request('/v1/exchanges')).json()).items.map(
      (v: { venue: string }) => v.venue
    )
    expect(venues).toEqual(['binance', 'coinbase', 'kraken', 'kucoin'])
    const res = await off.order(await newUser(database), 'sim-off', buy('0.01'))
    expect([res.status, (await res.json()).type]).toEqual([422, '/problems/unknown-exchange'])
  })
})
