/**
 * @module Time source. Services take a Clock so tests can fix or advance time.
 */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock tests can set and advance. */
export function fixedClock(start: Date | string | number = '2026-01-01T00:00:00Z') {
  let t = new Date(start).getTime()
  return {
    now: () => new Date(t),
    set: (d: Date | string | number) => void (t = new Date(d).getTime()),
    advance: (ms: number) => void (t += ms),
  }
}

/** UTC calendar day `YYYY-MM-DD` of a date. */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10)
}
