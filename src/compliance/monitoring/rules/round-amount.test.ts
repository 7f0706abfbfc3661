import { describe, expect, it } from 'vitest'
import { input, order } from '../../../../test/support/orders.ts'
import { defaultComplianceConfig as config } from '../../config.ts'
import { roundAmount } from './round-amount.ts'

describe('roundAmount', () => {
  it('should fire for an exact multiple of $1,000 from $5,000', () => {
    expect(roundAmount.evaluate(input(order('o', '5000')), config)).toMatchObject({
      ruleId: 'round-amount',
      severity: 'review',
      inputs: { orderUsd: '5000', roundOrders24h: 1 },
      score: 0.5,
      orderIds: ['o'],
    })
  })

  it('should not fire for a non-multiple, a cent off, or a small round amount', () => {
    for (const usd of ['5500', '6000.01', '4000']) {
      expect(roundAmount.evaluate(input(order('o', usd)), config), usd).toBeNull()
    }
  })

  it('should list earlier round orders from the last 24 h and score repetition higher', () => {
    const alert = roundAmount.evaluate(
      input(
        order('a', '7000', -300),
        order('b', '6123', -200),
        order('c', '20000', -100),
        order('d', '8000')
      ),
      config
    )
    expect(alert?.orderIds).toEqual(['a', 'c', 'd'])
    expect(alert?.score).toBe(0.7)
  })
})
