import { describe, expect, it } from 'vitest'
import { input, order } from '../../../../test/support/orders.ts'
import { complianceConfig, defaultComplianceConfig as config } from '../../config.ts'
import { velocity } from './velocity.ts'

const burst = (n: number, spacingMinutes: number) =>
  Array.from({ length: n }, (_, i) => order(`o${i}`, '10', -(n - 1 - i) * spacingMinutes))

describe('velocity', () => {
  it('should fire when the hour holds more orders than the limit (31 > 30)', () => {
    const alert = velocity.evaluate(input(...burst(31, 1)), config)
    expect(alert).toMatchObject({
      ruleId: 'velocity',
      severity: 'review',
      inputs: { orders: 31, windowMinutes: 60 },
    })
    expect(alert?.orderIds).toHaveLength(31)
    expect(alert?.score).toBeCloseTo(0.5167, 4)
  })

  it('should not fire at exactly the limit', () => {
    expect(velocity.evaluate(input(...burst(30, 1)), config)).toBeNull()
  })

  it('should not count orders older than an hour', () => {
    expect(velocity.evaluate(input(...burst(31, 2)), config)).toBeNull()
  })

  it('should use a configured limit', () => {
    const strict = complianceConfig({ velocityMaxOrdersPerHour: { value: 2, source: 'test' } })
    expect(velocity.evaluate(input(...burst(3, 10)), strict)?.inputs.orders).toBe(3)
  })
})
