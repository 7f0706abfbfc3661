import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/clock.ts'
import { dec, D } from '../../lib/money.ts'
import { ExchangeRejectedError } from '../errors.ts'
import { SIM_MARKETS } from './sim-markets.ts'
import { simBook, simMidPrice } from './sim-prices.ts'
import { createSimVenue, SimVenueDisabledError } from './sim-venue.ts'

const BTC = SIM_MARKETS[0]!
const T0 = new Date('2026-03-01T12:00:00Z')

describe('sim venue', () => {
  it('should refuse to exist unless enabled', () => {
    expect(() => createSimVenue({ enabled: false })).toThrow(SimVenueDisabledError)
    expect(createSimVenue({ enabled: true }).synthetic).toBe(true)
  })

  it('should price as a pure function of symbol, time and seed', () => {
    expect(simMidPrice(BTC, T0, 's').eq(simMidPrice(BTC, new Date(T0), 's'))).toBe(true)
    expect(simMidPrice(BTC, T0, 's').eq(simMidPrice(BTC, T0, 'other'))).toBe(false)
    const later = simMidPrice(BTC, new Date(T0.getTime() + 3_600_000), 's')
    expect(later.eq(simMidPrice(BTC, T0, 's'))).toBe(false)
  })

  it('should move in small steps minute to minute and stay in a plausible band over a year', () => {
    const at = (ms: number) => simMidPrice(BTC, new Date(T0.getTime() + ms), 's')
    let prev = at(0)
    for (let m = 1; m <= 2000; m++) {
      const p = at(m * 60_000)
      expect(p.div(prev).minus(1).abs().lt(0.005)).toBe(true)
      prev = p
    }
    let lo = prev
    let hi = prev
    for (let h = 0; h < 24 * 365; h += 3) {
      const p = at(h * 3_600_000)
      lo = D.min(lo, p)
      hi = D.max(hi, p)
    }
    expect(lo.gt(60000 * 0.6) && hi.lt(60000 * 1.4)).toBe(true)
    expect(hi.div(lo).gt(1.05)).toBe(true)
  })

  it('should build an uncrossed book on ticks and steps, matching the ticker', async () => {
    const clock = fixedClock(T0)
    const venue = createSimVenue({ enabled: true, clock, seed: 's' })
    for (const spec of SIM_MARKETS) {
      const b = await venue.orderBook(spec.symbol, 10)
      expect(b.bids).toHaveLength(10)
      expect(b.asks).toHaveLength(10)
      for (let i = 1; i < 10; i++) {
        expect(b.bids[i]!.price.lt(b.bids[i - 1]!.price)).toBe(true)
        expect(b.asks[i]!.price.gt(b.asks[i - 1]!.price)).toBe(true)
      }
      expect(b.bids[0]!.price.lt(b.asks[0]!.price)).toBe(true)
      for (const l of [...b.bids, ...b.asks]) {
        expect(l.price.mod(spec.priceStep).isZero()).toBe(true)
        expect(l.amount.mod(spec.amountStep).isZero() && l.amount.gt(0)).toBe(true)
      }
      const t = await venue.ticker(spec.symbol)
      expect([t.bid!.eq(b.bids[0]!.price), t.ask!.eq(b.asks[0]!.price)]).toEqual([true, true])
      expect(t.timestamp).toEqual(T0)
    }
    expect(simBook(BTC, T0, 's', 3).mid.eq(simMidPrice(BTC, T0, 's'))).toBe(true)
  })

  it('should apply precision and size limits from its market table', async () => {
    const venue = createSimVenue({ enabled: true })
    expect((await venue.amountToPrecision('BTC/USDT', dec('0.123456789'))).toFixed()).toBe(
      '0.12345'
    )
    expect((await venue.priceToPrecision('BTC/USDT', dec('60000.005'))).toFixed()).toBe('60000.01')
    const check = await venue.checkOrderSize('BTC/USDT', {
      amount: dec('0.00001'),
      price: dec('60000'),
    })
    expect(check.violations).toEqual([{ code: 'notional-below-min', limit: '5', actual: '0.6' }])
    const m = await venue.market('SOL/USDT')
    expect([m.venue, m.minAmount?.toFixed(), m.takerFee?.toFixed()]).toEqual([
      'sim',
      '0.001',
      '0.001',
    ])
    expect((await venue.markets()).map((x) => x.symbol)).toEqual([
      'BTC/USDT',
      'ETH/USDT',
      'SOL/USDT',
      'ETH/BTC',
      'USDT/USD',
      'USDC/USD',
    ])
  })

  it('should keep the stablecoin pairs near 1 so USD marks from sim stay plausible', () => {
    for (const spec of SIM_MARKETS.filter((m) => m.quote === 'USD')) {
      for (let h = 0; h < 24 * 365; h += 7) {
        const p = simMidPrice(spec, new Date(T0.getTime() + h * 3_600_000), 's')
        expect(p.minus(1).abs().lt('0.01'), `${spec.symbol} at +${h} h: ${p}`).toBe(true)
      }
    }
    // The scale is what keeps them there: the same walk at full volatility strays further.
    const wild = { ...SIM_MARKETS.find((m) => m.symbol === 'USDT/USD')!, volatility: 1 }
    let far = 0
    for (let h = 0; h < 24 * 365; h += 7) {
      const p = simMidPrice(wild, new Date(T0.getTime() + h * 3_600_000), 's')
      far = Math.max(far, p.minus(1).abs().toNumber())
    }
    expect(far).toBeGreaterThan(0.01)
  })

  it('should reject unknown symbols like the gateway does', async () => {
    const err = await createSimVenue({ enabled: true })
      .ticker('DOGE/USDT')
      .catch((e) => e)
    expect(err).toBeInstanceOf(ExchangeRejectedError)
    expect([err.reason, err.sent, err.venue]).toEqual(['bad-symbol', false, 'sim'])
  })
})
