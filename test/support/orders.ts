/**
 * @module Test helper: order values and monitoring inputs at minutes from a fixed start.
 */
import { dec } from '../../src/lib/money.ts'
import type { MonitoringInput, OrderValue } from '../../src/compliance/monitoring/types.ts'

export const T0 = Date.parse('2026-03-02T12:00:00Z')

/** An order worth `usd` placed `minutes` after T0 (negative: before). */
export function order(id: string, usd: string, minutes = 0): OrderValue {
  return { id, usd: dec(usd), at: new Date(T0 + minutes * 60_000) }
}

/** The last order is the new one; the others are history. */
export function input(...orders: OrderValue[]): MonitoringInput {
  const last = orders[orders.length - 1]
  if (!last) throw new Error('input() needs at least the new order')
  return { order: last, history: orders.slice(0, -1) }
}
