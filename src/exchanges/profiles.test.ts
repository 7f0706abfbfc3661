import { describe, expect, it } from 'vitest'
import { dec } from '../lib/money.ts'
import { createExchangeGateway } from './gateway.ts'
import { clientOrderIdParams, krakenUserref } from './profiles.ts'
import type { ExchangeId } from './types.ts'

/** Minimal public market responses per exchange, keyed by URL path. */
const RESPONSES: Record<string, unknown> = {
  '/0/public/Assets': {
    error: [],
    result: {
      XXBT: {
        aclass: 'currency',
        altname: 'XBT',
        decimals: 10,
        display_decimals: 5,
        status: 'enabled',
      },
      ZUSD: {
        aclass: 'currency',
        altname: 'USD',
        decimals: 4,
        display_decimals: 2,
        status: 'enabled',
      },
    },
  },
  '/0/public/AssetPairs': {
    error: [],
    result: {
      XXBTZUSD: {
        altname: 'XBTUSD',
        wsname: 'XBT/USD',
        aclass_base: 'currency',
        base: 'XXBT',
        aclass_quote: 'currency',
        quote: 'ZUSD',
        pair_decimals: 1,
        lot_decimals: 8,
        lot_multiplier: 1,
        leverage_buy: [],
        leverage_sell: [],
        fees: [[0, 0.4]],
        fees_maker: [[0, 0.25]],
        ordermin: '0.00005',
        costmin: '0.5',
        tick_size: '0.1',
        status: 'online',
      },
    },
  },
  '/api/v2/symbols': {
    code: '200000',
    data: [
      {
        symbol: 'BTC-USDT',
        name: 'BTC-USDT',
        baseCurrency: 'BTC',
        quoteCurrency: 'USDT',
        feeCurrency: 'USDT',
        market: 'USDS',
        baseMinSize: '0.00001',
        quoteMinSize: '0.1',
        baseMaxSize: '10000000000',
        quoteMaxSize: '99999999',
        baseIncrement: '0.00000001',
        quoteIncrement: '0.000001',
        priceIncrement: '0.1',
        priceLimitRate: '0.1',
        minFunds: '0.1',
        isMarginEnabled: true,
        enableTrading: true,
      },
    ],
  },
  '/api/v3/brokerage/market/products': {
    products: [
      {
        product_id: 'BTC-USD',
        price: '60000',
        base_increment: '0.00000001',
        quote_increment: '0.01',
        quote_min_size: '1',
        quote_max_size: '150000000',
        base_min_size: '0.00000001',
        base_max_size: '3400',
        base_name: 'Bitcoin',
        quote_name: 'US Dollar',
        status: 'online',
        cancel_only: false,
        limit_only: false,
        post_only: false,
        trading_disabled: false,
        auction_mode: false,
        product_type: 'SPOT',
        quote_currency_id: 'USD',
        base_currency_id: 'BTC',
        base_display_symbol: 'BTC',
        quote_display_symbol: 'USD',
        price_increment: '0.01',
      },
    ],
  },
}

function recordingFetch() {
  const urls: string[] = []
  const fetch = async (input: string) => {
    const url = new URL(input)
    urls.push(
      `${url.host}${url.pathname}${url.searchParams.get('product_type') ? `?product_type=${url.searchParams.get('product_type')}` : ''}`
    )
    const body =
      url.searchParams.get('product_type') === 'FUTURE' ? { products: [] } : RESPONSES[url.pathname]
    return new Response(JSON.stringify(body ?? {}), {
      status: body ? 200 : 404,
      headers: { 'content-type': 'application/json' },
    })
  }
  return { urls, fetch }
}

async function load(exchange: ExchangeId, symbol: string) {
  const rec = recordingFetch()
  const gw = createExchangeGateway({ exchange, fetch: rec.fetch, ccxtRateLimit: false })
  const market = await gw.market(symbol)
  return { urls: rec.urls.sort(), market }
}

