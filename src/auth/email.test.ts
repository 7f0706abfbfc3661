import { describe, expect, it } from 'vitest'
import { normalizeEmail } from './email.ts'

describe('email', () => {
  it('should trim, lowercase and NFC-normalise to one canonical form', () => {
    expect(normalizeEmail('  Alice.Smith+Trading@Example.COM ')).toEqual({
      ok: true,
      email: 'alice.smith+trading@example.com',
    })
    // "é" composed and decomposed must give the same address (and the same unique key).
    const composed = normalizeEmail('r\u00e9my@b\u00fccher.de')
    const decomposed = normalizeEmail('re\u0301my@bu\u0308cher.de')
    expect(composed.ok).toBe(false) // non-ASCII local parts are refused
    expect(decomposed).toEqual(composed)
  })

  it('should store internationalised domains in their ASCII form', () => {
    expect(normalizeEmail('anna@B\u00fccher.de')).toEqual({
      ok: true,
      email: 'anna@xn--bcher-kva.de',
    })
    expect(normalizeEmail('anna@bu\u0308cher.de')).toEqual({
      ok: true,
      email: 'anna@xn--bcher-kva.de',
    })
  })

  it('should refuse malformed addresses with a field error', () => {
    for (const bad of [
      '',
      '   ',
      'plainaddress',
      '@example.com',
      'alice@',
      'alice@@example.com',
      'ali@ce@example.com',
      'alice@localhost',
      'alice@example',
      'alice@example.c',
      'alice@-example.com',
      'alice@exa_mple.com',
      'alice@example..com',
      '.alice@example.com',
      'alice.@example.com',
      'al..ice@example.com',
      'al ice@example.com',
      'alice@exa mple.com',
      'alice@[127.0.0.1]',
      'alice@1.2.3.4',
      'alice"@example.com',
      `${'a'.repeat(65)}@example.com`,
      `a@${'b'.repeat(250)}.com`,
      42,
      null,
    ]) {
      const r = normalizeEmail(bad)
      expect(r.ok, String(bad)).toBe(false)
      if (!r.ok) expect(r.errors[0]!.path).toBe('email')
    }
  })

  it('should accept ordinary addresses', () => {
    for (const good of [
      'a@b.io',
      "o'brien@example.ie",
      'x_y-z@sub.domain.example.org',
      'n@xn--bcher-kva.de',
    ]) {
      expect(normalizeEmail(good).ok, good).toBe(true)
    }
  })
})
