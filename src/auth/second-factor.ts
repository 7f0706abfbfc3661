/**
 * @module Checks a second factor — a TOTP code or a recovery code — and uses it up: the TOTP step
 * is stored with a compare-and-set (a replay within the ±1-step window fails) and a recovery code
 * row is deleted (of two concurrent uses, one wins).
 */
import type { Envelope } from '../lib/envelope.ts'
import { normalizeRecoveryCode, consumeRecoveryCode } from './recovery-codes.ts'
import type { Totp } from './totp.ts'
import type { UserRow, UsersRepository } from './users.repository.ts'

export type SecondFactorMethod = 'totp' | 'recovery_code'

/** AAD binding a TOTP record to its row and field (envelope.ts). */
export const totpAad = (userId: string) => `users:${userId}:totp_secret`

export interface SecondFactor {
  /** The method that matched (and was consumed), or null. Only for users with 2FA enabled. */
  verify(user: UserRow, code: string): Promise<SecondFactorMethod | null>
  /** Decrypts the user's (pending or enabled) TOTP secret. */
  secretOf(user: UserRow): Promise<string>
}

export function createSecondFactor(deps: {
  users: UsersRepository
  envelope: () => Promise<Envelope>
  totp: Totp
}): SecondFactor {
  const { users, envelope, totp } = deps

  async function secretOf(user: UserRow): Promise<string> {
    if (!user.totpSecret) throw new Error('user has no TOTP secret')
    return (await envelope()).decryptString(user.totpSecret, totpAad(user.id))
  }

  return {
    secretOf,
    async verify(user, code) {
      if (!user.totpEnabledAt || !user.totpSecret || typeof code !== 'string') return null
      if (/^\s*\d{3}\s?\d{3}\s*$/.test(code)) {
        const result = await totp.verify({
          secret: await secretOf(user),
          code,
          lastUsedStep: user.lastTotpStep,
        })
        if (!result.ok) return null
        return (await users.useTotpStep(user.id, result.step)) ? 'totp' : null
      }
      if (normalizeRecoveryCode(code) === null) return null
      const used = await consumeRecoveryCode(code, await users.recoveryCodeHashes(user.id))
      if (!used.ok) return null
      return (await users.deleteRecoveryCode(user.id, used.usedHash)) ? 'recovery_code' : null
    },
  }
}
