/**
 * @module Decimal and calendar helpers shared by the analytics core.
 *
 * Money leaves the core rounded half-up to 18 decimals, the scale of the `numeric(36,18)` columns
 * it is persisted in, so a value computed here and a SQL aggregate over stored rows agree to the
 * last digit. Ratios leave as finite JS numbers or null.
 */
import { D, SCALE, dec, toStr, type Dec } from '../lib/money.ts'

/** A decimal as it arrives from the database, JSON or code. */
export type DecLike = Dec | string

export const toDec = (v: DecLike): Dec => dec(v)

/** Rounds to the storage scale (18 decimals, half away from zero). */
export function round18(x: Dec): Dec {
  return x.toDecimalPlaces(SCALE, D.ROUND_HALF_UP)
}

/** Canonical money string at storage scale. */
export function money(x: Dec): string {
  return toStr(round18(x))
}

export function moneyOrNull(x: Dec | null): string | null {
  return x === null ? null : money(x)
}

/** A ratio as a JSON number; null when it is undefined or does not fit a finite double. */
export function ratio(x: Dec | null): number | null {
  if (x === null || !x.isFinite()) return null
  const n = Number(x.toString())
  return Number.isFinite(n) ? n : null
}

const DAY_MS = 86_400_000

/** UTC calendar day `YYYY-MM-DD`. */
export function dayOf(ts: Date): string {
  return ts.toISOString().slice(0, 10)
}

export function dayToMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`)
}

/** Every UTC day from `first` to `last` inclusive. */
export function daysInRange(first: string, last: string): string[] {
  const out: string[] = []
  for (let t = dayToMs(first), end = dayToMs(last); t <= end; t += DAY_MS) {
    out.push(new Date(t).toISOString().slice(0, 10))
  }
  return out
}
