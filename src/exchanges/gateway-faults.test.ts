import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startExchangeSimulator, type ExchangeSimulator } from '../../test/exchange-sim/index.ts'
import { fixedClock } from '../lib/clock.ts'
import { dec } from '../lib/money.ts'
import { createExchangeGuards } from './exchange-guards.ts'
import { createExchangeGateway, type ExchangeGatewayOptions } from './gateway.ts'
import type { CreateOrderRequest } from './types.ts'

let sim: ExchangeSimulator

beforeEach(async () => {
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

function gateway(extra: Partial<ExchangeGatewayOptions> = {}) {
  return createExchangeGateway({
    exchange: 'binance',
    credentials: { apiKey: sim.apiKey, secret: sim.secret },
    baseUrlOverride: sim.url,
    ccxtRateLimit: false,
    ...extra,
  })
}

const buy = (clientOrderId: string): CreateOrderRequest => ({
  symbol: 'BTC/USDT',
  side: 'buy',
  type: 'market',
  amount: dec('0.1'),
  clientOrderId,
})
const POST = 'POST /api/v3/order'

describe('exchange gateway faults', () => {
  it('should report a 5xx on createOrder as outcome unknown and never resend', async () => {
    const gw = gateway()
    await gw.market('BTC/USDT')
    sim.setFault(POST, { type: 'server-error', status: 503 })
    const err = await gw.createOrder(buy('c-503')).catch((e) => e)
    expect([err.name, err.kind, err.sent]).toEqual(['ExchangeOutcomeUnknownError', 'unknown', true])
    expect(sim.calls.count(POST)).toBe(1)
  })

  it('should report timeout-after-accept as unknown, then find the real order by client order id', async () => {
    const gw = gateway()
    sim.setFault(POST, { type: 'timeout-after-accept', delayMs: 5 })
    const err = await gw.createOrder(buy('c-lost')).catch((e) => e)
    expect(err.kind).toBe('unknown')
    const found = await gw.fetchOrderByClientId('BTC/USDT', 'c-lost')
    expect([found.status, found.filled?.toFixed()]).toEqual(['filled', '0.1'])
    expect(sim.calls.count(POST)).toBe(1)
  })

  it('should report a request that times out while the exchange holds it as unknown', async () => {
    const gw = gateway({ timeoutMs: 300 })
    await gw.market('BTC/USDT')
    sim.setFault(POST, { type: 'timeout-after-accept', delayMs: 3000 })
    const err = await gw.createOrder(buy('c-slow')).catch((e) => e)
    expect([err.kind, (err.cause as Error).name]).toEqual(['unknown', 'RequestTimeout'])
    expect(sim.engine.openOrders().length + sim.engine.tradesOf('BTCUSDT').length).toBeGreaterThan(
      0
    )
  })

  it('should say not found while the exchange does, then find the order', async () => {
    const gw = gateway()
    await gw.createOrder({ ...buy('c-late'), type: 'limit', price: dec('29000') })
    sim.setFault('GET /api/v3/order', { type: 'order-not-found' }, 2)
    for (let i = 0; i < 2; i++) {
      const e = await gw.fetchOrderByClientId('BTC/USDT', 'c-late').catch((x) => x)
      expect([e.name, e.kind]).toEqual(['ExchangeNotFoundError', 'not-found'])
    }
    expect((await gw.fetchOrderByClientId('BTC/USDT', 'c-late')).status).toBe('open')
  })

  it('should back off after a 429 for Retry-After without sending in between', async () => {
    const clock = fixedClock()
    const gw = gateway({ clock, guards: createExchangeGuards({ clock }) })
    await gw.market('BTC/USDT')
    sim.setFault('GET /api/v3/ticker/24hr', {
      type: 'rate-limit',
      status: 429,
      retryAfterSeconds: 7,
    })
    const first = await gw.ticker('BTC/USDT').catch((e) => e)
    expect([first.name, first.sent, first.retryAfterMs]).toEqual([
      'ExchangeRateLimitedError',
      true,
      7000,
    ])
    const before = sim.calls.count()
    const second = await gw.createOrder(buy('c-held')).catch((e) => e)
    expect([second.kind, second.sent, second.retryAfterMs]).toEqual(['rate-limited', false, 7000])
    expect(sim.calls.count()).toBe(before)
    clock.advance(7001)
    expect((await gw.ticker('BTC/USDT')).bid?.toFixed()).toBe('29990')
  })

  it('should honour a 418 ban across gateways sharing the guards', async () => {
    const clock = fixedClock()
    const guards = createExchangeGuards({ clock })
    const a = gateway({ clock, guards })
    const b = gateway({ clock, guards })
    await a.market('BTC/USDT')
    sim.setFault('GET /api/v3/depth', { type: 'rate-limit', status: 418, retryAfterSeconds: 120 })
    expect((await a.orderBook('BTC/USDT').catch((e) => e)).retryAfterMs).toBe(120_000)
    const other = await b.balance().catch((e) => e)
    expect([other.kind, other.sent]).toEqual(['rate-limited', false])
    expect(guards.snapshot().binance?.budget.lastLimitStatus).toBe(418)
  })

  it('should refuse locally once the request budget is spent', async () => {
    const clock = fixedClock()
    const guards = createExchangeGuards({
      clock,
      budgets: { binance: { ratePerSec: 1, burst: 3, maxWaitMs: 0 } },
    })
    const gw = gateway({ clock, guards })
    await gw.ticker('BTC/USDT')
    await gw.ticker('BTC/USDT')
    const calls = sim.calls.count()
    const err = await gw.ticker('BTC/USDT').catch((e) => e)
    expect([err.kind, err.sent]).toEqual(['rate-limited', false])
    expect(sim.calls.count()).toBe(calls)
  })

  it('should open the circuit after repeated failures, refuse unsent, and close after a good probe', async () => {
    const clock = fixedClock()
    const guards = createExchangeGuards({ clock, breaker: { failureThreshold: 2, openMs: 5000 } })
    const gw = gateway({ clock, guards })
    await gw.market('BTC/USDT')
    sim.setFault('GET /api/v3/ticker/24hr', { type: 'drop' }, 2)
    for (let i = 0; i < 2; i++)
      expect((await gw.ticker('BTC/USDT').catch((e) => e)).kind).toBe('unknown')
    expect(guards.snapshot().binance?.circuit.state).toBe('open')
    const calls = sim.calls.count()
    const refused = await gw.createOrder(buy('c-open')).catch((e) => e)
    expect([refused.name, refused.sent, refused.retryAfterMs]).toEqual([
      'ExchangeUnavailableError',
      false,
      5000,
    ])
    expect(sim.calls.count()).toBe(calls)
    clock.advance(5000)
    expect(guards.snapshot().binance?.circuit.state).toBe('half-open')
    await gw.ticker('BTC/USDT')
    expect(guards.snapshot().binance?.circuit).toMatchObject({
      state: 'closed',
      consecutiveFailures: 0,
    })
  })

  it('should report a failed market load before an order as unavailable, not unknown', async () => {
    const gw = gateway()
    sim.setFault('GET /api/v3/exchangeInfo', { type: 'server-error', status: 502 })
    const err = await gw.createOrder(buy('c-nomarkets')).catch((e) => e)
    expect([err.name, err.sent]).toEqual(['ExchangeUnavailableError', false])
    expect(sim.calls.count(POST)).toBe(0)
    expect((await gw.createOrder(buy('c-after'))).status).toBe('filled')
  })

  it('should classify a timestamp outside recvWindow as a refusal (clock skew), not an unknown outcome', async () => {
    await sim.close()
    sim = await startExchangeSimulator({ now: () => Date.now() + 120_000 })
    const err = await gateway()
      .balance()
      .catch((e) => e)
    expect([err.kind, err.reason]).toEqual(['rejected', 'invalid-nonce'])
  })
})
