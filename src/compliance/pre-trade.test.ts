import { describe, expect, it } from 'vitest'
import { dec } from '../lib/money.ts'
import { defaultComplianceConfig as config } from './config.ts'
import type { Alert } from './monitoring/types.ts'
import { allowsOrder, decidePreTrade } from './pre-trade.ts'
import type { KycStatus, PreTradeInput } from './pre-trade.ts'

const base: PreTradeInput = {
  kycStatus: 'not_started',
  orderUsd: dec('100'),
  usdToday: dec('0'),
  thresholds: config,
  alerts: [],
}
const decide = (over: Partial<PreTradeInput>) => decidePreTrade({ ...base, ...over })
const alert: Alert = {
  ruleId: 'structuring',
  severity: 'suspicious',
  message: '2 orders each below 10000 USD sum to 10000 USD within 24 h',
  inputs: {},
  thresholds: {},
  score: 0.5,
  orderIds: ['a', 'b'],
}

describe('decidePreTrade', () => {
  it('should approve a small order from an unverified user with no alerts', () => {
    expect(decide({})).toEqual({ decision: 'approved', reasons: [] })
  })

  it('should block an order whose value is unknown, whatever the KYC status', () => {
    for (const kycStatus of ['approved', 'not_started'] as KycStatus[]) {
      const r = decide({ kycStatus, orderUsd: null })
      expect(r.decision).toBe('blocked')
      expect(r.reasons.map((x) => x.code)).toEqual(['order-value-unknown'])
    }
  })

  it('should block a zero or negative value rather than treat it as small', () => {
    expect(decide({ orderUsd: dec('0') }).decision).toBe('blocked')
    expect(decide({ orderUsd: dec('-5') }).reasons[0]?.code).toBe('order-value-invalid')
  })

  it('should block when the daily total is invalid (fail closed)', () => {
    expect(decide({ usdToday: dec('-1') }).reasons.map((r) => r.code)).toEqual([
      'daily-total-invalid',
    ])
  })

  it('should require KYC from $10,000 per order for users without approved KYC', () => {
    expect(decide({ orderUsd: dec('9999.99') }).decision).toBe('approved')
    const r = decide({ orderUsd: dec('10000') })
    expect(r).toEqual({
      decision: 'requires_kyc',
      reasons: [
        {
          code: 'kyc-required',
          message: 'orders of 10000 USD or more need approved KYC',
          threshold: config.kycRequiredOrderUsd,
        },
      ],
    })
    for (const kycStatus of ['pending', 'in_review', 'rejected', 'expired'] as KycStatus[]) {
      expect(decide({ kycStatus, orderUsd: dec('12000') }).decision, kycStatus).toBe('requires_kyc')
    }
  })

  it('should let a KYC-approved user place a $12,000 order', () => {
    expect(decide({ kycStatus: 'approved', orderUsd: dec('12000') }).decision).toBe('approved')
  })

  it('should block an unverified user above $50,000 per UTC day, allowing exactly $50,000', () => {
    expect(decide({ orderUsd: dec('5000'), usdToday: dec('45000') }).decision).toBe('approved')
    const r = decide({ orderUsd: dec('5000.01'), usdToday: dec('45000') })
    expect(r.decision).toBe('blocked')
    expect(r.reasons[0]).toMatchObject({
      code: 'daily-limit-without-kyc',
      message: '50000.01 USD today would exceed 50000 USD without approved KYC',
      threshold: config.unverifiedDailyLimitUsd,
    })
    expect(
      decide({ kycStatus: 'approved', orderUsd: dec('5000'), usdToday: dec('90000') }).decision
    ).toBe('approved')
  })

  it('should list every reason and take the most severe decision', () => {
    const r = decide({ orderUsd: dec('20000'), usdToday: dec('40000'), alerts: [alert] })
    expect(r.decision).toBe('blocked')
    expect(r.reasons.map((x) => x.code)).toEqual([
      'daily-limit-without-kyc',
      'kyc-required',
      'monitoring-alert',
    ])
  })

  it('should send an order with monitoring alerts to review, naming each rule', () => {
    const r = decide({ kycStatus: 'approved', orderUsd: dec('5000'), alerts: [alert] })
    expect(r.decision).toBe('review')
    expect(r.reasons).toEqual([
      { code: 'monitoring-alert', message: alert.message, ruleId: 'structuring' },
    ])
  })
})

describe('allowsOrder', () => {
  it('should allow approved and review, refuse requires_kyc and blocked', () => {
    expect(
      ['approved', 'review', 'requires_kyc', 'blocked'].map((d) => allowsOrder(d as never))
    ).toEqual([true, true, false, false])
  })
})
