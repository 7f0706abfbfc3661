/**
 * @module Rule `structuring`: several orders each under the reporting threshold that together
 * reach it within the window (default ≥ 2 orders each < $10,000 summing ≥ $10,000 in 24 h).
 *
 * The new order must itself be under the threshold: the rule looks for the pattern being
 * completed now, so one pattern raises one alert rather than one per later order. Orders at or
 * above the threshold are not part of structuring (the large-order and KYC rules see them).
 */
import { toStr } from '../../../lib/money.ts'
import { usd } from '../../config.ts'
import type { MonitoringRule } from '../types.ts'
import { HOUR_MS, clamp, exceedanceScore, ordersInWindow, total } from '../window.ts'

export const structuring: MonitoringRule = {
  id: 'structuring',
  description:
    'At least N orders, each below the per-order threshold, summing to at least the total ' +
    'threshold within the window (default 2, $10,000, $10,000, 24 h).',
  evaluate(input, config) {
    const below = usd(config.structuringPerOrderBelowUsd)
    const needed = usd(config.structuringTotalUsd)
    const minOrders = config.structuringMinOrders.value
    const windowHours = config.structuringWindowHours.value
    if (!input.order.usd.lt(below) || !input.order.usd.gt(0)) return null
    const orders = ordersInWindow(input, windowHours * HOUR_MS).filter(
      (o) => o.usd.lt(below) && o.usd.gt(0)
    )
    const sum = total(orders)
    if (orders.length < minOrders || sum.lt(needed)) return null
    // More pieces than needed make the pattern more deliberate.
    const score = clamp(exceedanceScore(sum, needed) + 0.05 * (orders.length - minOrders))
    return {
      ruleId: 'structuring',
      severity: 'suspicious',
      message:
        `${orders.length} orders each below ${toStr(below)} USD sum to ${toStr(sum)} USD ` +
        `within ${windowHours} h`,
      inputs: { windowUsd: toStr(sum), orders: orders.length, windowHours },
      thresholds: {
        structuringPerOrderBelowUsd: config.structuringPerOrderBelowUsd,
        structuringTotalUsd: config.structuringTotalUsd,
        structuringMinOrders: config.structuringMinOrders,
        structuringWindowHours: config.structuringWindowHours,
      },
      score,
      orderIds: orders.map((o) => o.id),
    }
  },
}
