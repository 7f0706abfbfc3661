/**
 * @module Rule `velocity`: more orders within a rolling hour than the limit allows.
 */
import { D } from '../../../lib/money.ts'
import type { MonitoringRule } from '../types.ts'
import { HOUR_MS, exceedanceScore, ordersInWindow } from '../window.ts'

export const velocity: MonitoringRule = {
  id: 'velocity',
  description: 'More orders in 60 minutes than the velocity limit (default 30).',
  evaluate(input, config) {
    const limit = config.velocityMaxOrdersPerHour.value
    const orders = ordersInWindow(input, HOUR_MS)
    if (orders.length <= limit) return null
    return {
      ruleId: 'velocity',
      severity: 'review',
      message: `${orders.length} orders within one hour exceed the limit of ${limit}`,
      inputs: { orders: orders.length, windowMinutes: 60 },
      thresholds: { velocityMaxOrdersPerHour: config.velocityMaxOrdersPerHour },
      score: exceedanceScore(new D(orders.length), new D(limit)),
      orderIds: orders.map((o) => o.id),
    }
  },
}
