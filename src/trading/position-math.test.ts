import { describe, expect, it } from 'vitest'
import { dec } from '../lib/money.ts'
import { applyFillToPosition, FLAT, type PositionFill } from './position-math.ts'

const m = { base: 'BTC', quote: 'USDT' }
const f = (
  side: 'buy' | 'sell',
  amount: string,
  price: string,
  fee = '0',
  feeCurrency: string | null = 'USDT'
): PositionFill => ({
  side,
  amount: dec(amount),
  price: dec(price),
  fee: dec(fee),
  feeCurrency,
})
const run = (fills: PositionFill[]) => {
  let pos = FLAT
  const realized: string[] = []
  for (const x of fills) {
    const s = applyFillToPosition(pos, x, m)
    pos = s.position
    realized.push(s.realizedPnl.toFixed())
  }
  return {
    amount: pos.amount.toFixed(),
    avg: pos.averagePrice.toFixed(),
    total: pos.realizedPnl.toFixed(),
    realized,
  }
}

describe('position math', () => {
  it('should average buys with quote fees in the cost and realize PnL on sells less their fee', () => {
    const r = run([
      f('buy', '1', '100', '1'),
      f('buy', '1', '200', '1'),
      f('sell', '1', '300', '3'),
    ])
    expect(r).toEqual({ amount: '1', avg: '151', total: '146', realized: ['0', '0', '146'] })
  })

  it('should reduce the received amount by a fee paid in base and value it at the fill price', () => {
    const buy = applyFillToPosition(FLAT, f('buy', '1', '100', '0.001', 'BTC'), m)
    expect([
      buy.position.amount.toFixed(),
      buy.position.averagePrice.toFixed(),
      buy.feeQuote!.toFixed(),
    ]).toEqual(['0.999', '100.1001001001001001', '0.1'])
  })

  it('should leave a third-currency fee unpriced and out of PnL', () => {
    const s = applyFillToPosition(
      { ...FLAT, amount: dec('1'), averagePrice: dec('100') },
      f('sell', '1', '110', '0.01', 'BNB'),
      m
    )
    expect([s.realizedPnl.toFixed(), s.feeQuote]).toEqual(['10', null])
  })

  it('should realize nothing on the part of a sell beyond the held amount, and cover that short first on the next buy', () => {
    const r = run([f('buy', '1', '100'), f('sell', '3', '120'), f('buy', '3', '90')])
    expect(r.realized).toEqual(['0', '20', '0'])
    expect([r.amount, r.avg]).toEqual(['1', '90'])
  })

  it('should go flat with a zero average after selling everything', () => {
    expect(run([f('buy', '2', '50'), f('sell', '2', '40')])).toMatchObject({
      amount: '0',
      avg: '0',
      total: '-20',
    })
  })
})
