import { describe, expect, it } from 'vitest'
import { fixedClock } from '../lib/clock.ts'
import { LocalRateLimit } from './errors.ts'
import { createRateBudget, parseRetryAfter } from './rate-budget.ts'

function budget(extra: Partial<Parameters<typeof createRateBudget>[0]> = {}) {
  const clock = fixedClock()
  const slept: number[] = []
  const b = createRateBudget({
    ratePerSec: 2,
    burst: 2,
    maxWaitMs: 1000,
    clock,
    sleep: async (ms) => void (slept.push(ms), clock.advance(ms)),
    ...extra,
  })
  return { b, clock, slept }
}

describe('createRateBudget', () => {
  it('should allow the burst, then wait for the next token, then refuse beyond maxWaitMs', async () => {
    const { b, slept } = budget()
    await b.acquire()
    await b.acquire()
    expect(slept).toEqual([])
    await b.acquire()
    expect(slept).toEqual([500])
    const tight = budget({ maxWaitMs: 100 })
    await tight.b.acquire()
    await tight.b.acquire()
    await expect(tight.b.acquire()).rejects.toBeInstanceOf(LocalRateLimit)
  })

  it('should refill with time', async () => {
    const { b, clock, slept } = budget()
    await b.acquire()
    await b.acquire()
    clock.advance(1000)
    await b.acquire()
    await b.acquire()
    expect(slept).toEqual([])
  })

  it('should back off for Retry-After, doubling without it, and reset after a success', async () => {
    const { b, clock } = budget()
    b.onRateLimited(429, 5000)
    expect(b.retryAfterMs()).toBe(5000)
    const err = await b.acquire().catch((e) => e)
    expect(err).toBeInstanceOf(LocalRateLimit)
    expect(err.retryAfterMs).toBe(5000)
    clock.advance(5000)
    b.onRateLimited(429, null)
    expect(b.retryAfterMs()).toBe(2000)
    b.onSuccess()
    clock.advance(2000)
    b.onRateLimited(429, null)
    expect(b.retryAfterMs()).toBe(1000)
    expect(b.snapshot()).toMatchObject({ consecutiveLimited: 1, lastLimitStatus: 429 })
  })

  it('should treat a 418 without Retry-After as a two-minute ban', () => {
    const { b } = budget()
    b.onRateLimited(418, null)
    expect(b.retryAfterMs()).toBe(120_000)
  })

  it('should parse Retry-After as seconds or an HTTP date', () => {
    const now = new Date('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('7', now)).toBe(7000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter(null, now)).toBeNull()
    expect(parseRetryAfter('soon', now)).toBeNull()
  })
})
