/**
 * @module Circuit breaker per exchange: after `failureThreshold` consecutive failures (timeouts,
 * network errors, 5xx) it opens and refuses calls for `openMs`, then lets one probe through
 * (half-open); the probe's success closes it, its failure opens it again.
 */
import { systemClock, type Clock } from '../lib/clock.ts'

export type CircuitState = 'closed' | 'open' | 'half-open'

export interface CircuitSnapshot {
  state: CircuitState
  consecutiveFailures: number
  openedAt: Date | null
  /** When an open circuit lets the next probe through. */
  retryAt: Date | null
  lastFailure: { at: Date; message: string } | null
}

export interface CircuitBreaker {
  /** Returns 0 when the call may proceed, else the ms until the circuit will allow a probe. */
  tryEnter(): number
  /** Exchange answered sensibly (including business rejections). */
  onSuccess(): void
  /** Timeout, network error, 5xx: counts towards opening. */
  onFailure(message: string): void
  /** Neither (e.g. rate limited): frees a half-open probe slot without judging health. */
  onNeutral(): void
  snapshot(): CircuitSnapshot
}

export interface CircuitBreakerOptions {
  failureThreshold?: number
  openMs?: number
  clock?: Clock
}

/**
 * @param [opts.failureThreshold=5]
 * @param [opts.openMs=30000]
 * @example
 * const breaker = createCircuitBreaker({ failureThreshold: 3 })
 * if (breaker.tryEnter() > 0) throw unavailable
 */
export function createCircuitBreaker({
  failureThreshold = 5,
  openMs = 30_000,
  clock = systemClock,
}: CircuitBreakerOptions = {}): CircuitBreaker {
  let state: CircuitState = 'closed'
  let failures = 0
  let openedAt = 0
  let probeInFlight = false
  let lastFailure: CircuitSnapshot['lastFailure'] = null
  const now = () => clock.now().getTime()

  const open = () => {
    state = 'open'
    openedAt = now()
    probeInFlight = false
  }

  return {
    tryEnter() {
      if (state === 'open') {
        const wait = openedAt + openMs - now()
        if (wait > 0) return wait
        state = 'half-open'
      }
      if (state === 'half-open') {
        if (probeInFlight) return Math.max(1, openMs)
        probeInFlight = true
      }
      return 0
    },
    onSuccess() {
      failures = 0
      state = 'closed'
      probeInFlight = false
    },
    onFailure(message) {
      failures++
      lastFailure = { at: clock.now(), message: message.slice(0, 200) }
      if (state === 'half-open' || failures >= failureThreshold) open()
    },
    onNeutral() {
      probeInFlight = false
    },
    snapshot() {
      return {
        state: state === 'open' && now() >= openedAt + openMs ? 'half-open' : state,
        consecutiveFailures: failures,
        openedAt: state === 'closed' ? null : new Date(openedAt),
        retryAt: state === 'open' ? new Date(openedAt + openMs) : null,
        lastFailure,
      }
    },
  }
}
