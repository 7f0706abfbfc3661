/**
 * @module Sign-up, sign-in (password, then the second factor when 2FA is on) and `me`. Refresh and
 * logout live in sessions.service.ts.
 *
 * Sign-in answers never tell whether an email is registered: unknown emails get the same KDF work,
 * the same failure counters, the same audit write and the same 401; a throttled attempt gets 429
 * whatever the password.
 */
import type { AuditLog } from '../compliance/audit-log/audit-log.ts'
import type { Db } from '../db/types.ts'
import type { Clock } from '../lib/clock.ts'
import { describeError, type Logger } from '../lib/logger.ts'
import { ProblemError, problems, type FieldError } from '../lib/problem.ts'
import { auditMeta, type Actor, type RequestMeta } from './actor.ts'
import { normalizeEmail } from './email.ts'
import type { LoginThrottle } from './login-throttle.ts'
import { MalformedPasswordHash, type PasswordHasher } from './password.ts'
import type { PasswordPolicy } from './password-policy.ts'
import type { SecondFactor } from './second-factor.ts'
import type { SessionIssuer, SessionTokens } from './session-issuer.ts'
import type { SessionsRepository } from './sessions.repository.ts'
import { TokenError, type TokenService } from './tokens.ts'
import type { UsersRepository } from './users.repository.ts'

export interface MfaRequired {
  mfaRequired: true
  /** Send back to `POST /v1/auth/login/mfa` with a code; valid 5 minutes, once. */
  challenge: string
  expiresIn: number
}

export interface Me {
  id: string
  email: string
  role: string
  twoFactorEnabled: boolean
  recoveryCodesRemaining: number
  createdAt: string
}

export interface AuthServiceDeps {
  db: Db
  users: UsersRepository
  sessions: SessionsRepository
  throttle: LoginThrottle
  hasher: PasswordHasher
  policy: PasswordPolicy
  tokens: () => Promise<TokenService>
  issuer: SessionIssuer
  secondFactor: SecondFactor
  auditLog: AuditLog
  clock: Clock
  logger: Logger
}

export const throttled = (retryAfterMs: number) => {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000))
  return new ProblemError({
    status: 429,
    type: 'login-throttled',
    detail: 'Too many failed attempts. Wait before trying again.',
    headers: { 'retry-after': String(seconds) },
    extra: { retryAfter: seconds },
  })
}
const invalidCredentials = () =>
  problems.unauthorized('Email or password is incorrect.', 'invalid-credentials')
const invalidChallenge = () =>
  problems.unauthorized(
    'The sign-in challenge is invalid, expired or used. Sign in again.',
    'invalid-challenge'
  )
const invalidCode = () => problems.unauthorized('The code is not valid.', 'invalid-code')

