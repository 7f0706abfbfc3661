/**
 * @module Pre-trade compliance decision: a pure function of KYC status, order value, the user's
 * volume today, thresholds and the monitoring alerts for this order.
 *
 * Decisions, most severe first: `blocked` (not placed), `requires_kyc` (not placed until KYC is
 * approved), `review` (placed, alerts raised for an officer), `approved`. Every applicable reason
 * is listed, not only the deciding one. An order whose USD value is unknown is blocked: it is
 * never valued at 0.
 */
import { toStr } from '../lib/money.ts'
import type { Dec } from '../lib/money.ts'
import { usd } from './config.ts'
import type { ComplianceConfig, Sourced } from './config.ts'
import type { Alert } from './monitoring/types.ts'

export type KycStatus =
  | 'not_started'
  | 'pending'
  | 'in_review'
  | 'approved'
  | 'rejected'
  | 'expired'

export type PreTradeDecision = 'approved' | 'requires_kyc' | 'review' | 'blocked'

export type PreTradeReasonCode =
  | 'order-value-unknown'
  | 'order-value-invalid'
  | 'daily-total-invalid'
  | 'daily-limit-without-kyc'
  | 'kyc-required'
  | 'monitoring-alert'
  | 'compliance-check-failed'

export interface PreTradeReason {
  code: PreTradeReasonCode
  message: string
  threshold?: Sourced<string>
  /** For `monitoring-alert`: the rule that fired. */
  ruleId?: string
}

export interface PreTradeInput {
  kycStatus: KycStatus
  /** USD value of the order (notional × recorded price); null when it cannot be determined. */
  orderUsd: Dec | null
  /** USD value of the user's orders placed earlier in the same UTC day. */
  usdToday: Dec
  thresholds: Pick<ComplianceConfig, 'kycRequiredOrderUsd' | 'unverifiedDailyLimitUsd'>
  /** Monitoring alerts for this order (see runMonitoringRules). */
  alerts: readonly Alert[]
}

export interface PreTradeResult {
  decision: PreTradeDecision
  reasons: PreTradeReason[]
}

const SEVERITY: Record<PreTradeDecision, number> = {
  approved: 0,
  review: 1,
  requires_kyc: 2,
  blocked: 3,
}
const OUTCOME: Record<PreTradeReasonCode, PreTradeDecision> = {
  'order-value-unknown': 'blocked',
  'order-value-invalid': 'blocked',
  'daily-total-invalid': 'blocked',
  'daily-limit-without-kyc': 'blocked',
  'compliance-check-failed': 'blocked',
  'kyc-required': 'requires_kyc',
  'monitoring-alert': 'review',
}

/** True for the decisions under which the order may be sent to the venue. */
export function allowsOrder(decision: PreTradeDecision): boolean {
  return decision === 'approved' || decision === 'review'
}

export function decidePreTrade(input: PreTradeInput): PreTradeResult {
  const reasons: PreTradeReason[] = []
  const { orderUsd, usdToday, thresholds } = input
  const kycApproved = input.kycStatus === 'approved'

  if (orderUsd === null) {
    reasons.push({ code: 'order-value-unknown', message: 'the USD value of the order is unknown' })
  } else if (!orderUsd.isFinite() || !orderUsd.gt(0)) {
    reasons.push({
      code: 'order-value-invalid',
      message: 'the USD value of the order is not positive',
    })
  }
  const todayValid = usdToday.isFinite() && usdToday.gte(0)
  if (!todayValid) {
    reasons.push({ code: 'daily-total-invalid', message: "the user's USD total today is invalid" })
  }

  if (!kycApproved && orderUsd !== null && orderUsd.gt(0) && todayValid) {
    const limit = usd(thresholds.unverifiedDailyLimitUsd)
    const after = usdToday.plus(orderUsd)
    if (after.gt(limit)) {
      reasons.push({
        code: 'daily-limit-without-kyc',
        message: `${toStr(after)} USD today would exceed ${toStr(limit)} USD without approved KYC`,
        threshold: thresholds.unverifiedDailyLimitUsd,
      })
    }
    const kycAt = usd(thresholds.kycRequiredOrderUsd)
    if (orderUsd.gte(kycAt)) {
      reasons.push({
        code: 'kyc-required',
        message: `orders of ${toStr(kycAt)} USD or more need approved KYC`,
        threshold: thresholds.kycRequiredOrderUsd,
      })
    }
  }

  for (const alert of input.alerts) {
    reasons.push({ code: 'monitoring-alert', message: alert.message, ruleId: alert.ruleId })
  }

  const decision = reasons.reduce<PreTradeDecision>(
    (worst, r) => (SEVERITY[OUTCOME[r.code]] > SEVERITY[worst] ? OUTCOME[r.code] : worst),
    'approved'
  )
  return { decision, reasons }
}
