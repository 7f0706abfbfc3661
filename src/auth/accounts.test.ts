import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Redis from 'ioredis'
import { createTestApp, noDatabase } from '../../test/support/app.ts'
import { fastTestHasher } from '../../test/support/hasher.ts'
import { createPostgresTestDatabase, type TestDatabase } from '../../test/support/db.ts'
import { loadSettings } from '../config/settings.ts'
import { connectRedisRateLimit, type RedisRateLimit } from '../http/rate-limit/redis-connect.ts'
import { fixedClock } from '../lib/clock.ts'
import { createLogger } from '../lib/logger.ts'
import { createServices } from '../services.ts'
import { WeakPasswordHasherInProduction } from './accounts.ts'
import { SCRYPT_OWASP } from './password.ts'

const productionSettings = () =>
  loadSettings({
    PRODUCTION_MODE: 'true',
    JWT_SECRET: 'Zq8vN3mK1xR7pT5wY2uE9iO4aS6dF0gH',
    EXCHANGE_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 0x21).toString('base64'),
    DATABASE_URL: 'postgres://app@db.internal:5432/tradeworks',
    CORS_ORIGINS: 'https://app.example.com',
  })
const core = () => ({
  settings: productionSettings(),
  database: noDatabase(),
  logger: createLogger({ level: 'silent' }),
  clock: fixedClock(),
})

describe('accounts wiring', () => {
  it('should refuse a test-speed password hasher in production, and default to OWASP scrypt', () => {
    expect(() => createServices(core(), { passwordHasher: fastTestHasher() })).toThrow(
      WeakPasswordHasherInProduction
    )
    expect(createServices(core()).accounts.hasher.params).toEqual(SCRYPT_OWASP)
  })
})

describe('accounts with the Redis rate-limit store (REDIS_URL)', () => {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
  let database: TestDatabase
  let redis: RedisRateLimit
  let inspect: Redis
  beforeAll(async () => {
    database = await createPostgresTestDatabase()
    redis = await connectRedisRateLimit(url)
    inspect = new Redis(url)
  })
  afterAll(async () => {
    const keys = await inspect.keys('tw:rl:register:ip:203.0.113.201:*')
    if (keys.length) await inspect.del(...keys)
    await inspect.quit()
    await redis?.close()
    await database?.close()
  })

  it('should count auth rate limits in Redis and answer 429 past the limit', async () => {
    const { app } = createTestApp({
      database,
      env: { TRUST_PROXY: 'true' },
      serviceOptions: { rateLimitStore: redis.store },
    })
    const register = (i: number) =>
      app.request('/v1/auth/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.201' },
        body: JSON.stringify({ email: `r${i}@example.com`, password: 'harbor-violet-lantern-77' }),
      })
    const statuses = []
    for (let i = 0; i < 11; i++) statuses.push((await register(i)).status)
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true)
    expect(statuses[10]).toBe(429)
    const keys = await inspect.keys('tw:rl:register:ip:203.0.113.201:*')
    expect(keys).toHaveLength(1)
    expect(Number(await inspect.get(keys[0]!))).toBe(11)
  })

  it('should fail to start when REDIS_URL points nowhere', async () => {
    await expect(connectRedisRateLimit('redis://127.0.0.1:1')).rejects.toThrow()
  })
})
