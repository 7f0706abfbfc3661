import { describe, expect, it } from 'vitest'
import { fixedClock } from '../lib/clock.ts'
import { createTotp } from './totp.ts'

// RFC 6238 Appendix B: the SHA-1 seed "12345678901234567890" in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

function setup(at = '2026-03-01T12:00:10Z') {
  const clock = fixedClock(at)
  return { clock, totp: createTotp({ issuer: 'TradeWorks', clock }) }
}

describe('totp', () => {
  it('should match the RFC 6238 test vectors (6-digit truncation)', async () => {
    const { totp } = setup()
    // Appendix B lists 8-digit codes; the 6-digit code is their last six digits.
    expect(await totp.codeAt(RFC_SECRET, new Date(59_000))).toBe('287082')
    expect(await totp.codeAt(RFC_SECRET, new Date(1_111_111_109_000))).toBe('081804')
    expect(await totp.codeAt(RFC_SECRET, new Date(2_000_000_000_000))).toBe('279037')
  })

  it('should generate 160-bit base32 secrets and an otpauth URI', () => {
    const { totp } = setup()
    const secret = totp.generateSecret()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(totp.generateSecret()).not.toBe(secret)
    const uri = new URL(totp.uri({ secret, account: 'alice@example.com' }))
    expect(uri.protocol).toBe('otpauth:')
    expect(decodeURIComponent(uri.pathname)).toContain('TradeWorks:alice@example.com')
    expect(uri.searchParams.get('secret')).toBe(secret)
    expect(uri.searchParams.get('issuer')).toBe('TradeWorks')
  })

  it('should accept the current code and one step either side, and report the step', async () => {
    const { totp, clock } = setup()
    const secret = totp.generateSecret()
    const now = clock.now()
    const step = Math.floor(now.getTime() / 30_000)
    for (const offset of [-1, 0, 1]) {
      const code = await totp.codeAt(secret, new Date(now.getTime() + offset * 30_000))
      expect(await totp.verify({ secret, code, lastUsedStep: null })).toEqual({
        ok: true,
        step: step + offset,
      })
    }
    for (const offset of [-3, -2, 2, 3]) {
      const code = await totp.codeAt(secret, new Date(now.getTime() + offset * 30_000))
      expect((await totp.verify({ secret, code, lastUsedStep: null })).ok, String(offset)).toBe(
        false
      )
    }
  })

  it('should refuse a replayed code and any code at or before the last used step', async () => {
    const { totp, clock } = setup()
    const secret = totp.generateSecret()
    const code = await totp.codeAt(secret)
    const first = await totp.verify({ secret, code, lastUsedStep: null })
    expect(first.ok).toBe(true)
    const last = first.ok ? first.step : -1
    expect(await totp.verify({ secret, code, lastUsedStep: last })).toEqual({
      ok: false,
      reason: 'replay',
    })
    const previous = await totp.codeAt(secret, new Date(clock.now().getTime() - 30_000))
    expect(await totp.verify({ secret, code: previous, lastUsedStep: last })).toEqual({
      ok: false,
      reason: 'replay',
    })
    // The next step's code still works, and moves the mark forward.
    clock.advance(30_000)
    const next = await totp.verify({ secret, code: await totp.codeAt(secret), lastUsedStep: last })
    expect(next).toEqual({ ok: true, step: last + 1 })
  })

  it('should refuse every code when the last used step is ahead of the window', async () => {
    const { totp, clock } = setup()
    const secret = totp.generateSecret()
    const future = Math.floor(clock.now().getTime() / 30_000) + 5
    const code = await totp.codeAt(secret)
    expect(await totp.verify({ secret, code, lastUsedStep: future })).toEqual({
      ok: false,
      reason: 'replay',
    })
  })

  it('should refuse malformed and wrong codes without throwing', async () => {
    const { totp } = setup()
    const secret = totp.generateSecret()
    const right = await totp.codeAt(secret)
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0')
    expect(await totp.verify({ secret, code: wrong, lastUsedStep: null })).toEqual({
      ok: false,
      reason: 'invalid',
    })
    for (const bad of ['', '12345', '1234567', 'abcdef', '12 34 5', null as unknown as string]) {
      expect(await totp.verify({ secret, code: bad, lastUsedStep: null })).toEqual({
        ok: false,
        reason: 'malformed',
      })
    }
    expect(
      (
        await totp.verify({
          secret,
          code: `${right.slice(0, 3)} ${right.slice(3)}`,
          lastUsedStep: null,
        })
      ).ok
    ).toBe(true)
  })
})
