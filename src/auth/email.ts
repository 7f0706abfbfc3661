/**
 * @module Email normalisation and validation for sign-up and login: one canonical form per address,
 * so the unique index on users.email means what it says.
 */
import type { FieldError } from '../lib/problem.ts'

export type EmailResult = { ok: true; email: string } | { ok: false; errors: FieldError[] }

/** RFC 5321 limits: 64 octets local part, 254 for the whole path. */
const MAX_LOCAL = 64
const MAX_TOTAL = 254
// WHATWG HTML's "valid e-mail address" local part: the dot-atom subset people actually use.
const LOCAL_RE = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+$/
const LABEL_RE = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/
const TLD_RE = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/

/**
 * Trims, NFC-normalises and lowercases, converts an internationalised domain to its ASCII
 * (punycode) form, and validates. The whole address is lowercased: mailbox names are case-sensitive
 * in theory, but no provider we'd accept treats them so, and two accounts differing by case are an
 * attack. Provider-specific aliasing (dots or `+tags` at Gmail) is left alone: those are distinct
 * addresses.
 */
export function normalizeEmail(input: unknown, path = 'email'): EmailResult {
  const fail = (message: string): EmailResult => ({ ok: false, errors: [{ path, message }] })
  if (typeof input !== 'string') return fail('Email must be a string.')
  const value = input.trim().normalize('NFC').toLowerCase()
  if (value === '') return fail('Email is required.')
  if (value.length > MAX_TOTAL) return fail(`Email must be at most ${MAX_TOTAL} characters.`)
  const at = value.lastIndexOf('@')
  if (at <= 0 || at === value.length - 1 || value.indexOf('@') !== at) {
    return fail('Email must look like name@example.com.')
  }
  const local = value.slice(0, at)
  const domain = toAsciiDomain(value.slice(at + 1))
  if (local.length > MAX_LOCAL)
    return fail(`The part before @ must be at most ${MAX_LOCAL} characters.`)
  if (
    !LOCAL_RE.test(local) ||
    local.startsWith('.') ||
    local.endsWith('.') ||
    local.includes('..')
  ) {
    return fail('The part before @ contains characters that are not allowed.')
  }
  if (domain === null) return fail('The domain is not valid.')
  const labels = domain.split('.')
  if (labels.length < 2 || !labels.every((l) => LABEL_RE.test(l)) || !TLD_RE.test(labels.at(-1)!)) {
    return fail('The domain is not valid.')
  }
  const email = `${local}@${domain}`
  if (email.length > MAX_TOTAL) return fail(`Email must be at most ${MAX_TOTAL} characters.`)
  return { ok: true, email }
}

/** IDNA via the URL parser (UTS #46), the one IDN implementation every runtime ships. */
function toAsciiDomain(domain: string): string | null {
  if (domain === '' || /[\s/\\?#@:[\]%]/.test(domain)) return null
  if (/^[a-z0-9.-]+$/.test(domain)) return domain
  try {
    return new URL(`http://${domain}/`).hostname
  } catch {
    return null
  }
}
