import Redis from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomToken } from '../../lib/ids.ts'
import { createRedisRateLimitStore } from './redis-store.ts'

// CI provides Redis at 127.0.0.1:6379 (REDIS_URL overrides). Each run uses its own key prefix.
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const prefix = `tw:test:rl:${randomToken(6)}:`
const clients: Redis[] = []

beforeAll(async () => {
  for (let i = 0; i < 4; i++)
    clients.push(new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 }))
  await Promise.all(clients.map((c) => c.connect()))
})

afterAll(async () => {
  const keys = await clients[0]!.keys(`${prefix}*`)
  if (keys.length) await clients[0]!.del(...keys)
  await Promise.all(clients.map((c) => c.quit()))
})

describe('redis rate-limit store', () => {
  it('should count atomically across instances sharing one Redis', async () => {
    // Four clients stand in for four app instances hitting the same key at once.
    const stores = clients.map((redis) => createRedisRateLimitStore({ redis, prefix }))
    const now = Date.UTC(2026, 0, 1, 0, 0, 10)
    const hits = await Promise.all(
      Array.from({ length: 80 }, (_, i) => stores[i % 4]!.hit('login:ip:1', 60_000, now))
    )
    expect(hits.map((h) => h.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 80 }, (_, i) => i + 1)
    )
    expect(new Set(hits.map((h) => h.resetAt))).toEqual(new Set([Date.UTC(2026, 0, 1, 0, 1)]))
  })

  it('should start a new counter in the next window and keep keys apart', async () => {
    const store = createRedisRateLimitStore({ redis: clients[0]!, prefix })
    const now = Date.UTC(2026, 0, 1, 0, 5, 59)
    expect((await store.hit('a', 60_000, now)).count).toBe(1)
    expect((await store.hit('a', 60_000, now)).count).toBe(2)
    expect((await store.hit('b', 60_000, now)).count).toBe(1)
    expect(await store.hit('a', 60_000, now + 1_000)).toEqual({
      count: 1,
      resetAt: Date.UTC(2026, 0, 1, 0, 7),
    })
  })

  it('should give every counter an expiry just past its window', async () => {
    const store = createRedisRateLimitStore({ redis: clients[0]!, prefix })
    const now = Date.now()
    const { resetAt } = await store.hit('ttl', 10_000, now)
    const [key] = await clients[0]!.keys(`${prefix}ttl:*`)
    expect(key).toBe(`${prefix}ttl:${resetAt - 10_000}`)
    const ttl = await clients[0]!.pttl(key!)
    expect(ttl).toBeGreaterThan(0)
    expect(ttl).toBeLessThanOrEqual(resetAt - now + 1_000)
    // A key that lost its TTL gets one back on the next hit.
    await clients[0]!.persist(key!)
    await store.hit('ttl', 10_000, now)
    expect(await clients[0]!.pttl(key!)).toBeGreaterThan(0)
  })

  it('should surface Redis errors to the caller', async () => {
    const failing = { eval: async () => Promise.reject(new Error('NOSCRIPT or down')) }
    await expect(createRedisRateLimitStore({ redis: failing }).hit('k', 1000, 0)).rejects.toThrow(
      'down'
    )
    const odd = { eval: async () => 'nonsense' }
    await expect(createRedisRateLimitStore({ redis: odd }).hit('k', 1000, 0)).rejects.toThrow(
      /unexpected/
    )
  })
})
