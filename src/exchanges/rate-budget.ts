/**
 * @module Outbound request budget for one exchange: a token bucket (steady rate plus burst) and a
 * back-off window opened by 429/418 answers, honouring `Retry-After`.
 *
 * It is per process (per isolate on Workers): it paces this instance and stops it hammering an
 * exchange that said "slow down". Exchange limits are per IP or account, so across instances the
 * exchange's own 429 stays the backstop, and the back-off makes us obey it.
 */
import { systemClock, type Clock } from '../lib/clock.ts'
import { LocalRateLimit } from './errors.ts'

export interface RateBudgetOptions {
  /** Steady requests per second. */
  ratePerSec: number
  /** Requests allowed back to back after a quiet period. */
  burst: number
  /** A request waits at most this long for a token, else it is refused unsent. */
  maxWaitMs?: number
  /** Back-off after a 429 without Retry-After; doubles per consecutive 429. */
  baseBackoffMs?: number
  maxBackoffMs?: number
  clock?: Clock
  sleep?: (ms: number) => Promise<void>
}

export interface RateBudgetSnapshot {
  tokens: number
  backoffUntil: Date | null
  /** 429/418 answers seen since the last success. */
  consecutiveLimited: number
  lastLimitStatus: 429 | 418 | null
}

export interface RateBudget {
  /** Takes one token, waiting up to `maxWaitMs`; throws LocalRateLimit when it would wait longer or a back-off is active. */
  acquire(): Promise<void>
  /** Records a 429/418; `retryAfterMs` from the Retry-After header when present. */
  onRateLimited(status: 429 | 418, retryAfterMs: number | null): void
  onSuccess(): void
  /** Remaining back-off in ms (0 when none). */
  retryAfterMs(): number
  snapshot(): RateBudgetSnapshot
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/**
 * @param opts.ratePerSec - steady rate
 * @param opts.burst - bucket capacity
 * @param [opts.maxWaitMs=2000]
 * @param [opts.baseBackoffMs=1000]
 * @param [opts.maxBackoffMs=300000]
 * @example
 * const budget = createRateBudget({ ratePerSec: 10, burst: 20 })
 * await budget.acquire()
 */
export function createRateBudget({
  ratePerSec,
  burst,
  maxWaitMs = 2000,
  baseBackoffMs = 1000,
  maxBackoffMs = 300_000,
  clock = systemClock,
  sleep = defaultSleep,
}: RateBudgetOptions): RateBudget {
  if (!(ratePerSec > 0) || !(burst >= 1)) throw new Error('ratePerSec must be > 0 and burst >= 1')
  let tokens = burst
  let last = clock.now().getTime()
  let backoffUntil = 0
  let consecutive = 0
  let lastStatus: 429 | 418 | null = null

  const refill = () => {
    const now = clock.now().getTime()
    tokens = Math.min(burst, tokens + ((now - last) / 1000) * ratePerSec)
    last = now
    return now
  }

  return {
    async acquire() {
      const now = refill()
      if (now < backoffUntil) {
        throw new LocalRateLimit(
          backoffUntil - now,
          `backing off after HTTP ${lastStatus} for ${backoffUntil - now} ms`
        )
      }
      if (tokens >= 1) {
        tokens -= 1
        return
      }
      const waitMs = Math.ceil(((1 - tokens) / ratePerSec) * 1000)
      if (waitMs > maxWaitMs)
        throw new LocalRateLimit(waitMs, `request budget exhausted; next slot in ${waitMs} ms`)
      // Reserve the token now so concurrent callers queue behind each other.
      tokens -= 1
      await sleep(waitMs)
    },
    onRateLimited(status, retryAfterMs) {
      consecutive++
      lastStatus = status
      const fallback = status === 418 ? 120_000 : baseBackoffMs * 2 ** Math.min(consecutive - 1, 20)
      const ms = Math.min(maxBackoffMs, retryAfterMs ?? fallback)
      backoffUntil = Math.max(backoffUntil, clock.now().getTime() + ms)
      tokens = Math.min(tokens, 0)
    },
    onSuccess() {
      consecutive = 0
    },
    retryAfterMs() {
      return Math.max(0, backoffUntil - clock.now().getTime())
    },
    snapshot() {
      refill()
      return {
        tokens: Math.floor(tokens * 100) / 100,
        backoffUntil: backoffUntil > clock.now().getTime() ? new Date(backoffUntil) : null,
        consecutiveLimited: consecutive,
        lastLimitStatus: lastStatus,
      }
    },
  }
}

/** Parses `Retry-After` (delta seconds or an HTTP date) into ms; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null || value.trim() === '') return null
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime())
}
