/**
 * @module Rule `rolling-hour-volume`: more than the limit traded within any hour → suspicious.
 *
 * Evaluated when an order arrives, over the hour ending at that order, so every hour-long window
 * that ends at an order is checked once.
 */
import { toStr } from '../../../lib/money.ts'
import { usd } from '../../config.ts'
import type { MonitoringRule } from '../types.ts'
import { HOUR_MS, exceedanceScore, ordersInWindow, total } from '../window.ts'

export const rollingHourVolume: MonitoringRule = {
  id: 'rolling-hour-volume',
  description: 'Order volume above the rolling-hour limit (default > $100,000 in 60 minutes).',
  evaluate(input, config) {
    const limit = usd(config.rollingHourVolumeUsd)
    const orders = ordersInWindow(input, HOUR_MS)
    const volume = total(orders)
    if (!volume.gt(limit)) return null
    return {
      ruleId: 'rolling-hour-volume',
      severity: 'suspicious',
      message:
        `${toStr(volume)} USD in ${orders.length} orders within one hour ` +
        `exceeds ${toStr(limit)} USD`,
      inputs: { windowUsd: toStr(volume), orders: orders.length, windowMinutes: 60 },
      thresholds: { rollingHourVolumeUsd: config.rollingHourVolumeUsd },
      score: exceedanceScore(volume, limit),
      orderIds: orders.map((o) => o.id),
    }
  },
}
