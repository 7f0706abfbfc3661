import { describe, expect, it } from 'vitest'
import { input, order } from '../../../../test/support/orders.ts'
import { defaultComplianceConfig as config } from '../../config.ts'
import { rollingHourVolume } from './rolling-hour-volume.ts'

describe('rollingHourVolume', () => {
  it('should fire as suspicious when the hour ending now exceeds $100,000', () => {
    const alert = rollingHourVolume.evaluate(
      input(order('a', '40000', -59), order('b', '40000', -30), order('c', '20000.01')),
      config
    )
    expect(alert).toMatchObject({
      ruleId: 'rolling-hour-volume',
      severity: 'suspicious',
      inputs: { windowUsd: '100000.01', orders: 3, windowMinutes: 60 },
      orderIds: ['a', 'b', 'c'],
    })
    expect(alert?.score).toBe(0.5)
  })

  it('should not fire at exactly $100,000 (the rule is "more than")', () => {
    const alert = rollingHourVolume.evaluate(
      input(order('a', '50000', -10), order('b', '50000')),
      config
    )
    expect(alert).toBeNull()
  })

  it('should leave out an order exactly one hour old', () => {
    const alert = rollingHourVolume.evaluate(
      input(order('old', '60000', -60), order('b', '50000')),
      config
    )
    expect(alert).toBeNull()
  })

  it('should count orders stamped after the new one (clock skew)', () => {
    const skewed = { order: order('new', '60000'), history: [order('later', '60000', 1)] }
    expect(rollingHourVolume.evaluate(skewed, config)?.orderIds).toEqual(['later', 'new'])
  })
})
