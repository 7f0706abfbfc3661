/**
 * @module Rule `just-under-threshold`: an order at 90 % or more of a threshold but below it
 * (default: of the $10,000 KYC threshold or the $50,000 large-order threshold).
 *
 * The closest threshold the order sits under is reported; the score rises from 0.5 at the lower
 * fraction to 1 just below the threshold.
 */
import { toStr } from '../../../lib/money.ts'
import { usd } from '../../config.ts'
import type { ComplianceConfig } from '../../config.ts'
import type { MonitoringRule } from '../types.ts'
import { clamp } from '../window.ts'

const WATCHED = [
  'kycRequiredOrderUsd',
  'largeOrderUsd',
] as const satisfies (keyof ComplianceConfig)[]

export const justUnderThreshold: MonitoringRule = {
  id: 'just-under-threshold',
  description: 'An order at 90-99 % of the KYC or large-order threshold (just below it).',
  evaluate({ order }, config) {
    const lower = usd(config.justUnderLowerFraction)
    for (const key of WATCHED) {
      const threshold = usd(config[key])
      const ratio = order.usd.div(threshold)
      if (ratio.gte(lower) && ratio.lt(1)) {
        const position = ratio.minus(lower).div(lower.neg().plus(1)).toNumber()
        return {
          ruleId: 'just-under-threshold',
          severity: 'review',
          message: `order of ${toStr(order.usd)} USD is just below ${toStr(threshold)} USD`,
          inputs: { orderUsd: toStr(order.usd), ratio: ratio.toDecimalPlaces(4).toNumber() },
          thresholds: { [key]: config[key], justUnderLowerFraction: config.justUnderLowerFraction },
          score: clamp(0.5 + 0.5 * position),
          orderIds: [order.id],
        }
      }
    }
    return null
  },
}
