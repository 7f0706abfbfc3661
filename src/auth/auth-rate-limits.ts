/**
 * @module Rate limits on the account routes, counted in the shared store (PostgreSQL by default,
 * Redis when configured) so every instance enforces one budget. These sit in front of the KDF:
 * they bound guessing and the CPU an attacker can make us spend.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { rateLimit, type RateLimitStore } from '../http/rate-limit/index.ts'
import type { AppEnv } from '../http/types.ts'
import type { Clock } from '../lib/clock.ts'
import { describeError, type Logger } from '../lib/logger.ts'

export interface Limit {
  limit: number
  windowMs: number
}

export interface AuthRateLimitConfig {
  /** Per client IP. */
  register: Limit
  /** Per client IP: password and MFA sign-in. */
  login: Limit
  /** Per client IP. */
  refresh: Limit
  /** Per user: 2FA confirm/disable and step-up codes. */
  code: Limit
  /** Per user: exchange-key validation (each is an outbound exchange call). */
  validateKey: Limit
}

export const DEFAULT_AUTH_RATE_LIMITS: AuthRateLimitConfig = {
  register: { limit: 10, windowMs: 3_600_000 },
  login: { limit: 30, windowMs: 60_000 },
  refresh: { limit: 60, windowMs: 60_000 },
  code: { limit: 10, windowMs: 60_000 },
  validateKey: { limit: 10, windowMs: 60_000 },
}

export type AuthLimiters = Record<keyof AuthRateLimitConfig, MiddlewareHandler<AppEnv>>

const byIp = (c: Context) => `ip:${(c as Context<AppEnv>).get('clientIp') ?? 'unknown'}`
const byUser = (c: Context) => {
  const p = (c as Context<AppEnv>).get('principal')
  return p ? `user:${p.userId}` : byIp(c)
}

export function createAuthLimiters(opts: {
  store: RateLimitStore
  clock: Clock
  logger: Logger
  config?: Partial<AuthRateLimitConfig>
}): AuthLimiters {
  const config = { ...DEFAULT_AUTH_RATE_LIMITS, ...opts.config }
  const onStoreError = (err: unknown) =>
    opts.logger.error('rate-limit store failed', { error: describeError(err) })
  const make = (name: keyof AuthRateLimitConfig, key: (c: Context) => string) =>
    rateLimit({
      name,
      ...config[name],
      key,
      store: opts.store,
      clock: opts.clock,
      onStoreError,
    }) as MiddlewareHandler<AppEnv>
  return {
    register: make('register', byIp),
    login: make('login', byIp),
    refresh: make('refresh', byIp),
    code: make('code', byUser),
    validateKey: make('validateKey', byUser),
  }
}
