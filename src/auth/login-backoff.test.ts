import { describe, expect, it } from 'vitest'
import {
  ACCOUNT_BACKOFF,
  IP_BACKOFF,
  checkLoginAttempt,
  evaluateBackoff,
  recordFailure,
  recordSuccess,
  type FailureCounter,
} from './login-backoff.ts'

const T0 = new Date('2026-01-01T00:00:00Z')
const at = (ms: number) => new Date(T0.getTime() + ms)
const counter = (failures: number, lastMsAgo = 0, now = T0): FailureCounter => ({
  failures,
  lastFailureAt: new Date(now.getTime() - lastMsAgo),
})

describe('login-backoff', () => {
  it('should allow the free failures without delay', () => {
    expect(evaluateBackoff({ failures: 0, lastFailureAt: null }, ACCOUNT_BACKOFF, T0)).toEqual({
      allowed: true,
    })
    expect(evaluateBackoff(counter(5), ACCOUNT_BACKOFF, T0)).toEqual({ allowed: true })
  })

  it('should double the delay per failure beyond the free ones, up to the maximum', () => {
    const waits = [6, 7, 8, 9].map((n) => evaluateBackoff(counter(n), ACCOUNT_BACKOFF, T0))
    expect(waits).toEqual(
      [1_000, 2_000, 4_000, 8_000].map((ms) => ({
        allowed: false,
        reason: 'backoff',
        retryAfterMs: ms,
      }))
    )
    expect(evaluateBackoff(counter(7, 1_500), ACCOUNT_BACKOFF, T0)).toMatchObject({
      retryAfterMs: 500,
    })
    expect(evaluateBackoff(counter(7, 2_000), ACCOUNT_BACKOFF, T0)).toEqual({ allowed: true })
    const capped = { ...ACCOUNT_BACKOFF, lockoutAfter: 1_000 }
    expect(evaluateBackoff(counter(40), capped, T0)).toMatchObject({ retryAfterMs: 60_000 })
  })

  it('should lock from the lockoutAfter-th failure, then re-lock on each failure', () => {
    expect(evaluateBackoff(counter(10), ACCOUNT_BACKOFF, T0)).toEqual({
      allowed: false,
      reason: 'locked',
      retryAfterMs: 15 * 60_000,
    })
    expect(evaluateBackoff(counter(10, 15 * 60_000 - 1), ACCOUNT_BACKOFF, T0)).toMatchObject({
      retryAfterMs: 1,
    })
    expect(evaluateBackoff(counter(10, 15 * 60_000), ACCOUNT_BACKOFF, T0)).toEqual({
      allowed: true,
    })
    const after = recordFailure(counter(10, 15 * 60_000), T0, ACCOUNT_BACKOFF)
    expect(after).toEqual({ failures: 11, lastFailureAt: T0 })
    expect(evaluateBackoff(after, ACCOUNT_BACKOFF, T0)).toMatchObject({ reason: 'locked' })
  })

  it('should forget failures after the reset period', () => {
    const stale = counter(50, 24 * 60 * 60_000)
    expect(evaluateBackoff(stale, ACCOUNT_BACKOFF, T0)).toEqual({ allowed: true })
    expect(recordFailure(stale, T0, ACCOUNT_BACKOFF)).toEqual({ failures: 1, lastFailureAt: T0 })
    expect(recordFailure(null, T0, ACCOUNT_BACKOFF)).toEqual({ failures: 1, lastFailureAt: T0 })
    expect(recordSuccess()).toEqual({ failures: 0, lastFailureAt: null })
  })

  it('should simulate a brute force: locked after 10 guesses, well before 100', () => {
    let account: FailureCounter | null = null
    let ip: FailureCounter | null = null
    let now = T0
    let attempts = 0
    for (;;) {
      const d = checkLoginAttempt({ account, ip, now })
      if (!d.allowed) {
        if (d.reason === 'locked') break
        // An attacker who waits out each delay.
        now = at(now.getTime() - T0.getTime() + d.retryAfterMs)
        continue
      }
      attempts++
      account = recordFailure(account, now, ACCOUNT_BACKOFF)
      ip = recordFailure(ip, now, IP_BACKOFF)
    }
    expect(attempts).toBe(10)
    // 5 free, then 1+2+4+8 s of forced waiting before the 10th guess.
    expect(now.getTime() - T0.getTime()).toBe(15_000)
  })

  it('should let the stricter of the account and IP counters decide', () => {
    const ipLocked = counter(100, 10_000)
    const accountDelayed = counter(6, 0)
    expect(checkLoginAttempt({ account: accountDelayed, ip: ipLocked, now: T0 })).toEqual({
      allowed: false,
      reason: 'locked',
      scope: 'ip',
      retryAfterMs: 60 * 60_000 - 10_000,
    })
    expect(checkLoginAttempt({ account: counter(7), ip: counter(21), now: T0 })).toEqual({
      allowed: false,
      reason: 'backoff',
      scope: 'account',
      retryAfterMs: 2_000,
    })
    expect(checkLoginAttempt({ account: null, ip: counter(20), now: T0 })).toEqual({
      allowed: true,
    })
    expect(checkLoginAttempt({ account: null, ip: null, now: T0 })).toEqual({ allowed: true })
  })

  it('should refuse corrupt counters', () => {
    expect(() => evaluateBackoff({ failures: -1, lastFailureAt: T0 }, ACCOUNT_BACKOFF, T0)).toThrow(
      RangeError
    )
    expect(() =>
      evaluateBackoff({ failures: 1.5, lastFailureAt: T0 }, ACCOUNT_BACKOFF, T0)
    ).toThrow(RangeError)
  })
})
