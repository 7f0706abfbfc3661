/**
 * @module Persisted login back-off: failure counters per account and per IP in `login_throttle`,
 * judged by the pure policy in login-backoff.ts. Shared by every instance through the database.
 *
 * Accounts are keyed by a hash of the normalised email, for unknown emails too, so a lockout answer
 * never tells whether an account exists and raw emails don't sit in the table.
 */
import { inArray, lt, sql } from 'drizzle-orm'
import type { Queryable } from '../db/types.ts'
import { sha256Hex } from '../lib/crypto.ts'
import { loginThrottle } from './auth.schema.ts'
import {
  ACCOUNT_BACKOFF,
  checkLoginAttempt,
  IP_BACKOFF,
  type BackoffDecision,
  type BackoffPolicy,
  type FailureCounter,
} from './login-backoff.ts'

export interface ThrottleKeys {
  account: string
  ip: string | null
}

export interface LoginThrottle {
  keysFor(email: string, ip: string | undefined): Promise<ThrottleKeys>
  check(keys: ThrottleKeys, now: Date): Promise<BackoffDecision>
  /** Counts one failure on both keys (atomic upserts; stale counts restart at 1). */
  recordFailure(keys: ThrottleKeys, now: Date): Promise<void>
  /** Clears the account counter only: an attacker must not reset the IP counter by logging in. */
  recordSuccess(keys: ThrottleKeys): Promise<void>
  sweep(now: Date): Promise<number>
}

/**
 * @param [opts.accountPolicy=ACCOUNT_BACKOFF] - 5 free failures, then 1 s doubling to 60 s; 15 min
 *   lock from 10.
 * @param [opts.ipPolicy=IP_BACKOFF]
 */
export function createLoginThrottle(opts: {
  db: Queryable
  accountPolicy?: BackoffPolicy
  ipPolicy?: BackoffPolicy
}): LoginThrottle {
  const { db, accountPolicy = ACCOUNT_BACKOFF, ipPolicy = IP_BACKOFF } = opts

  async function bump(key: string, now: Date, policy: BackoffPolicy) {
    const cutoff = new Date(now.getTime() - policy.resetAfterMs).toISOString()
    await db.execute(sql`
      insert into login_throttle (key, failures, last_failure_at)
      values (${key}, 1, ${now.toISOString()}::timestamptz)
      on conflict (key) do update set
        failures = case
          when login_throttle.last_failure_at is null
            or login_throttle.last_failure_at <= ${cutoff}::timestamptz then 1
          else login_throttle.failures + 1 end,
        last_failure_at = excluded.last_failure_at`)
  }

  return {
    async keysFor(email, ip) {
      return { account: `acct:${await sha256Hex(`login:${email}`)}`, ip: ip ? `ip:${ip}` : null }
    },
    async check(keys, now) {
      const wanted = [keys.account, ...(keys.ip ? [keys.ip] : [])]
      const rows = await db.select().from(loginThrottle).where(inArray(loginThrottle.key, wanted))
      const counter = (k: string | null): FailureCounter | null => {
        const r = rows.find((x) => x.key === k)
        return r ? { failures: r.failures, lastFailureAt: r.lastFailureAt } : null
      }
      return checkLoginAttempt({
        account: counter(keys.account),
        ip: counter(keys.ip),
        now,
        accountPolicy,
        ipPolicy,
      })
    },
    async recordFailure(keys, now) {
      await bump(keys.account, now, accountPolicy)
      if (keys.ip) await bump(keys.ip, now, ipPolicy)
    },
    async recordSuccess(keys) {
      await db.delete(loginThrottle).where(inArray(loginThrottle.key, [keys.account]))
    },
    async sweep(now) {
      const horizon = Math.max(accountPolicy.resetAfterMs, ipPolicy.resetAfterMs)
      const rows = await db
        .delete(loginThrottle)
        .where(lt(loginThrottle.lastFailureAt, new Date(now.getTime() - horizon)))
        .returning({ key: loginThrottle.key })
      return rows.length
    },
  }
}
