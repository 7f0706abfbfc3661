/**
 * @module Money and quantities as exact decimals.
 *
 * Every amount, price, fee and PnL on a money path is a `Decimal` in code, `numeric(36,18)` in the
 * database and a string in JSON. A JS `number` never carries money: parsing rejects numbers so a
 * float can't sneak in through a request body or a driver.
 */
import Decimal from 'decimal.js'

/** One Decimal constructor for the whole app: 60 significant digits, banker's rounding off. */
export const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 60 })
export type Dec = InstanceType<typeof D>

/** Plain decimal string syntax accepted from clients: no exponent, no sign on zero tricks, no hex. */
const DECIMAL_RE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/

/** Max digits after the point that `numeric(36,18)` keeps. */
export const SCALE = 18
/** Max digits before the point that `numeric(36,18)` keeps. */
export const INTEGER_DIGITS = 18

export class InvalidDecimal extends Error {
  override name = 'InvalidDecimal'
}

/** True when `s` is a plain decimal string that fits `numeric(36,18)`. */
export function isDecimalString(s: unknown): s is string {
  if (typeof s !== 'string' || !DECIMAL_RE.test(s)) return false
  const [int = '', frac = ''] = s.replace('-', '').split('.')
  return int.length <= INTEGER_DIGITS && frac.length <= SCALE
}

/** Parses a decimal string (or a Decimal) exactly; throws InvalidDecimal on anything else. */
export function dec(value: string | Dec): Dec {
  if (value instanceof D) return value
  if (typeof value !== 'string' || !DECIMAL_RE.test(value.trim())) {
    throw new InvalidDecimal(`not a decimal string: ${typeof value === 'string' ? value.slice(0, 40) : typeof value}`)
  }
  return new D(value.trim())
}

/** Reads a `numeric` column value (string from both drivers); null stays null. */
export function fromDb(value: string | null | undefined): Dec | null {
  return value === null || value === undefined ? null : new D(value)
}

/** Canonical JSON form: plain notation, no trailing zeros (`'1.50'` → `'1.5'`, `-0` → `'0'`). */
export function toStr(value: Dec): string {
  if (value.isZero()) return '0'
  return value.toFixed()
}

/** Form for a `numeric(36,18)` column: rounded to the column's scale. */
export function toDb(value: Dec): string {
  return value.toDecimalPlaces(SCALE, D.ROUND_HALF_UP).toFixed()
}

export const ZERO = new D(0)

export function sum(values: Iterable<Dec>): Dec {
  let total = ZERO
  for (const v of values) total = total.plus(v)
  return total
}