export function createAuthService(deps: AuthServiceDeps) {
  const {
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
  } = deps

  async function verifyPassword(password: string, encoded: string | null): Promise<boolean> {
    try {
      return await hasher.verify(password, encoded)
    } catch (err) {
      if (!(err instanceof MalformedPasswordHash)) throw err
      logger.error('stored password hash is unreadable', { error: describeError(err) })
      return false
    }
  }

  return {
    async register(input: { email: string; password: string }, meta: RequestMeta) {
      const email = normalizeEmail(input.email)
      const errors: FieldError[] = email.ok ? [] : email.errors
      errors.push(...policy.check(input.password, { email: email.ok ? email.email : undefined }))
      if (!email.ok || errors.length > 0) throw problems.validation(errors)
      const passwordHash = await hasher.hash(input.password)
      const user = await db.transaction(async (tx) => {
        const row = await users.insert({ email: email.email, passwordHash }, tx)
        if (row) {
          await auditLog.append(
            {
              ...auditMeta(meta),
              actor: row.id,
              action: 'auth.registered',
              subject: `user:${row.id}`,
            },
            tx
          )
        }
        return row
      })
      if (!user)
        throw problems.conflict('This email cannot be used to register.', 'email-unavailable')
      return { id: user.id, email: user.email }
    },

    async login(
      input: { email: string; password: string },
      meta: RequestMeta
    ): Promise<SessionTokens | MfaRequired> {
      const normalized = normalizeEmail(input.email)
      if (!normalized.ok) throw problems.validation(normalized.errors)
      const now = clock.now()
      const keys = await throttle.keysFor(normalized.email, meta.ip)
      const decision = await throttle.check(keys, now)
      if (!decision.allowed) {
        logger.warn('login throttled', {
          scope: decision.scope,
          reason: decision.reason,
          requestId: meta.requestId,
        })
        throw throttled(decision.retryAfterMs)
      }
      const user = await users.findByEmail(normalized.email)
      const ok = await verifyPassword(input.password, user?.passwordHash ?? null)
      if (!ok || !user || !user.enabled) {
        await throttle.recordFailure(keys, now)
        await auditLog.append({
          ...auditMeta(meta),
          action: 'auth.login.failed',
          subject: user ? `user:${user.id}` : null,
          details: { reason: user ? 'password_or_disabled' : 'unknown_account' },
        })
        throw invalidCredentials()
      }
      if (hasher.needsRehash(user.passwordHash)) {
        await users.setPasswordHash(user.id, await hasher.hash(input.password))
      }
      if (user.totpEnabledAt) {
        // The counter is cleared only after the second factor: otherwise someone holding the
        // password could reset it between rounds of code guessing.
        const challenge = await (await tokens()).issueMfaChallenge({ sub: user.id })
        return { mfaRequired: true, challenge: challenge.token, expiresIn: challenge.expiresIn }
      }
      await throttle.recordSuccess(keys)
      const session = await issuer.issue(user)
      await auditLog.append({
        ...auditMeta(meta),
        actor: user.id,
        action: 'auth.login.succeeded',
        subject: `user:${user.id}`,
        details: { secondFactor: null },
      })
      return session
    },

    async loginMfa(
      input: { challenge: string; code: string },
      meta: RequestMeta
    ): Promise<SessionTokens> {
      let claims
      try {
        claims = await (await tokens()).verifyMfaChallenge(input.challenge)
      } catch (err) {
        if (err instanceof TokenError) throw invalidChallenge()
        throw err
      }
      const user = await users.findById(claims.sub)
      if (!user || !user.enabled || !user.totpEnabledAt) throw invalidChallenge()
      const now = clock.now()
      const keys = await throttle.keysFor(user.email, meta.ip)
      const decision = await throttle.check(keys, now)
      if (!decision.allowed) throw throttled(decision.retryAfterMs)
      const method = await secondFactor.verify(user, input.code)
      if (!method) {
        await throttle.recordFailure(keys, now)
        await auditLog.append({
          ...auditMeta(meta),
          actor: user.id,
          action: 'auth.mfa.failed',
          subject: `user:${user.id}`,
        })
        throw invalidCode()
      }
      if (
        !(await sessions.useMfaChallenge(claims.jti, user.id, now, new Date(claims.exp * 1000)))
      ) {
        throw invalidChallenge()
      }
      await throttle.recordSuccess(keys)
      const session = await issuer.issue(user)
      await auditLog.append({
        ...auditMeta(meta),
        actor: user.id,
        action: 'auth.login.succeeded',
        subject: `user:${user.id}`,
        details: { secondFactor: method },
      })
      return session
    },

    async me(actor: Actor): Promise<Me> {
      const user = await users.findById(actor.principal.userId)
      if (!user) throw problems.notFound()
      return {
        id: user.id,
        email: user.email,
        role: user.role,
        twoFactorEnabled: user.totpEnabledAt !== null,
        recoveryCodesRemaining: user.totpEnabledAt ? await users.countRecoveryCodes(user.id) : 0,
        createdAt: user.createdAt.toISOString(),
      }
    },
  }
}

export type AuthService = ReturnType<typeof createAuthService>
