/**
 * @module PostgreSQL rate-limit store: one atomic upsert per hit, so every instance sharing the
 * database counts into the same window. The default store when no `REDIS_URL` is set.
 */
import { sql } from 'drizzle-orm'
import { rowsOf } from '../../db/execute.ts'
import type { Queryable } from '../../db/types.ts'
import { windowStart, type RateLimitStore } from './store.ts'

export interface DbRateLimitStore extends RateLimitStore {
  /** Deletes windows that ended before `now`; returns how many. Run from a scheduled job. */
  sweep(now: Date): Promise<number>
}

/**
 * @param opts.db - drizzle database (PGlite or postgres.js).
 * @example
 * const store = createDbRateLimitStore({ db: database.db })
 * app.post('/v1/auth/login', rateLimit({ name: 'login', limit: 20, windowMs: 60_000, key, store }))
 */
export function createDbRateLimitStore({ db }: { db: Queryable }): DbRateLimitStore {
  return {
    async hit(key, windowMs, now) {
      const start = windowStart(now, windowMs)
      const resetAt = start + windowMs
      const [row] = await rowsOf<{ count: number }>(
        db,
        sql`insert into rate_limit_windows (key, window_start, count, expires_at)
            values (${key}, ${new Date(start).toISOString()}::timestamptz, 1,
                    ${new Date(resetAt).toISOString()}::timestamptz)
            on conflict (key, window_start) do update set count = rate_limit_windows.count + 1
            returning count`
      )
      const count = Number(row?.count)
      if (!Number.isSafeInteger(count) || count < 1) throw new Error('unexpected rate-limit count')
      return { count, resetAt }
    },
    async sweep(now) {
      const rows = await rowsOf<{ key: string }>(
        db,
        sql`delete from rate_limit_windows where expires_at < ${now.toISOString()}::timestamptz
            returning key`
      )
      return rows.length
    },
  }
}
