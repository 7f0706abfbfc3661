import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startExchangeSimulator, type ExchangeSimulator } from './index.ts'

const ccxt: Record<string, any> = await import('ccxt')
let sim: ExchangeSimulator

beforeAll(async () => {
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
afterAll(() => sim.close())

/** Plain ccxt (no gateway) pointed at the simulator. */
function binance(secret = sim.secret) {
  const ex = new ccxt.binance({
    apiKey: sim.apiKey,
    secret,
    enableRateLimit: false,
    options: { fetchCurrencies: false, fetchMargins: false, fetchMarkets: { types: ['spot'] } },
  })
  for (const k of Object.keys(ex.urls.api))
    ex.urls.api[k] = sim.url + new URL(ex.urls.api[k]).pathname
  return ex
}

describe('exchange simulator through real ccxt', () => {
  it('should serve ccxt loadMarkets, ticker, book, balance, orders and trades', async () => {
    const ex = binance()
    await ex.loadMarkets()
    expect(ex.markets['BTC/USDT'].limits.cost.min).toBe(5)
    expect((await ex.fetchTicker('BTC/USDT')).ask).toBe(30010)
    expect((await ex.fetchOrderBook('BTC/USDT')).bids[0]).toEqual([29990, 1])
    expect((await ex.fetchBalance()).USDT.free).toBe(100000)
    const o = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.2, 30015, {
      newClientOrderId: 'raw-1',
    })
    expect([o.status, o.filled, o.average, o.clientOrderId]).toEqual([
      'closed',
      0.2,
      30010,
      'raw-1',
    ])
    const byClient = await ex.fetchOrder(undefined, 'BTC/USDT', { origClientOrderId: 'raw-1' })
    expect(byClient.id).toBe(o.id)
    const trades = await ex.fetchMyTrades('BTC/USDT')
    expect(trades.map((t: any) => t.id)).toEqual(['1'])
  })

  it('should raise the ccxt error classes the gateway classifies', async () => {
    const ex = binance()
    await ex.loadMarkets()
    const p = { newClientOrderId: 'raw-dup' }
    await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, p)
    await expect(ex.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, p)).rejects.toBeInstanceOf(
      ccxt.InvalidOrder
    )
    await expect(ex.fetchOrder('999', 'BTC/USDT')).rejects.toBeInstanceOf(ccxt.OrderNotFound)
    await expect(ex.cancelOrder('999', 'BTC/USDT')).rejects.toBeInstanceOf(ccxt.OrderNotFound)
    await expect(ex.createOrder('BTC/USDT', 'limit', 'buy', 100, 29000)).rejects.toBeInstanceOf(
      ccxt.InsufficientFunds
    )
    const wrong = binance('wrong')
    await wrong.loadMarkets()
    await expect(wrong.fetchBalance()).rejects.toBeInstanceOf(ccxt.AuthenticationError)
    sim.setFault('GET /api/v3/account', { type: 'rate-limit', status: 418, retryAfterSeconds: 60 })
    await expect(ex.fetchBalance()).rejects.toBeInstanceOf(ccxt.DDoSProtection)
    sim.setFault('GET /api/v3/account', {
      type: 'server-error',
      status: 503,
      body: '<html>down</html>',
    })
    await expect(ex.fetchBalance()).rejects.toBeInstanceOf(ccxt.ExchangeNotAvailable)
    sim.setFault('GET /api/v3/account', { type: 'drop' })
    await expect(ex.fetchBalance()).rejects.toBeInstanceOf(ccxt.NetworkError)
  })
})
