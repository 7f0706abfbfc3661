import { describe, expect, it } from 'vitest'
import { dec } from '../lib/money.ts'
import { checkOrderSize, decFrom, roundToStep, toCcxtNumber, truncateToStep } from './precision.ts'
import type { MarketInfo } from './types.ts'

const market: MarketInfo = {
  venue: 'sim',
  symbol: 'BTC/USDT',
  base: 'BTC',
  quote: 'USDT',
  active: true,
  amountStep: dec('0.00001'),
  priceStep: dec('0.01'),
  minAmount: dec('0.0001'),
  maxAmount: dec('100'),
  minNotional: dec('10'),
  makerFee: null,
  takerFee: null,
}

describe('precision', () => {
  it('should read exchange strings and ccxt floats exactly, and nothing else', () => {
    expect(decFrom('0.00000001')!.toFixed()).toBe('0.00000001')
    expect(decFrom(1e-8)!.toFixed()).toBe('0.00000001')
    expect(decFrom(0.1)!.toFixed()).toBe('0.1')
    expect(decFrom('1.5e-3')!.toFixed()).toBe('0.0015')
    for (const bad of [NaN, Infinity, 'abc', '', null, undefined, {}])
      expect(decFrom(bad)).toBeNull()
  })

  it('should hand ccxt only numbers that survive the float round trip', () => {
    expect(toCcxtNumber(dec('0.12345678'))).toBe(0.12345678)
    expect(() => toCcxtNumber(dec('426777619.75842114'))).toThrow(RangeError)
  })

  it('should truncate amounts and round prices to their steps', () => {
    expect(truncateToStep(dec('0.123459'), dec('0.00001')).toFixed()).toBe('0.12345')
    expect(truncateToStep(dec('7'), dec('5')).toFixed()).toBe('5')
    expect(roundToStep(dec('30000.005'), dec('0.01')).toFixed()).toBe('30000.01')
    expect(roundToStep(dec('30000.004'), dec('0.01')).toFixed()).toBe('30000')
  })

  it('should report every violated limit with the limit and the actual value', () => {
    expect(checkOrderSize(market, dec('0.001'), dec('30000'))).toMatchObject({
      ok: true,
      violations: [],
    })
    expect(checkOrderSize(market, dec('0.00005'), dec('30000')).violations).toEqual([
      { code: 'amount-below-min', limit: '0.0001', actual: '0.00005' },
      { code: 'notional-below-min', limit: '10', actual: '1.5' },
    ])
    expect(checkOrderSize(market, dec('101'), null)).toMatchObject({
      ok: false,
      notional: null,
      violations: [{ code: 'amount-above-max' }],
    })
    expect(checkOrderSize(market, dec('0'), dec('-1')).violations.map((v) => v.code)).toEqual([
      'amount-not-positive',
      'price-not-positive',
    ])
  })
})
