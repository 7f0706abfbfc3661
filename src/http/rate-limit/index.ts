/**
 * @module Rate limiting: the middleware, the store contract and the stores we ship.
 */
export { rateLimit, type RateLimitOptions } from './middleware.ts'
export {
  createMemoryRateLimitStore,
  windowStart,
  type RateLimitHit,
  type RateLimitStore,
} from './store.ts'
export { createRedisRateLimitStore, type RedisEvalClient } from './redis-store.ts'
