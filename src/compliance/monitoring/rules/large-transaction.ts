/**
 * @module Rule `large-transaction`: one order at or above the large-order threshold → review.
 */
import { toStr } from '../../../lib/money.ts'
import { usd } from '../../config.ts'
import type { MonitoringRule } from '../types.ts'
import { exceedanceScore } from '../window.ts'

export const largeTransaction: MonitoringRule = {
  id: 'large-transaction',
  description: 'A single order at or above the large-order threshold (default $50,000).',
  evaluate({ order }, config) {
    const threshold = usd(config.largeOrderUsd)
    if (order.usd.lt(threshold)) return null
    return {
      ruleId: 'large-transaction',
      severity: 'review',
      message: `order of ${toStr(order.usd)} USD is at or above ${toStr(threshold)} USD`,
      inputs: { orderUsd: toStr(order.usd) },
      thresholds: { largeOrderUsd: config.largeOrderUsd },
      score: exceedanceScore(order.usd, threshold),
      orderIds: [order.id],
    }
  },
}
