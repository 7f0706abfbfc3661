import { describe, expect, it } from 'vitest'
import { input, order } from '../../../../test/support/orders.ts'
import { defaultComplianceConfig as config } from '../../config.ts'
import { largeTransaction } from './large-transaction.ts'

describe('largeTransaction', () => {
  it('should fire at exactly the threshold with score 0.5', () => {
    expect(largeTransaction.evaluate(input(order('o1', '50000')), config)).toEqual({
      ruleId: 'large-transaction',
      severity: 'review',
      message: 'order of 50000 USD is at or above 50000 USD',
      inputs: { orderUsd: '50000' },
      thresholds: { largeOrderUsd: config.largeOrderUsd },
      score: 0.5,
      orderIds: ['o1'],
    })
  })

  it('should not fire a cent below the threshold', () => {
    expect(largeTransaction.evaluate(input(order('o1', '49999.99')), config)).toBeNull()
  })

  it('should score 1 from twice the threshold up', () => {
    expect(largeTransaction.evaluate(input(order('o1', '75000')), config)?.score).toBe(0.75)
    expect(largeTransaction.evaluate(input(order('o1', '250000')), config)?.score).toBe(1)
  })

  it('should look at the new order only, not history', () => {
    const alert = largeTransaction.evaluate(
      input(order('big', '90000', -5), order('o2', '10')),
      config
    )
    expect(alert).toBeNull()
  })
})
