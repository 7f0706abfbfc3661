import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/clock.ts'
import { ProblemError } from '../../lib/problem.ts'
import { rateLimit, type RateLimitOptions } from './middleware.ts'
import { createMemoryRateLimitStore, type RateLimitStore } from './store.ts'

function app(opts: Partial<RateLimitOptions> = {}) {
  const clock = fixedClock('2026-01-01T00:00:00Z')
  const a = new Hono()
  a.onError((err, c) =>
    err instanceof ProblemError ? err.toResponse() : c.text('unexpected', 500)
  )
  a.use(
    '/limited/*',
    rateLimit({
      limit: 3,
      windowMs: 60_000,
      key: (c) => c.req.header('x-client') ?? null,
      store: createMemoryRateLimitStore(),
      clock,
      ...opts,
    })
  )
  a.get('/limited/thing', (c) => c.json({ ok: true }))
  const call = (client?: string) =>
    a.request('/limited/thing', { headers: client ? { 'x-client': client } : {} })
  return { clock, call }
}

describe('rateLimit', () => {
  it('should pass requests under the limit with RateLimit headers', async () => {
    const { call } = app()
    const res = await call('a')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
    expect(res.headers.get('ratelimit-limit')).toBe('3')
    expect(res.headers.get('ratelimit-remaining')).toBe('2')
    expect(res.headers.get('ratelimit-reset')).toBe('60')
  })

  it('should answer 429 problem+json with Retry-After once the limit is spent', async () => {
    const { call, clock } = app()
    for (let i = 0; i < 3; i++) expect((await call('a')).status).toBe(200)
    clock.advance(15_000)
    const res = await call('a')
    expect(res.status).toBe(429)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(res.headers.get('retry-after')).toBe('45')
    expect(await res.json()).toMatchObject({ type: '/problems/rate-limited', status: 429 })
    // Another key has its own budget; the next window starts afresh.
    expect((await call('b')).status).toBe(200)
    clock.advance(45_000)
    expect((await call('a')).status).toBe(200)
  })

  it('should skip limiting when the key function returns null', async () => {
    const { call } = app()
    for (let i = 0; i < 5; i++) expect((await call()).status).toBe(200)
  })

  it('should keep separate counters per limiter name on a shared store', async () => {
    const store = createMemoryRateLimitStore()
    const clock = fixedClock()
    const a = new Hono()
    a.onError((err) => (err as ProblemError).toResponse())
    const key = () => 'same'
    a.get(
      '/login',
      rateLimit({ name: 'login', limit: 1, windowMs: 1000, key, store, clock }),
      (c) => c.text('l')
    )
    a.get(
      '/orders',
      rateLimit({ name: 'orders', limit: 1, windowMs: 1000, key, store, clock }),
      (c) => c.text('o')
    )
    expect((await a.request('/login')).status).toBe(200)
    expect((await a.request('/orders')).status).toBe(200)
    expect((await a.request('/login')).status).toBe(429)
  })

  it('should answer 503 when the store fails, or pass when failOpen', async () => {
    const broken: RateLimitStore = { hit: async () => Promise.reject(new Error('redis down')) }
    const seen: unknown[] = []
    const closed = app({ store: broken, onStoreError: (e) => seen.push(e) })
    const res = await closed.call('a')
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ type: '/problems/rate-limit-unavailable' })
    expect(seen).toHaveLength(1)
    expect((await app({ store: broken, failOpen: true }).call('a')).status).toBe(200)
  })

  it('should refuse nonsensical options', () => {
    const store = createMemoryRateLimitStore()
    expect(() => rateLimit({ limit: 0, windowMs: 1000, key: () => 'k', store })).toThrow(RangeError)
    expect(() => rateLimit({ limit: 1, windowMs: 0.5, key: () => 'k', store })).toThrow(RangeError)
  })
})
