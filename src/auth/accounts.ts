/**
 * @module Builds the accounts feature from the runtime's dependencies: repositories, services, the
 * auth gate, rate limiters and housekeeping jobs. Called once by the composition root
 * (services.ts); nothing here touches the database until a request or job does.
 */
import { createApiKeysRepository } from '../api-keys/api-keys.repository.ts'
import { createApiKeysService } from '../api-keys/api-keys.service.ts'
import type { AuditLog } from '../compliance/audit-log/audit-log.ts'
import type { Settings } from '../config/settings.ts'
import type { Database } from '../db/types.ts'
import {
  unconfiguredValidator,
  type ExchangeCredentialValidator,
} from '../exchange-keys/credential-validator.ts'
import { createExchangeKeysRepository } from '../exchange-keys/exchange-keys.repository.ts'
import { createExchangeKeysService } from '../exchange-keys/exchange-keys.service.ts'
import { createDbRateLimitStore } from '../http/rate-limit/db-store.ts'
import type { RateLimitStore } from '../http/rate-limit/index.ts'
import type { Clock } from '../lib/clock.ts'
import { lazy } from '../lib/lazy.ts'
import type { Logger } from '../lib/logger.ts'
import type { Job } from '../scheduler/scheduler.ts'
import { createAuthGate } from './auth-gate.ts'
import { createAuthLimiters, type AuthRateLimitConfig } from './auth-rate-limits.ts'
import { createAuthService } from './auth.service.ts'
import { envelopeFromSettings, keyRingFromSettings } from './key-material.ts'
import { createLoginThrottle } from './login-throttle.ts'
import { createPasswordPolicy } from './password-policy.ts'
import {
  createPasswordHasher,
  meetsOwaspFloor,
  type PasswordHasher,
  type ScryptFn,
} from './password.ts'
import { createSecondFactor } from './second-factor.ts'
import { createSessionIssuer } from './session-issuer.ts'
import { createSessionsRepository } from './sessions.repository.ts'
import { createSessionsService } from './sessions.service.ts'
import { createTokenService } from './tokens.ts'
import { createTotp } from './totp.ts'
import { createTwoFactorService } from './two-factor.service.ts'
import { createUsersRepository } from './users.repository.ts'
import { createUsersService } from './users.service.ts'

export const TOTP_ISSUER = 'Tradeworks'

export interface AccountOptions {
  /**
   * Replaces the default hasher (scrypt N=2^14, r=8, p=5). Tests pass a fast one; production
   * refuses anything below the OWASP floor, so a test hasher can never run there.
   */
  passwordHasher?: PasswordHasher
  /** Native scrypt from the Node entry (same bytes as the pure-JS default, off the event loop). */
  scrypt?: ScryptFn
  /** Shared rate-limit store (Redis from the runtime entry); default: the PostgreSQL table. */
  rateLimitStore?: RateLimitStore
  /** Asks exchanges whether stored keys work; default answers 503 (see credential-validator.ts). */
  exchangeCredentialValidator?: ExchangeCredentialValidator
  rateLimits?: Partial<AuthRateLimitConfig>
}

export class WeakPasswordHasherInProduction extends Error {
  override name = 'WeakPasswordHasherInProduction'
}

export function createAccountServices(
  core: {
    settings: Settings
    database: Database
    logger: Logger
    clock: Clock
    auditLog: AuditLog
  },
  opts: AccountOptions = {}
) {
  const { settings, database, logger, clock, auditLog } = core
  const db = database.db
  const hasher =
    opts.passwordHasher ??
    createPasswordHasher({ production: settings.production, scrypt: opts.scrypt })
  if (settings.production && !meetsOwaspFloor(hasher.params)) {
    throw new WeakPasswordHasherInProduction(
      'refusing a password hasher below the OWASP floor in production'
    )
  }
  const tokens = lazy(async () =>
    createTokenService({
      keyRing: await keyRingFromSettings(settings.jwt),
      issuer: settings.jwt.issuer,
      audience: settings.jwt.audience,
      clock,
    })
  )
  const envelope = lazy(() => envelopeFromSettings(settings.exchangeKeyEncryptionKeys))
  const policy = createPasswordPolicy()
  const totp = createTotp({ issuer: TOTP_ISSUER, clock })

  const users = createUsersRepository(db)
  const sessions = createSessionsRepository(db)
  const throttle = createLoginThrottle({ db })
  const secondFactor = createSecondFactor({ users, envelope, totp })
  const issuer = createSessionIssuer({ sessions, tokens, clock })
  const dbStore = opts.rateLimitStore ? null : createDbRateLimitStore({ db })
  const rateLimitStore = opts.rateLimitStore ?? dbStore!

  const auth = createAuthService({
    db,
    users,
    sessions,
    throttle,
    hasher,
    policy,
    tokens,
    issuer,
    secondFactor,
    auditLog,
    clock,
    logger,
  })
  const sessionsService = createSessionsService({
    db,
    users,
    sessions,
    issuer,
    auditLog,
    clock,
    logger,
  })
  const twoFactor = createTwoFactorService({
    db,
    users,
    throttle,
    hasher,
    totp,
    envelope,
    secondFactor,
    tokens,
    auditLog,
    clock,
  })
  const apiKeys = createApiKeysService({ db, repo: createApiKeysRepository(db), auditLog, clock })
  const exchangeKeys = createExchangeKeysService({
    db,
    repo: createExchangeKeysRepository(db),
    envelope,
    validator: opts.exchangeCredentialValidator ?? unconfiguredValidator,
    auditLog,
    clock,
    logger,
  })
  const gate = createAuthGate({ users, tokens, apiKeys })
  const limits = createAuthLimiters({
    store: rateLimitStore,
    clock,
    logger,
    config: opts.rateLimits,
  })

  const jobs: Job[] = [
    {
      name: 'accounts-housekeeping',
      intervalSeconds: 900,
      async run({ now }) {
        const swept = {
          sessions: await sessions.sweep(now),
          loginThrottle: await throttle.sweep(now),
          rateLimitWindows: dbStore ? await dbStore.sweep(now) : 0,
        }
        logger.debug('accounts housekeeping', swept)
      },
    },
    {
      // An anchor outside the table: compare with GET /v1/compliance/audit-log/verify?expectedHead=.
      name: 'audit-log-anchor',
      intervalSeconds: 3600,
      async run() {
        const head = await auditLog.head()
        if (head) logger.info('audit log head', { seq: head.seq, chainHead: head.hash })
      },
    },
  ]

  return {
    auth,
    sessions: sessionsService,
    twoFactor,
    apiKeys,
    exchangeKeys,
    users: createUsersService({ db, users, auditLog }),
    gate,
    limits,
    policy,
    tokens,
    envelope,
    rateLimitStore,
    hasher,
    jobs,
  }
}

export type AccountServices = ReturnType<typeof createAccountServices>
