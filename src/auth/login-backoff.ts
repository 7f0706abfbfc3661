/**
 * @module Login back-off: from failure counters per account and per IP, decide whether a login
 * attempt may proceed now, must wait (exponential delay), or is locked out for a while.
 *
 * Pure functions over persisted counters; the repository stores `{ failures, lastFailureAt }`
 * per account key and per IP. Rules for the caller:
 * - Key the account counter by the normalised email (a hash of it), not by user id, and update it
 *   for unknown emails too: otherwise a lockout answer would tell which emails are registered.
 * - Check before verifying the password; answer a refusal with 429 + `Retry-After` whatever the
 *   password was, so a locked account can't be probed either.
 * - After a failure, store `recordFailure` for both counters; after a success, reset the account
 *   counter only. The IP counter is left alone, or an attacker could clear it by logging into an
 *   account of their own between guesses.
 * - Lockouts are timed, never permanent: a permanent lock would let anyone lock anyone out.
 */

export interface FailureCounter {
  failures: number
  lastFailureAt: Date | null
}

export interface BackoffPolicy {
  /** Failures allowed before any delay. */
  freeFailures: number
  /** Delay after the first failure beyond the free ones; doubles with each further failure. */
  baseDelayMs: number
  maxDelayMs: number
  /** From this many failures on, each failure locks the key for `lockoutMs`. */
  lockoutAfter: number
  lockoutMs: number
  /** Failures are forgotten after this long without a new one. */
  resetAfterMs: number
}

/**
 * Per account: 5 free tries, then 1 s, 2 s, 4 s … up to 60 s; from 10 failures, 15-minute locks.
 */
export const ACCOUNT_BACKOFF: BackoffPolicy = {
  freeFailures: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  lockoutAfter: 10,
  lockoutMs: 15 * 60_000,
  resetAfterMs: 24 * 60 * 60_000,
}

/** Per IP: looser, since offices and mobile carriers put many users behind one address. */
export const IP_BACKOFF: BackoffPolicy = {
  freeFailures: 20,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  lockoutAfter: 100,
  lockoutMs: 60 * 60_000,
  resetAfterMs: 24 * 60 * 60_000,
}

export type BackoffDecision =
  | { allowed: true }
  | { allowed: false; reason: 'backoff' | 'locked'; retryAfterMs: number; scope: 'account' | 'ip' }

/** Whether one counter allows an attempt at `now`. */
export function evaluateBackoff(
  counter: FailureCounter,
  policy: BackoffPolicy,
  now: Date
): { allowed: true } | { allowed: false; reason: 'backoff' | 'locked'; retryAfterMs: number } {
  const { failures, lastFailureAt } = effective(counter, policy, now)
  if (failures === 0 || lastFailureAt === null) return { allowed: true }
  const since = now.getTime() - lastFailureAt.getTime()
  if (failures >= policy.lockoutAfter) {
    return since >= policy.lockoutMs
      ? { allowed: true }
      : { allowed: false, reason: 'locked', retryAfterMs: policy.lockoutMs - since }
  }
  if (failures <= policy.freeFailures) return { allowed: true }
  const delay = Math.min(
    policy.baseDelayMs * 2 ** (failures - policy.freeFailures - 1),
    policy.maxDelayMs
  )
  return since >= delay
    ? { allowed: true }
    : { allowed: false, reason: 'backoff', retryAfterMs: delay - since }
}

/**
 * Decides a login attempt from both counters: the stricter one wins (a lockout over a delay, then
 * the longer wait).
 */
export function checkLoginAttempt(input: {
  account: FailureCounter | null
  ip: FailureCounter | null
  now: Date
  accountPolicy?: BackoffPolicy
  ipPolicy?: BackoffPolicy
}): BackoffDecision {
  const { now, accountPolicy = ACCOUNT_BACKOFF, ipPolicy = IP_BACKOFF } = input
  const refusals = [
    {
      scope: 'account' as const,
      d: input.account && evaluateBackoff(input.account, accountPolicy, now),
    },
    { scope: 'ip' as const, d: input.ip && evaluateBackoff(input.ip, ipPolicy, now) },
  ].flatMap(({ scope, d }) => (d && !d.allowed ? [{ ...d, scope }] : []))
  if (refusals.length === 0) return { allowed: true }
  refusals.sort(
    (a, b) =>
      Number(b.reason === 'locked') - Number(a.reason === 'locked') ||
      b.retryAfterMs - a.retryAfterMs
  )
  return refusals[0]!
}

/** The counter after one more failure at `now` (stale failures are forgotten first). */
export function recordFailure(
  counter: FailureCounter | null,
  now: Date,
  policy: BackoffPolicy
): FailureCounter {
  const base = counter ? effective(counter, policy, now) : { failures: 0, lastFailureAt: null }
  return { failures: base.failures + 1, lastFailureAt: now }
}

/** The account counter after a successful login. */
export function recordSuccess(): FailureCounter {
  return { failures: 0, lastFailureAt: null }
}

function effective(counter: FailureCounter, policy: BackoffPolicy, now: Date): FailureCounter {
  const { failures, lastFailureAt } = counter
  if (!Number.isSafeInteger(failures) || failures < 0)
    throw new RangeError('failures must be a non-negative integer')
  if (lastFailureAt === null || now.getTime() - lastFailureAt.getTime() >= policy.resetAfterMs) {
    return { failures: 0, lastFailureAt: null }
  }
  return counter
}
