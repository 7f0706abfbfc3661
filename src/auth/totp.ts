/**
 * @module TOTP (RFC 6238, otplib 13): secrets, `otpauth://` URIs, and verification with ±1 step
 * of tolerance that reports the matched time step so a code is accepted only once.
 */
import { generate, generateSecret, generateURI, verify } from 'otplib'
import { systemClock, type Clock } from '../lib/clock.ts'

/** 30-second steps, 6 digits, HMAC-SHA1: the parameters every authenticator app understands. */
const PERIOD = 30
const DIGITS = 6
const CODE_RE = /^\d{6}$/

export type TotpResult =
  | { ok: true; step: number }
  /** `replay`: right code, but for a step at or before the last one used. Answer both alike. */
  | { ok: false; reason: 'malformed' | 'invalid' | 'replay' }

export interface Totp {
  /** A new base32 secret of 20 random bytes (160 bits, RFC 4226 §4). Encrypt it before storing. */
  generateSecret(): string
  /** `otpauth://totp/<issuer>:<account>?secret=…` for the enrolment QR code. */
  uri(input: { secret: string; account: string }): string
  /**
   * Checks `code` at the current step and one step either side. On success store `step` as the
   * user's last used step — atomically, with `UPDATE … SET last_totp_step = $step WHERE
   * last_totp_step IS NULL OR last_totp_step < $step`, so two concurrent requests can't both win.
   */
  verify(input: { secret: string; code: string; lastUsedStep: number | null }): Promise<TotpResult>
  /** The code for `at` (default now). For tests and the demo seed, never for an HTTP response. */
  codeAt(secret: string, at?: Date): Promise<string>
}

/**
 * @param opts.issuer - shown in authenticator apps (e.g. `TradeWorks`).
 * @param [opts.clock=systemClock]
 * @example
 * const totp = createTotp({ issuer: 'TradeWorks' })
 * const r = await totp.verify({ secret, code: body.code, lastUsedStep: user.lastTotpStep })
 * if (!r.ok) throw problems.unauthorized('Invalid code.')
 */
export function createTotp(opts: { issuer: string; clock?: Clock }): Totp {
  const { issuer, clock = systemClock } = opts
  const epochOf = (d: Date) => Math.floor(d.getTime() / 1000)

  return {
    generateSecret: () => generateSecret({ length: 20 }),
    uri: ({ secret, account }) =>
      generateURI({ issuer, label: account, secret, period: PERIOD, digits: DIGITS }),
    async verify({ secret, code, lastUsedStep }) {
      const token = typeof code === 'string' ? code.replace(/\s+/g, '') : ''
      if (!CODE_RE.test(token)) return { ok: false, reason: 'malformed' }
      const epoch = epochOf(clock.now())
      const base = { secret, token, epoch, period: PERIOD, digits: DIGITS, epochTolerance: PERIOD }
      const highestStep = Math.floor((epoch + PERIOD) / PERIOD)
      // otplib skips steps ≤ afterTimeStep itself, and refuses an afterTimeStep beyond the window.
      if (lastUsedStep === null || lastUsedStep < highestStep) {
        const r = await verify(
          lastUsedStep === null ? base : { ...base, afterTimeStep: lastUsedStep }
        )
        if (r.valid && 'timeStep' in r) return { ok: true, step: r.timeStep }
      }
      if (lastUsedStep === null) return { ok: false, reason: 'invalid' }
      const again = await verify(base)
      return { ok: false, reason: again.valid ? 'replay' : 'invalid' }
    },
    codeAt: (secret, at = clock.now()) =>
      generate({ secret, epoch: epochOf(at), period: PERIOD, digits: DIGITS }),
  }
}
