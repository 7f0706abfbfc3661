import { describe, expect, it } from 'vitest'
import { input, order } from '../../../../test/support/orders.ts'
import { defaultComplianceConfig as config } from '../../config.ts'
import { justUnderThreshold } from './just-under-threshold.ts'

describe('justUnderThreshold', () => {
  it('should fire from 90 % of the $10,000 threshold', () => {
    const alert = justUnderThreshold.evaluate(input(order('o', '9000')), config)
    expect(alert).toMatchObject({
      ruleId: 'just-under-threshold',
      severity: 'review',
      inputs: { orderUsd: '9000', ratio: 0.9 },
      score: 0.5,
      orderIds: ['o'],
    })
    expect(Object.keys(alert?.thresholds ?? {})).toEqual([
      'kycRequiredOrderUsd',
      'justUnderLowerFraction',
    ])
  })

  it('should score close to 1 just below the threshold and not fire at it', () => {
    expect(
      justUnderThreshold.evaluate(input(order('o', '9999.99')), config)?.score
    ).toBeGreaterThan(0.99)
    expect(justUnderThreshold.evaluate(input(order('o', '10000')), config)).toBeNull()
  })

  it('should not fire below 90 %', () => {
    expect(justUnderThreshold.evaluate(input(order('o', '8999.99')), config)).toBeNull()
  })

  it('should also watch the $50,000 large-order threshold', () => {
    const alert = justUnderThreshold.evaluate(input(order('o', '48000')), config)
    expect(Object.keys(alert?.thresholds ?? {})).toContain('largeOrderUsd')
    expect(justUnderThreshold.evaluate(input(order('o', '30000')), config)).toBeNull()
  })
})
