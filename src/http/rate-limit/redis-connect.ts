/**
 * @module Opens the Redis rate-limit store for Node and Deno (`REDIS_URL`). ioredis is imported
 * lazily and only from the Node/Deno boot, so the Worker bundle never contains it.
 */
import { createRedisRateLimitStore, type RedisEvalClient } from './redis-store.ts'
import type { RateLimitStore } from './store.ts'

export interface RedisRateLimit {
  store: RateLimitStore
  close(): Promise<void>
}

/** Connects (throws when Redis is unreachable, so a misconfiguration stops the start). */
export async function connectRedisRateLimit(url: string): Promise<RedisRateLimit> {
  const { Redis } = await import('ioredis')
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
  })
  // Connection errors surface on the calls themselves (the limiter answers 503); don't crash on them.
  redis.on('error', () => {})
  await redis.connect()
  return {
    store: createRedisRateLimitStore({ redis: redis as unknown as RedisEvalClient }),
    async close() {
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}
