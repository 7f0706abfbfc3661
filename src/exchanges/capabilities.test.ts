import { describe, expect, it } from 'vitest'
import { capabilityMatrix } from './capabilities.ts'
import { PROFILES } from './profiles.ts'
import { EXCHANGE_IDS } from './types.ts'

const ccxt: Record<string, any> = await import('ccxt')
const instance = (id: string) =>
  new ccxt[id]({ ...structuredClone(PROFILES[id as keyof typeof PROFILES].ccxtConfig) })

describe('capabilityMatrix', () => {
  it('should list the four exchanges, and sim only when asked', () => {
    expect(capabilityMatrix().map((c) => c.venue)).toEqual([
      'binance',
      'coinbase',
      'kraken',
      'kucoin',
    ])
    const withSim = capabilityMatrix({ includeSim: true })
    expect(withSim.at(-1)).toMatchObject({
      venue: 'sim',
      kind: 'synthetic',
      requiredCredentials: [],
    })
  })

  it.each(EXCHANGE_IDS)('should agree with ccxt has/features flags for %s', (id) => {
    const cap = capabilityMatrix().find((c) => c.venue === id)!
    const ex = instance(id)
    const f = ex.features.spot
    expect(cap.sandbox).toBe(ex.has.sandbox === true)
    expect(cap.sandbox).toBe(f.sandbox === true)
    if (cap.orderTypes.includes('market')) expect(ex.has.createMarketOrder).toBeTruthy()
    if (cap.orderTypes.includes('limit')) expect(ex.has.createLimitOrder).toBeTruthy()
    for (const tif of cap.timeInForce) expect(f.createOrder.timeInForce[tif], tif).toBe(true)
    expect(cap.postOnly).toBe(f.createOrder.timeInForce.PO === true)
    expect(cap.marketBuyAmount === 'quote-cost').toBe(f.createOrder.marketBuyRequiresPrice === true)
    const lookupNeeds = {
      direct: ['fetchOrder'],
      'scan-recent-orders': ['fetchOrders'],
      'scan-by-userref': ['fetchOpenOrders', 'fetchClosedOrders'],
    }
    for (const m of lookupNeeds[cap.clientOrderIdLookup!]) expect(ex.has[m], m).toBeTruthy()
    for (const m of [
      'fetchTicker',
      'fetchOrderBook',
      'fetchBalance',
      'createOrder',
      'fetchOrder',
      'cancelOrder',
      'fetchMyTrades',
    ]) {
      expect(ex.has[m], m).toBeTruthy()
    }
    const creds = Object.entries(ex.requiredCredentials)
      .filter(([, v]) => v)
      .map(([k]) => (k === 'password' ? 'passphrase' : k))
    expect(cap.requiredCredentials.slice().sort()).toEqual(creds.sort())
  })

  it('should switch off ccxt currency loading where markets do not need it', () => {
    expect(instance('coinbase').has.fetchCurrencies).toBe(false)
    expect(instance('kucoin').has.fetchCurrencies).toBe(false)
    expect(instance('binance').options.fetchCurrencies).toBe(false)
    // Kraken's fetchMarkets reads currency precision: it must stay on.
    expect(instance('kraken').has.fetchCurrencies).toBe(true)
  })
})
