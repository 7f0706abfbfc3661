/**
 * @module Password policy (NIST SP 800-63B style): length 12–256, no composition rules, and a
 * refusal of common, repetitive, sequential or context-derived passwords.
 */
import type { FieldError } from '../lib/problem.ts'
import { COMMON_PASSWORDS_TEXT } from './common-passwords.ts'

export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 256

export interface PasswordPolicyContext {
  /**
   * The account's (normalised) email: its local part and domain name may not carry the password.
   */
  email?: string
  /** Other words that make a weak password here (product name, user's display name…). */
  words?: readonly string[]
}

export interface PasswordPolicy {
  check(password: unknown, context?: PasswordPolicyContext): FieldError[]
}

const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '3': 'e',
  '1': 'i',
  '!': 'i',
  '0': 'o',
  $: 's',
  '5': 's',
  '7': 't',
}

/**
 * @param [opts.minLength=12]
 * @param [opts.maxLength=256] - bounds KDF input and request size; NIST asks for at least 64.
 * @param [opts.denylist] - lowercase common passwords (default: SecLists top 1,000).
 * @param [opts.contextWords=['tradeworks']] - words that make a password guessable on this service.
 * @param [opts.path='password'] - field path used in the returned errors.
 * @example
 * const errors = createPasswordPolicy().check(body.password, { email })
 * if (errors.length) throw problems.validation(errors)
 */
export function createPasswordPolicy(
  opts: {
    minLength?: number
    maxLength?: number
    denylist?: Iterable<string>
    contextWords?: readonly string[]
    path?: string
  } = {}
): PasswordPolicy {
  const {
    minLength = PASSWORD_MIN_LENGTH,
    maxLength = PASSWORD_MAX_LENGTH,
    contextWords = ['tradeworks'],
    path = 'password',
  } = opts
  const denylist = new Set(
    [...(opts.denylist ?? COMMON_PASSWORDS_TEXT.split('\n'))]
      .map((w) => w.trim().toLowerCase())
      .filter(Boolean)
  )

  return {
    check(password, context = {}) {
      const err = (message: string): FieldError[] => [{ path, message }]
      if (typeof password !== 'string') return err('Password must be a string.')
      // Length counts code points after the same NFKC normalisation the hasher applies.
      const normalized = password.normalize('NFKC')
      const length = [...normalized].length
      if (length < minLength) return err(`Password must be at least ${minLength} characters.`)
      if (length > maxLength) return err(`Password must be at most ${maxLength} characters.`)
      const lower = normalized.toLowerCase()
      if (isRepetitive(lower) || isSequential(lower)) {
        return err(
          'Password is a repeated or sequential pattern; choose something less predictable.'
        )
      }
      if (candidates(lower).some((c) => denylist.has(c))) {
        return err(
          'Password is too common (found in a list of breached passwords); choose another.'
        )
      }
      const words = [...contextWords, ...emailWords(context.email), ...(context.words ?? [])]
        .map((w) => w.toLowerCase())
        .filter((w) => w.length >= 4)
      if (
        candidates(lower).some((c) =>
          words.some((w) => c === w || (c.includes(w) && c.length - w.length < 6))
        )
      ) {
        return err('Password is too close to your email or the name of this service.')
      }
      return []
    },
  }
}

/**
 * The password plus its "base word": without leetspeak and without leading/trailing digits and
 * symbols.
 */
function candidates(lower: string): string[] {
  const deleet = (s: string) => [...s].map((ch) => LEET[ch] ?? ch).join('')
  const strip = (s: string) => s.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
  const out = new Set([lower, strip(lower), deleet(strip(lower)), strip(deleet(lower))])
  for (const c of [...out]) {
    const unit = repeatedUnit(c)
    if (unit) out.add(unit)
  }
  out.delete('')
  return [...out]
}

/** The shortest unit that the string is a whole repetition of ("abcabc" → "abc"), or null. */
function repeatedUnit(s: string): string | null {
  for (let n = 1; n <= s.length / 2; n++) {
    if (s.length % n === 0 && s.slice(0, n).repeat(s.length / n) === s) return s.slice(0, n)
  }
  return null
}

function isRepetitive(s: string): boolean {
  const unit = repeatedUnit(s)
  return (unit !== null && unit.length <= 4) || new Set(s).size <= 3
}

/** Each character one code point above or below the previous ("abcdefghijkl", "987654321098"). */
function isSequential(s: string): boolean {
  const cps = [...s].map((c) => c.codePointAt(0)!)
  const steps = new Set(cps.slice(1).map((c, i) => c - cps[i]!))
  // Digits wrap (…8901…), so ±9 steps count as sequential too.
  return (
    [...steps].every((d) => d === 1 || d === -9) || [...steps].every((d) => d === -1 || d === 9)
  )
}

function emailWords(email: string | undefined): string[] {
  if (!email) return []
  const [local = '', domain = ''] = email.toLowerCase().split('@')
  return [local, ...local.split(/[^\p{L}\p{N}]+/u), domain.split('.')[0] ?? '']
}
