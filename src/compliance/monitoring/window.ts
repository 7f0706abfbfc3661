/**
 * @module Helpers shared by the monitoring rules: rolling windows and scores.
 */
import { D, sum } from '../../lib/money.ts'
import type { Dec } from '../../lib/money.ts'
import type { MonitoringInput, OrderValue } from './types.ts'

export const HOUR_MS = 3_600_000

/**
 * The new order plus earlier orders in the rolling window (at − window, at]. Orders stamped after
 * the new order (clock skew between instances) count as in the window: leaving them out would
 * let a burst hide behind a skewed clock.
 */
export function ordersInWindow(input: MonitoringInput, windowMs: number): OrderValue[] {
  const since = input.order.at.getTime() - windowMs
  const earlier = input.history.filter((o) => o.id !== input.order.id && o.at.getTime() > since)
  return [...earlier, input.order]
}

export function total(orders: readonly OrderValue[]): Dec {
  return sum(orders.map((o) => o.usd))
}

/**
 * 0.5 when `value` is at the threshold, rising linearly to 1 at twice the threshold: a common
 * scale so alerts from different rules can be sorted together.
 */
export function exceedanceScore(value: Dec, threshold: Dec): number {
  if (threshold.lte(0)) return 1
  const over = value.minus(threshold).div(threshold).toNumber()
  return clamp(0.5 + 0.5 * over)
}

export function clamp(x: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(x) ? Number(x.toFixed(4)) : 1))
}

export const ZERO_USD = new D(0)
