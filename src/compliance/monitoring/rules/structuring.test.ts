import { describe, expect, it } from 'vitest'
import { input, order } from '../../../../test/support/orders.ts'
import { complianceConfig, defaultComplianceConfig as config } from '../../config.ts'
import { structuring } from './structuring.ts'

describe('structuring', () => {
  it('should fire for two orders under $10,000 summing to $10,000 within 24 h', () => {
    const alert = structuring.evaluate(
      input(order('a', '5000', -23 * 60), order('b', '5000')),
      config
    )
    expect(alert).toMatchObject({
      ruleId: 'structuring',
      severity: 'suspicious',
      inputs: { windowUsd: '10000', orders: 2, windowHours: 24 },
      orderIds: ['a', 'b'],
      score: 0.5,
    })
    expect(Object.keys(alert?.thresholds ?? {})).toEqual([
      'structuringPerOrderBelowUsd',
      'structuringTotalUsd',
      'structuringMinOrders',
      'structuringWindowHours',
    ])
  })

  it('should not fire when the sum stays below $10,000', () => {
    expect(
      structuring.evaluate(input(order('a', '4999.99', -60), order('b', '5000')), config)
    ).toBeNull()
  })

  it('should not fire when the earlier order is 24 h old or older', () => {
    expect(
      structuring.evaluate(input(order('a', '9000', -24 * 60), order('b', '9000')), config)
    ).toBeNull()
  })

  it('should not count orders at or above $10,000, and not fire for a new order that is', () => {
    const big = input(order('a', '9000', -60), order('b', '10000'))
    expect(structuring.evaluate(big, config)).toBeNull()
    const withBigEarlier = input(
      order('x', '10000', -90),
      order('a', '4000', -60),
      order('b', '4000')
    )
    expect(structuring.evaluate(withBigEarlier, config)).toBeNull()
  })

  it('should fire with a single order when configured with one as the minimum count', () => {
    const lenient = complianceConfig({ structuringMinOrders: { value: 1, source: 'test' } })
    expect(
      structuring.evaluate(input(order('a', '9999'), order('b', '1', 1)), lenient)
    ).toMatchObject({
      orderIds: ['a', 'b'],
    })
  })

  it('should score many pieces higher than two', () => {
    const pieces = Array.from({ length: 6 }, (_, i) => order(`p${i}`, '1700', -60 * (6 - i)))
    const alert = structuring.evaluate(input(...pieces, order('now', '1700')), config)
    expect(alert?.inputs.orders).toBe(7)
    expect(alert?.score).toBeGreaterThan(0.7)
  })
})
