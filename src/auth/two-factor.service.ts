/**
 * @module TOTP two-factor: enrolment (secret sealed at rest), confirmation, recovery codes,
 * disabling, and step-up tokens for sensitive actions.
 *
 * Every code check goes through the account's login back-off, so a stolen access token can't be
 * used to brute-force the 6-digit code.
 */
import type { AuditLog } from '../compliance/audit-log/audit-log.ts'
import type { Db } from '../db/types.ts'
import type { Clock } from '../lib/clock.ts'
import type { Envelope } from '../lib/envelope.ts'
import { problems } from '../lib/problem.ts'
import { assertSession, assertStepUp, auditMeta, twoFactorRequired, type Actor } from './actor.ts'
import { throttled } from './auth.service.ts'
import type { LoginThrottle } from './login-throttle.ts'
import type { PasswordHasher } from './password.ts'
import { generateRecoveryCodes } from './recovery-codes.ts'
import { totpAad, type SecondFactor } from './second-factor.ts'
import type { TokenService } from './tokens.ts'
import type { Totp } from './totp.ts'
import type { UserRow, UsersRepository } from './users.repository.ts'

export interface TwoFactorServiceDeps {
  db: Db
  users: UsersRepository
  throttle: LoginThrottle
  hasher: PasswordHasher
  totp: Totp
  envelope: () => Promise<Envelope>
  secondFactor: SecondFactor
  tokens: () => Promise<TokenService>
  auditLog: AuditLog
  clock: Clock
}

const invalidCode = () => problems.unauthorized('The code is not valid.', 'invalid-code')

export function createTwoFactorService(deps: TwoFactorServiceDeps) {
  const { db, users, throttle, hasher, totp, envelope, secondFactor, tokens, auditLog, clock } =
    deps

  async function userOf(actor: Actor): Promise<UserRow> {
    const user = await users.findById(actor.principal.userId)
    if (!user) throw problems.notFound()
    return user
  }

  /** Runs `check` under the account's back-off; a false result counts as a failure. */
  async function throttledCheck(
    user: UserRow,
    actor: Actor,
    check: () => Promise<boolean>
  ): Promise<void> {
    const now = clock.now()
    const keys = await throttle.keysFor(user.email, actor.ip)
    const decision = await throttle.check(keys, now)
    if (!decision.allowed) throw throttled(decision.retryAfterMs)
    if (!(await check())) {
      await throttle.recordFailure(keys, now)
      await auditLog.append({
        ...auditMeta(actor),
        action: 'auth.2fa.code_failed',
        subject: `user:${user.id}`,
      })
      throw invalidCode()
    }
    await throttle.recordSuccess(keys)
  }

  async function newRecoveryCodes(user: UserRow, actor: Actor, action: string) {
    const { codes, hashes } = await generateRecoveryCodes()
    await db.transaction(async (tx) => {
      await users.replaceRecoveryCodes(user.id, hashes, clock.now(), tx)
      await auditLog.append({ ...auditMeta(actor), action, subject: `user:${user.id}` }, tx)
    })
    return codes
  }

  return {
    /** Starts (or restarts) enrolment: a new secret, stored sealed until confirmed. */
    async enroll(actor: Actor): Promise<{ secret: string; otpauthUri: string }> {
      assertSession(actor)
      const user = await userOf(actor)
      if (user.totpEnabledAt) {
        throw problems.conflict(
          'Two-factor authentication is already on; disable it first.',
          'two-factor-enabled'
        )
      }
      const secret = totp.generateSecret()
      const record = await (await envelope()).encrypt(secret, totpAad(user.id))
      if (!(await users.setPendingTotp(user.id, record))) {
        throw problems.conflict(
          'Two-factor authentication is already on; disable it first.',
          'two-factor-enabled'
        )
      }
      await auditLog.append({
        ...auditMeta(actor),
        action: 'auth.2fa.enrollment_started',
        subject: `user:${user.id}`,
      })
      return { secret, otpauthUri: totp.uri({ secret, account: user.email }) }
    },

    /** Turns 2FA on with a first code from the pending secret; returns the recovery codes once. */
    async confirm(
      actor: Actor,
      input: { code: string }
    ): Promise<{ twoFactorEnabled: true; recoveryCodes: string[] }> {
      assertSession(actor)
      const user = await userOf(actor)
      if (user.totpEnabledAt)
        throw problems.conflict('Two-factor authentication is already on.', 'two-factor-enabled')
      if (!user.totpSecret)
        throw problems.conflict('Start with POST /v1/auth/2fa/enroll.', 'two-factor-not-enrolled')
      const pending = user.totpSecret
      await throttledCheck(user, actor, async () => {
        const result = await totp.verify({
          secret: await secondFactor.secretOf(user),
          code: input.code,
          lastUsedStep: user.lastTotpStep,
        })
        return (
          result.ok &&
          (await users.enableTotp(user.id, pending.ciphertext, result.step, clock.now()))
        )
      })
      const recoveryCodes = await newRecoveryCodes(user, actor, 'auth.2fa.enabled')
      return { twoFactorEnabled: true, recoveryCodes }
    },

    /** Needs a step-up token, the password and a current code (TOTP or recovery code). */
    async disable(actor: Actor, input: { password: string; code: string }): Promise<void> {
      assertSession(actor)
      assertStepUp(actor)
      const user = await userOf(actor)
      if (!user.totpEnabledAt) throw twoFactorRequired()
      await throttledCheck(user, actor, async () => {
        const passwordOk = await hasher.verify(input.password, user.passwordHash).catch(() => false)
        // Check the code even after a wrong password, so timing doesn't tell which one failed.
        const method = await secondFactor.verify(user, input.code)
        return passwordOk && method !== null
      })
      await db.transaction(async (tx) => {
        await users.disableTotp(user.id, tx)
        await auditLog.append(
          { ...auditMeta(actor), action: 'auth.2fa.disabled', subject: `user:${user.id}` },
          tx
        )
      })
    },

    /** Replaces every recovery code (step-up required); returns the new ones once. */
    async regenerateRecoveryCodes(actor: Actor): Promise<{ recoveryCodes: string[] }> {
      assertSession(actor)
      assertStepUp(actor)
      const user = await userOf(actor)
      if (!user.totpEnabledAt) throw twoFactorRequired()
      return {
        recoveryCodes: await newRecoveryCodes(user, actor, 'auth.2fa.recovery_codes_regenerated'),
      }
    },

    /** Exchanges a fresh code for a 5-minute step-up token. */
    async stepUp(
      actor: Actor,
      input: { code: string }
    ): Promise<{ stepUpToken: string; expiresIn: number }> {
      assertSession(actor)
      const user = await userOf(actor)
      if (!user.totpEnabledAt) throw twoFactorRequired()
      let method: string | null = null
      await throttledCheck(
        user,
        actor,
        async () => (method = await secondFactor.verify(user, input.code)) !== null
      )
      const issued = await (await tokens()).issueStepUpToken({ sub: user.id })
      await auditLog.append({
        ...auditMeta(actor),
        action: 'auth.step_up',
        subject: `user:${user.id}`,
        details: { method },
      })
      return { stepUpToken: issued.token, expiresIn: issued.expiresIn }
    },

    async isEnabled(userId: string): Promise<boolean> {
      return (await users.findById(userId))?.totpEnabledAt != null
    },
  }
}

export type TwoFactorService = ReturnType<typeof createTwoFactorService>
