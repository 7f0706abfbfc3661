import { describe, expect, it } from 'vitest'
import { InvalidComplianceConfig, complianceConfig, defaultComplianceConfig } from './config.ts'

describe('complianceConfig', () => {
  it('should give every default a value and a source', () => {
    for (const [key, entry] of Object.entries(defaultComplianceConfig)) {
      expect(entry.source.length, key).toBeGreaterThan(10)
    }
    expect(defaultComplianceConfig.kycRequiredOrderUsd.value).toBe('10000')
    expect(defaultComplianceConfig.unverifiedDailyLimitUsd.value).toBe('50000')
    expect(defaultComplianceConfig.largeOrderUsd.value).toBe('50000')
    expect(defaultComplianceConfig.rollingHourVolumeUsd.value).toBe('100000')
  })

  it('should apply overrides that carry a source', () => {
    const c = complianceConfig({ largeOrderUsd: { value: '25000', source: 'AML policy v3' } })
    expect(c.largeOrderUsd).toEqual({ value: '25000', source: 'AML policy v3' })
    expect(c.rollingHourVolumeUsd).toBe(defaultComplianceConfig.rollingHourVolumeUsd)
  })

  it('should list every invalid setting at once', () => {
    try {
      complianceConfig({
        largeOrderUsd: { value: '-1', source: 'x' },
        velocityMaxOrdersPerHour: { value: 2.5, source: 'x' },
        roundAmountMinUsd: { value: '1000', source: ' ' },
      })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidComplianceConfig)
      expect((err as InvalidComplianceConfig).problems).toEqual([
        'largeOrderUsd: not a positive decimal string',
        'velocityMaxOrdersPerHour: not a positive integer',
        'roundAmountMinUsd: a source is required',
      ])
    }
  })

  it('should reject a just-under fraction of 1 or more', () => {
    expect(() => complianceConfig({ justUnderLowerFraction: { value: '1', source: 'x' } })).toThrow(
      'justUnderLowerFraction: must be below 1'
    )
  })
})
