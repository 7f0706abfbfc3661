/**
 * @module Decimal conversions at the ccxt boundary and the venue-neutral order size checks.
 *
 * ccxt's unified numbers are JS floats parsed from the exchange's decimal strings. A float keeps
 * any decimal of up to 15 significant digits exactly, and `String(float)` gives that decimal back,
 * so `decFromNumber` is exact for such values. Longer values (16+ digits, e.g. some computed
 * costs) may lose their last digits: that is why order and trade amounts are taken from the
 * exchange's own strings in `.info` where we know the field (see normalize.ts).
 */
import { D, type Dec, toStr } from '../lib/money.ts'
import type { MarketInfo, OrderSizeCheck, OrderSizeViolation } from './types.ts'

const NUMERIC_RE = /^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i

/** A Decimal from an exchange string or a ccxt float; null for anything else. */
export function decFrom(x: unknown): Dec | null {
  if (typeof x === 'number') return Number.isFinite(x) ? new D(String(x)) : null
  if (typeof x === 'string' && NUMERIC_RE.test(x.trim())) return new D(x.trim())
  return null
}

/**
 * The float ccxt will be handed for a Decimal. Refuses values a float would alter, so what ccxt
 * sends is exactly the amount we computed.
 */
export function toCcxtNumber(d: Dec): number {
  const n = Number(d.toFixed())
  if (!Number.isFinite(n) || !new D(String(n)).eq(d)) {
    throw new RangeError(`${toStr(d)} cannot be passed to ccxt without losing precision`)
  }
  return n
}

/** Largest multiple of `step` not above `x` (ccxt TRUNCATE with TICK_SIZE, for x ≥ 0). */
export function truncateToStep(x: Dec, step: Dec): Dec {
  return x.div(step).floor().times(step)
}

/** Nearest multiple of `step`, halves away from zero (ccxt ROUND with TICK_SIZE). */
export function roundToStep(x: Dec, step: Dec): Dec {
  return x.div(step).toDecimalPlaces(0, D.ROUND_HALF_UP).times(step)
}

/** Min/max amount and min notional of a market against an order's amount and (known) price. */
export function checkOrderSize(m: MarketInfo, amount: Dec, price: Dec | null): OrderSizeCheck {
  const v: OrderSizeViolation[] = []
  const push = (code: OrderSizeViolation['code'], limit: Dec, actual: Dec) =>
    v.push({ code, limit: toStr(limit), actual: toStr(actual) })
  if (amount.lte(0)) push('amount-not-positive', new D(0), amount)
  else {
    if (m.minAmount && amount.lt(m.minAmount)) push('amount-below-min', m.minAmount, amount)
    if (m.maxAmount && amount.gt(m.maxAmount)) push('amount-above-max', m.maxAmount, amount)
  }
  if (price && price.lte(0)) push('price-not-positive', new D(0), price)
  const notional = price && price.gt(0) ? amount.times(price) : null
  if (notional && amount.gt(0) && m.minNotional && notional.lt(m.minNotional)) {
    push('notional-below-min', m.minNotional, notional)
  }
  return { ok: v.length === 0, violations: v, notional }
}
