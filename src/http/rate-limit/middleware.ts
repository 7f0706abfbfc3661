/**
 * @module Hono rate-limit middleware: counts each request under a caller-chosen key in a shared
 * store and answers 429 problem+json with `Retry-After` once the window's limit is spent.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { systemClock, type Clock } from '../../lib/clock.ts'
import { ProblemError, problems } from '../../lib/problem.ts'
import type { RateLimitStore } from './store.ts'

export interface RateLimitOptions {
  /** Requests allowed per key per window. */
  limit: number
  windowMs: number
  /**
   * The bucket for this request, e.g. `ip:${clientIp}` or `user:${userId}`; `null` skips limiting.
   * Prefer ids or hashes over raw emails: keys are stored in Redis or the database.
   */
  key: (c: Context) => string | null | Promise<string | null>
  store: RateLimitStore
  /** Namespace, so two limiters on the same key (login, orders) don't share a counter. */
  name?: string
  clock?: Clock
  /** When the store fails: `false` (default) answers 503, `true` lets the request through. */
  failOpen?: boolean
  /** Called with store errors (for the logger) whichever way `failOpen` goes. */
  onStoreError?: (err: unknown, c: Context) => void
}

/**
 * @param opts.limit - requests per window.
 * @param opts.windowMs - fixed window length (see store.ts for the trade-off).
 * @param [opts.name='default']
 * @param [opts.clock=systemClock]
 * @param [opts.failOpen=false]
 * @example
 * app.post('/v1/auth/login', rateLimit({ name: 'login-ip', limit: 20, windowMs: 60_000,
 *   key: (c) => `ip:${getClientIp(c)}`, store }), loginHandler)
 */
export const rateLimit = (opts: RateLimitOptions): MiddlewareHandler => {
  const {
    limit,
    windowMs,
    key,
    store,
    name = 'default',
    clock = systemClock,
    failOpen = false,
  } = opts
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError('limit must be a positive integer')
  if (!Number.isSafeInteger(windowMs) || windowMs < 1)
    throw new RangeError('windowMs must be a positive integer')

  return async function rateLimit(c, next) {
    const bucket = await key(c)
    if (bucket === null) return next()
    const now = clock.now().getTime()
    let hit
    try {
      hit = await store.hit(`${name}:${bucket}`, windowMs, now)
    } catch (err) {
      opts.onStoreError?.(err, c)
      if (failOpen) return next()
      throw new ProblemError({
        status: 503,
        type: 'rate-limit-unavailable',
        detail: 'Rate limiting is unavailable; try again shortly.',
        cause: err,
      })
    }
    const resetSeconds = Math.max(1, Math.ceil((hit.resetAt - now) / 1000))
    if (hit.count > limit) throw problems.tooManyRequests(resetSeconds)
    await next()
    // IETF draft-ietf-httpapi-ratelimit-headers (the widely deployed three-field form).
    c.header('RateLimit-Limit', String(limit))
    c.header('RateLimit-Remaining', String(Math.max(0, limit - hit.count)))
    c.header('RateLimit-Reset', String(resetSeconds))
  }
}
