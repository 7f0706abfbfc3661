/**
 * @module Rate-limit store contract (fixed window) and an in-process store for tests and
 * single-process development.
 *
 * Fixed windows aligned to the epoch (`floor(now / windowMs) * windowMs`), one counter per key
 * per window. Every instance computes the same window from the same clock, so a shared store
 * (Redis, PostgreSQL) needs one atomic increment per request and nothing else. The known cost: a
 * client can spend `limit` at the end of one window and `limit` again at the start of the next,
 * up to 2 × limit in a short burst. For login and order throttling that is acceptable; the login
 * back-off policy (src/auth/login-backoff.ts) handles sustained guessing.
 */

export interface RateLimitHit {
  /** Hits in the current window for this key, including this one. */
  count: number
  /** When the current window ends (ms since epoch). */
  resetAt: number
}

/**
 * Counts one hit for `key` in the window containing `now` (ms since epoch) and returns the new
 * count. Must be atomic across instances. A database implementation is one statement:
 * `INSERT INTO rate_limit_windows (key, window_start, count, expires_at) VALUES ($1, $2, 1, $3)
 *  ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_windows.count + 1
 *  RETURNING count`, with a periodic `DELETE … WHERE expires_at < now()`.
 */
export interface RateLimitStore {
  hit(key: string, windowMs: number, now: number): Promise<RateLimitHit>
}

export function windowStart(now: number, windowMs: number): number {
  if (!Number.isSafeInteger(windowMs) || windowMs <= 0)
    throw new RangeError('windowMs must be a positive integer')
  return now - (now % windowMs)
}

/**
 * Keeps counters in this process only: correct for tests and a single dev server, wrong as soon as
 * two instances serve traffic (each would allow `limit`). Production wiring uses the Redis or
 * database store.
 * @param [opts.maxKeys=100000] - beyond this, expired windows are swept, then the oldest dropped.
 */
export function createMemoryRateLimitStore(opts: { maxKeys?: number } = {}): RateLimitStore {
  const { maxKeys = 100_000 } = opts
  const windows = new Map<string, RateLimitHit>()
  return {
    async hit(key, windowMs, now) {
      const start = windowStart(now, windowMs)
      const id = `${key}\u0000${start}`
      const current = windows.get(id)
      if (current) {
        current.count++
        return { ...current }
      }
      if (windows.size >= maxKeys) {
        for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k)
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!)
      }
      const fresh = { count: 1, resetAt: start + windowMs }
      windows.set(id, fresh)
      return { ...fresh }
    },
  }
}