describe('exchange profiles', () => {
  it('should load Kraken markets from Assets and AssetPairs only', async () => {
    const { urls, market } = await load('kraken', 'BTC/USD')
    expect(urls).toEqual(['api.kraken.com/0/public/AssetPairs', 'api.kraken.com/0/public/Assets'])
    expect([
      market.minNotional?.toFixed(),
      market.minAmount?.toFixed(),
      market.amountStep?.toFixed(),
    ]).toEqual(['0.5', '0.00005', '0.00000001'])
  })

  it('should load KuCoin spot markets from one symbols call (no margin lists, no all-tickers)', async () => {
    const { urls, market } = await load('kucoin', 'BTC/USDT')
    expect(urls).toEqual(['api.kucoin.com/api/v2/symbols'])
    expect(market.minNotional?.toFixed()).toBe('0.1')
  })

  it('should load Coinbase markets without the v2 currency calls', async () => {
    const { urls, market } = await load('coinbase', 'BTC/USD')
    expect(
      urls.every((u) => u.startsWith('api.coinbase.com/api/v3/brokerage/market/products'))
    ).toBe(true)
    // ccxt 4.5.84 always adds the FUTURE and PERPETUAL product lists (documented in PROFILES).
    expect(urls).toHaveLength(3)
    expect([market.minNotional?.toFixed(), market.priceStep?.toFixed()]).toEqual(['1', '0.01'])
  })

  it('should use the Binance testnet in sandbox mode and refuse sandbox where ccxt has none', async () => {
    const rec = recordingFetch()
    const gw = createExchangeGateway({
      exchange: 'binance',
      sandbox: true,
      fetch: rec.fetch,
      ccxtRateLimit: false,
    })
    await gw.markets().catch(() => undefined)
    expect(rec.urls).toEqual(['testnet.binance.vision/api/v3/exchangeInfo'])
    expect(() => createExchangeGateway({ exchange: 'kraken', sandbox: true })).toThrow(/no sandbox/)
  })

  it('should map our client order id to each exchange field', () => {
    const id = '01J9ZK3T2Q-ord_42'
    expect(clientOrderIdParams('binance', id)).toEqual({ newClientOrderId: id })
    expect(clientOrderIdParams('coinbase', id)).toEqual({ client_order_id: id })
    expect(clientOrderIdParams('kucoin', id)).toEqual({ clientOid: id })
    expect(clientOrderIdParams('kraken', id)).toEqual({ userref: krakenUserref(id) })
    expect(() => clientOrderIdParams('binance', 'x'.repeat(37))).toThrow()
  })

  it('should derive a stable positive 31-bit Kraken userref', () => {
    expect(krakenUserref('abc')).toBe(krakenUserref('abc'))
    expect(krakenUserref('abc')).not.toBe(krakenUserref('abd'))
    const seen = new Set<number>()
    for (let i = 0; i < 2000; i++) {
      const r = krakenUserref(`order-${i}`)
      expect(Number.isInteger(r) && r > 0 && r <= 0x7fffffff).toBe(true)
      seen.add(r)
    }
    expect(seen.size).toBe(2000)
  })

  it('should pass the derived userref on a Kraken order and find it again by our id', async () => {
    const id = 'kr-1'
    const userref = krakenUserref(id)
    const sent: Array<{ path: string; body: string }> = []
    const fetch = async (input: string, init?: RequestInit) => {
      const url = new URL(input)
      sent.push({ path: url.pathname, body: String(init?.body ?? '') })
      const order = {
        refid: null,
        userref,
        status: 'closed',
        opentm: 1700000000.1,
        descr: {
          pair: 'XBTUSD',
          type: 'buy',
          ordertype: 'limit',
          price: '60000.0',
          order: 'buy 0.01000000 XBTUSD @ limit 60000.0',
        },
        vol: '0.01000000',
        vol_exec: '0.01000000',
        cost: '600.00000',
        fee: '1.56000',
        price: '60000.0',
        misc: '',
        oflags: 'fciq',
      }
      const bodies: Record<string, unknown> = {
        ...RESPONSES,
        '/0/private/AddOrder': {
          error: [],
          result: {
            descr: { order: 'buy 0.01000000 XBTUSD @ limit 60000.0' },
            txid: ['OABC12-DEF34-GHI567'],
          },
        },
        '/0/private/OpenOrders': { error: [], result: { open: {} } },
        '/0/private/ClosedOrders': {
          error: [],
          result: { closed: { 'OABC12-DEF34-GHI567': order }, count: 1 },
        },
      }
      return new Response(JSON.stringify(bodies[url.pathname] ?? {}), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })
    }
    const gw = createExchangeGateway({
      exchange: 'kraken',
      fetch,
      ccxtRateLimit: false,
      credentials: { apiKey: 'k', secret: btoa('kraken-secret-bytes') },
    })
    const placed = await gw.createOrder({
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      amount: dec('0.01'),
      price: dec('60000'),
      clientOrderId: id,
    })
    expect(placed.exchangeOrderId).toBe('OABC12-DEF34-GHI567')
    expect(
      new URLSearchParams(sent.find((s) => s.path === '/0/private/AddOrder')!.body).get('userref')
    ).toBe(String(userref))
    const found = await gw.fetchOrderByClientId('BTC/USD', id)
    expect([
      found.clientOrderId,
      found.status,
      found.filled?.toFixed(),
      found.cost?.toFixed(),
      found.inexact,
    ]).toEqual([id, 'filled', '0.01', '600', []])
    expect(
      new URLSearchParams(sent.find((s) => s.path === '/0/private/ClosedOrders')!.body).get(
        'userref'
      )
    ).toBe(String(userref))
  })
})
