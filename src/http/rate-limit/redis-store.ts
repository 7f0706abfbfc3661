/**
 * @module Redis rate-limit store: one Lua script per hit (INCR, then PEXPIRE on a new key), so
 * the count is atomic across every instance that shares the Redis.
 */
import type { RateLimitStore } from './store.ts'
import { windowStart } from './store.ts'

/**
 * The one command we need, typed structurally so this module doesn't import ioredis (a Node
 * client): pass an `ioredis` instance, or any client with the same `eval` signature.
 */
export interface RedisEvalClient {
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>
}

// The TTL check also repairs a key that somehow lost its expiry, so no counter lives forever.
const HIT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return n
`

/**
 * @param opts.redis - e.g. `new Redis(settings.REDIS_URL)` from ioredis, created by the runtime
 * entry.
 * @param [opts.prefix='tw:rl:'] - namespace for the counters.
 * @example
 * const store = createRedisRateLimitStore({ redis: new Redis(settings.REDIS_URL) })
 */
export function createRedisRateLimitStore(opts: {
  redis: RedisEvalClient
  prefix?: string
}): RateLimitStore {
  const { redis, prefix = 'tw:rl:' } = opts
  return {
    async hit(key, windowMs, now) {
      const start = windowStart(now, windowMs)
      const resetAt = start + windowMs
      // Keep the key a little past the window so instances whose clocks lag slightly still count
      // into the same key instead of starting a fresh one.
      const ttl = resetAt - now + 1_000
      const count = Number(await redis.eval(HIT_SCRIPT, 1, `${prefix}${key}:${start}`, ttl))
      if (!Number.isSafeInteger(count) || count < 1)
        throw new Error('unexpected rate-limit count from Redis')
      return { count, resetAt }
    },
  }
}
