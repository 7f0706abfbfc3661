import { describe, expect, it } from 'vitest'
import { dec } from '../lib/money.ts'
import {
  fillPaperOrder,
  InvalidPaperOrder,
  NoPaperLiquidity,
  type PaperMarket,
} from './paper-fill.ts'

const lv = (price: string, amount: string) => ({ price: dec(price), amount: dec(amount) })
const book: PaperMarket = {
  book: {
    bids: [lv('29990', '1'), lv('29980', '2')],
    // Deliberately unsorted: the engine must walk best first.
    asks: [lv('30020', '2'), lv('30010', '0.5')],
  },
}
const fee = dec('0.001')
const strs = (r: ReturnType<typeof fillPaperOrder>) =>
  r.fills.map((f) => [f.price.toFixed(), f.amount.toFixed(), f.cost.toFixed(), f.fee.toFixed()])

describe('fillPaperOrder', () => {
  it('should walk the asks for a market buy, best level first, with the fee in quote', () => {
    const r = fillPaperOrder({
      order: { side: 'buy', type: 'market', amount: dec('0.6') },
      market: book,
      feeRate: fee,
    })
    expect(strs(r)).toEqual([
      ['30010', '0.5', '15005', '15.005'],
      ['30020', '0.1', '3002', '3.002'],
    ])
    expect([
      r.status,
      r.filled.toFixed(),
      r.cost.toFixed(),
      r.fee.toFixed(),
      r.averagePrice!.toFixed(),
      r.rests,
    ]).toEqual(['filled', '0.6', '18007', '18.007', '30011.666666666666666667', false])
  })

  it('should fill a market sell down the bids and leave what the book cannot take', () => {
    const r = fillPaperOrder({
      order: { side: 'sell', type: 'market', amount: dec('4') },
      market: book,
      feeRate: fee,
    })
    expect(strs(r).map((f) => f.slice(0, 2))).toEqual([
      ['29990', '1'],
      ['29980', '2'],
    ])
    expect([r.status, r.filled.toFixed(), r.remaining.toFixed(), r.rests]).toEqual([
      'partially_filled',
      '3',
      '1',
      false,
    ])
  })

  it('should fill a crossing limit buy only at or below its price and rest the remainder', () => {
    const r = fillPaperOrder({
      order: { side: 'buy', type: 'limit', amount: dec('1'), price: dec('30015') },
      market: book,
      feeRate: fee,
    })
    expect(strs(r).map((f) => f.slice(0, 2))).toEqual([['30010', '0.5']])
    expect([r.status, r.remaining.toFixed(), r.rests]).toEqual(['partially_filled', '0.5', true])
  })

  it('should rest a limit order that does not cross, without fills', () => {
    const r = fillPaperOrder({
      order: { side: 'sell', type: 'limit', amount: dec('1'), price: dec('30000') },
      market: book,
      feeRate: fee,
    })
    expect([r.status, r.fills.length, r.averagePrice, r.rests, r.fee.toFixed()]).toEqual([
      'unfilled',
      0,
      null,
      true,
      '0',
    ])
  })

  it('should fill against the ticker when there is no book', () => {
    const ticker: PaperMarket = {
      ticker: { bid: dec('29990'), ask: dec('30010'), last: dec('30000') },
    }
    const buy = fillPaperOrder({
      order: { side: 'buy', type: 'market', amount: dec('2') },
      market: ticker,
      feeRate: fee,
    })
    expect([strs(buy), buy.liquidity]).toEqual([[['30010', '2', '60020', '60.02']], 'ticker'])
    const limit = fillPaperOrder({
      order: { side: 'buy', type: 'limit', amount: dec('2'), price: dec('30000') },
      market: ticker,
      feeRate: fee,
    })
    expect(limit.status).toBe('unfilled')
    const lastOnly = fillPaperOrder({
      order: { side: 'sell', type: 'market', amount: dec('1') },
      market: { ticker: { bid: null, ask: null, last: dec('30000') } },
      feeRate: fee,
    })
    expect(lastOnly.averagePrice!.toFixed()).toBe('30000')
  })

  it('should keep sub-satoshi arithmetic exact', () => {
    const r = fillPaperOrder({
      order: { side: 'buy', type: 'market', amount: dec('0.1') },
      market: { book: { bids: [], asks: [lv('0.1', '0.2')] } },
      feeRate: dec('0.00075'),
    })
    expect([r.cost.toFixed(), r.fee.toFixed()]).toEqual(['0.01', '0.0000075'])
  })

  it('should refuse invalid orders and missing liquidity', () => {
    const bad =
      (order: Parameters<typeof fillPaperOrder>[0]['order'], feeRate = fee) =>
      () =>
        fillPaperOrder({ order, market: book, feeRate })
    expect(bad({ side: 'buy', type: 'market', amount: dec('0') })).toThrow(InvalidPaperOrder)
    expect(bad({ side: 'buy', type: 'limit', amount: dec('1') })).toThrow(InvalidPaperOrder)
    expect(bad({ side: 'buy', type: 'market', amount: dec('1') }, dec('1'))).toThrow(
      InvalidPaperOrder
    )
    expect(() =>
      fillPaperOrder({
        order: { side: 'buy', type: 'market', amount: dec('1') },
        market: { book: { bids: [], asks: [] } },
        feeRate: fee,
      })
    ).toThrow(NoPaperLiquidity)
    expect(() =>
      fillPaperOrder({
        order: { side: 'buy', type: 'market', amount: dec('1') },
        market: { ticker: { bid: null, ask: null } },
        feeRate: fee,
      })
    ).toThrow(NoPaperLiquidity)
  })
})
