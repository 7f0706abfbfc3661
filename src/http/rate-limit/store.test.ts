import { describe, expect, it } from 'vitest'
import { createMemoryRateLimitStore, windowStart } from './store.ts'

describe('memory rate-limit store', () => {
  it('should count hits per key inside epoch-aligned fixed windows', async () => {
    const store = createMemoryRateLimitStore()
    const t = Date.UTC(2026, 0, 1, 0, 0, 30)
    expect(await store.hit('k', 60_000, t)).toEqual({
      count: 1,
      resetAt: Date.UTC(2026, 0, 1, 0, 1),
    })
    expect(await store.hit('k', 60_000, t + 29_999)).toEqual({
      count: 2,
      resetAt: Date.UTC(2026, 0, 1, 0, 1),
    })
    expect((await store.hit('other', 60_000, t)).count).toBe(1)
    expect(await store.hit('k', 60_000, t + 30_000)).toEqual({
      count: 1,
      resetAt: Date.UTC(2026, 0, 1, 0, 2),
    })
    expect(windowStart(t, 60_000)).toBe(Date.UTC(2026, 0, 1))
    expect(() => windowStart(t, 0)).toThrow(RangeError)
  })

  it('should stay bounded: expired windows are swept first, then the oldest key goes', async () => {
    const store = createMemoryRateLimitStore({ maxKeys: 2 })
    await store.hit('a', 10_000, 0)
    await store.hit('a', 10_000, 0)
    await store.hit('b', 10_000, 0)
    await store.hit('c', 10_000, 0) // full, nothing expired: 'a' (oldest) is dropped
    expect((await store.hit('a', 10_000, 0)).count).toBe(1)
    const sweeping = createMemoryRateLimitStore({ maxKeys: 2 })
    await sweeping.hit('long', 60_000, 0)
    await sweeping.hit('long', 60_000, 0)
    await sweeping.hit('short', 10_000, 0)
    // Full at t=20s: 'short' has expired and is swept, so the older but live 'long' survives.
    await sweeping.hit('x', 10_000, 20_000)
    expect((await sweeping.hit('long', 60_000, 20_000)).count).toBe(3)
  })
})
