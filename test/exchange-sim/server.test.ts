import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { binanceCall } from './client.ts'
import { startExchangeSimulator, type ExchangeSimulator } from './server.ts'

let sim: ExchangeSimulator
let now = 1_700_000_000_000

beforeEach(async () => {
  now = 1_700_000_000_000
  sim = await startExchangeSimulator({
    now: () => now,
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

const keys = () => ({ apiKey: sim.apiKey, secret: sim.secret, timestamp: now })
const order = {
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  quantity: '0.1',
  price: '29000',
}

describe('exchange simulator (HTTP)', () => {
  it('should serve public market data without a key', async () => {
    const info = await binanceCall(sim.url, 'GET', '/api/v3/exchangeInfo')
    expect(info.status).toBe(200)
    const btc = info.body.symbols.find((s: any) => s.symbol === 'BTCUSDT')
    expect(btc.filters.map((f: any) => f.filterType)).toEqual([
      'PRICE_FILTER',
      'LOT_SIZE',
      'NOTIONAL',
    ])
    const depth = await binanceCall(sim.url, 'GET', '/api/v3/depth', {
      symbol: 'BTCUSDT',
      limit: 1,
    })
    expect(depth.body.asks).toEqual([['30010.00000000', '0.50000000']])
    const book = await binanceCall(sim.url, 'GET', '/api/v3/ticker/bookTicker', {
      symbol: 'BTCUSDT',
    })
    expect(book.body).toMatchObject({ bidPrice: '29990.00000000', askPrice: '30010.00000000' })
    expect((await binanceCall(sim.url, 'GET', '/api/v3/time')).body).toEqual({ serverTime: now })
    const bad = await binanceCall(sim.url, 'GET', '/api/v3/depth', { symbol: 'NOPE' })
    expect([bad.status, bad.body]).toEqual([400, { code: -1121, msg: 'Invalid symbol.' }])
  })

  it('should accept a correctly signed order with params in the body or the query string', async () => {
    const a = await binanceCall(sim.url, 'POST', '/api/v3/order', order, keys())
    expect([a.status, a.body.status]).toEqual([200, 'NEW'])
    const b = await binanceCall(sim.url, 'POST', '/api/v3/order', order, {
      ...keys(),
      paramsInQuery: true,
    })
    expect(b.status).toBe(200)
  })

  it('should refuse a missing or unknown API key', async () => {
    const missing = await binanceCall(
      sim.url,
      'GET',
      '/api/v3/account',
      {},
      { secret: sim.secret, timestamp: now }
    )
    expect([missing.status, missing.body.code]).toEqual([401, -2014])
    const wrong = await binanceCall(
      sim.url,
      'GET',
      '/api/v3/account',
      {},
      { ...keys(), apiKey: 'other' }
    )
    expect([wrong.status, wrong.body]).toEqual([
      401,
      { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' },
    ])
  })

  it('should refuse a signature made with another secret or over other params', async () => {
    const other = await binanceCall(sim.url, 'POST', '/api/v3/order', order, {
      ...keys(),
      secret: 'not-the-secret',
    })
    expect([other.status, other.body]).toEqual([
      400,
      { code: -1022, msg: 'Signature for this request is not valid.' },
    ])
    const tampered = await binanceCall(
      sim.url,
      'GET',
      '/api/v3/account',
      {},
      { ...keys(), signature: 'ab'.repeat(32) }
    )
    expect(tampered.body.code).toBe(-1022)
    const none = await binanceCall(
      sim.url,
      'GET',
      '/api/v3/account',
      {},
      { ...keys(), signature: '' }
    )
    expect(none.body.code).toBe(-1022)
    expect(sim.engine.openOrders()).toHaveLength(0)
  })

  it('should enforce the timestamp and recvWindow window', async () => {
    const old = await binanceCall(
      sim.url,
      'GET',
      '/api/v3/account',
      {},
      { ...keys(), timestamp: now - 5001 }
    )
    expect([old.status, old.body]).toEqual([
      400,
      { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' },
    ])
    const wide = await binanceCall(
      sim.url,
      'GET',
      '/api/v3/account',
      {},
      { ...keys(), timestamp: now - 5001, recvWindow: 10000 }
    )
    expect(wide.status).toBe(200)
    const ahead = await binanceCall(
      sim.url,
      'GET',
      '/api/v3/account',
      {},
      { ...keys(), timestamp: now + 1001 }
    )
    expect(ahead.body.code).toBe(-1021)
    const missing = await binanceCall(
      sim.url,
      'GET',
      '/api/v3/account',
      {},
      { ...keys(), timestamp: null }
    )
    expect(missing.body.code).toBe(-1102)
    const tooWide = await binanceCall(
      sim.url,
      'GET',
      '/api/v3/account',
      {},
      { ...keys(), recvWindow: 60001 }
    )
    expect(tooWide.body.code).toBe(-1131)
  })

  it('should find orders by origClientOrderId and reject a duplicate newClientOrderId', async () => {
    const p = { ...order, newClientOrderId: 'ours-1' }
    expect((await binanceCall(sim.url, 'POST', '/api/v3/order', p, keys())).status).toBe(200)
    const dup = await binanceCall(sim.url, 'POST', '/api/v3/order', p, keys())
    expect([dup.status, dup.body]).toEqual([400, { code: -2010, msg: 'Duplicate order sent.' }])
    const q = await binanceCall(
      sim.url,
      'GET',
      '/api/v3/order',
      { symbol: 'BTCUSDT', origClientOrderId: 'ours-1' },
      keys()
    )
    expect(q.body).toMatchObject({ clientOrderId: 'ours-1', status: 'NEW', origQty: '0.10000000' })
    const c = await binanceCall(
      sim.url,
      'DELETE',
      '/api/v3/order',
      { symbol: 'BTCUSDT', origClientOrderId: 'ours-1' },
      keys()
    )
    expect(c.body).toMatchObject({ origClientOrderId: 'ours-1', status: 'CANCELED' })
  })

  it('should count every call per endpoint, rejected ones included', async () => {
    await binanceCall(sim.url, 'GET', '/api/v3/ping')
    await binanceCall(sim.url, 'POST', '/api/v3/order', order, keys())
    await binanceCall(sim.url, 'POST', '/api/v3/order', order, { ...keys(), apiKey: 'x' })
    expect(sim.calls.count('POST /api/v3/order')).toBe(2)
    expect(sim.calls.counts()).toEqual({ 'GET /api/v3/ping': 1, 'POST /api/v3/order': 2 })
    expect(sim.calls.log[2]).toMatchObject({
      status: 401,
      params: { symbol: 'BTCUSDT', quantity: '0.1' },
    })
    expect(sim.calls.log[1]!.params).not.toHaveProperty('signature')
    sim.calls.reset()
    expect(sim.calls.count()).toBe(0)
  })

  it('should answer injected 5xx, 429 and 418 for the next N matching calls only', async () => {
    sim.setFault('POST /api/v3/order', { type: 'server-error', status: 503 }, 2)
    sim.setFault('GET /api/v3/depth', { type: 'rate-limit', status: 429, retryAfterSeconds: 7 })
    sim.setFault('GET /api/v3/ticker/24hr', {
      type: 'rate-limit',
      status: 418,
      retryAfterSeconds: 120,
    })
    expect((await binanceCall(sim.url, 'POST', '/api/v3/order', order, keys())).status).toBe(503)
    expect((await binanceCall(sim.url, 'POST', '/api/v3/order', order, keys())).status).toBe(503)
    expect(sim.engine.openOrders()).toHaveLength(0)
    expect((await binanceCall(sim.url, 'POST', '/api/v3/order', order, keys())).status).toBe(200)
    const limited = await binanceCall(sim.url, 'GET', '/api/v3/depth', { symbol: 'BTCUSDT' })
    expect([limited.status, limited.headers.get('retry-after'), limited.body.code]).toEqual([
      429,
      '7',
      -1003,
    ])
    const banned = await binanceCall(sim.url, 'GET', '/api/v3/ticker/24hr', { symbol: 'BTCUSDT' })
    expect([banned.status, banned.headers.get('retry-after')]).toEqual([418, '120'])
    expect((await binanceCall(sim.url, 'GET', '/api/v3/depth', { symbol: 'BTCUSDT' })).status).toBe(
      200
    )
  })

  it('should create the order and then cut the connection on timeout-after-accept', async () => {
    sim.setFault('POST /api/v3/order', { type: 'timeout-after-accept', delayMs: 5 })
    await expect(
      binanceCall(
        sim.url,
        'POST',
        '/api/v3/order',
        { ...order, newClientOrderId: 'lost-1' },
        keys()
      )
    ).rejects.toThrow()
    expect(sim.engine.openOrders().map((o) => o.clientOrderId)).toEqual(['lost-1'])
    expect(sim.calls.log.at(-1)).toMatchObject({
      status: 'destroyed',
      fault: 'timeout-after-accept',
    })
  })

  it('should cut the connection without creating anything on drop, and still answer after latency', async () => {
    sim.setFault('POST /api/v3/order', { type: 'drop' })
    await expect(binanceCall(sim.url, 'POST', '/api/v3/order', order, keys())).rejects.toThrow()
    expect(sim.engine.openOrders()).toHaveLength(0)
    sim.setFault('*', { type: 'latency', ms: 20 })
    expect((await binanceCall(sim.url, 'GET', '/api/v3/ping')).status).toBe(200)
    expect(sim.calls.log.at(-1)!.fault).toBe('latency')
  })

  it('should report an existing order as not found for the next N queries', async () => {
    await binanceCall(
      sim.url,
      'POST',
      '/api/v3/order',
      { ...order, newClientOrderId: 'slow-1' },
      keys()
    )
    sim.setFault('GET /api/v3/order', { type: 'order-not-found' }, 2)
    const q = () =>
      binanceCall(
        sim.url,
        'GET',
        '/api/v3/order',
        { symbol: 'BTCUSDT', origClientOrderId: 'slow-1' },
        keys()
      )
    expect((await q()).body).toEqual({ code: -2013, msg: 'Order does not exist.' })
    expect((await q()).body.code).toBe(-2013)
    expect((await q()).body.clientOrderId).toBe('slow-1')
  })

  it('should list open orders and account trades with Binance fields', async () => {
    await binanceCall(
      sim.url,
      'POST',
      '/api/v3/order',
      { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.6' },
      keys()
    )
    await binanceCall(sim.url, 'POST', '/api/v3/order', order, keys())
    const open = await binanceCall(
      sim.url,
      'GET',
      '/api/v3/openOrders',
      { symbol: 'BTCUSDT' },
      keys()
    )
    expect(open.body).toHaveLength(1)
    const trades = await binanceCall(
      sim.url,
      'GET',
      '/api/v3/myTrades',
      { symbol: 'BTCUSDT', fromId: 2 },
      keys()
    )
    expect(trades.body).toEqual([
      expect.objectContaining({
        id: 2,
        orderId: 1,
        price: '30020.00000000',
        qty: '0.10000000',
        commissionAsset: 'BTC',
        isBuyer: true,
      }),
    ])
    const acct = await binanceCall(sim.url, 'GET', '/api/v3/account', {}, keys())
    expect(acct.body.balances).toContainEqual({
      asset: 'USDT',
      free: '79093.00000000',
      locked: '2900.00000000',
    })
  })
})
