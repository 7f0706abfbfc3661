import { describe, expect, it } from 'vitest'
import { createExchangeGateway } from './gateway.ts'
import { clientOrderIdParams, krakenUserref } from './profiles.ts'
import type { ExchangeId } from './types.ts'
import { recordingFetch } from '../../test/fixtures/exchange-responses.ts'

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
})
