import { describe, expect, it } from 'vitest'
import {
  consumeRecoveryCode,
  generateRecoveryCodes,
  hashRecoveryCode,
  normalizeRecoveryCode,
} from './recovery-codes.ts'

describe('recovery-codes', () => {
  it('should generate ten distinct 80-bit codes and their hashes', async () => {
    const { codes, hashes } = await generateRecoveryCodes()
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/)
    expect(hashes).toHaveLength(10)
    for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{64}$/)
    // Nothing of the code is in its hash.
    expect(hashes.join()).not.toContain(codes[0]!.toLowerCase().replace(/-/g, ''))
    expect(await hashRecoveryCode(codes[3]!)).toBe(hashes[3])
  })

  it('should consume a code once and leave the others', async () => {
    const { codes, hashes } = await generateRecoveryCodes()
    const use = await consumeRecoveryCode(codes[4]!, hashes)
    expect(use).toEqual({
      ok: true,
      usedHash: hashes[4],
      remaining: hashes.filter((_, i) => i !== 4),
    })
    if (!use.ok) throw new Error('unreachable')
    expect(await consumeRecoveryCode(codes[4]!, use.remaining)).toEqual({ ok: false })
    expect((await consumeRecoveryCode(codes[5]!, use.remaining)).ok).toBe(true)
  })

  it('should accept codes typed loosely (case, spaces, I/L/O confusions)', async () => {
    const { codes, hashes } = await generateRecoveryCodes(1)
    const loose = codes[0]!.toLowerCase().replace(/-/g, ' ').replace(/1/g, 'l').replace(/0/g, 'o')
    expect((await consumeRecoveryCode(loose, hashes)).ok).toBe(true)
    expect(normalizeRecoveryCode('abcd-efgh-jkmn-pqrs')).toBe('ABCDEFGHJKMNPQRS')
  })

  it('should refuse wrong, malformed and oversized input', async () => {
    const { hashes } = await generateRecoveryCodes()
    for (const bad of [
      '0000-0000-0000-0000',
      'ABCD-EFGH',
      'UUUU-UUUU-UUUU-UUUU',
      '',
      'x'.repeat(100),
      42,
      null,
    ]) {
      expect(await consumeRecoveryCode(bad, hashes), String(bad)).toEqual({ ok: false })
    }
    expect(await consumeRecoveryCode('0000-0000-0000-0000', ['not hex', ''])).toEqual({ ok: false })
    await expect(hashRecoveryCode('short')).rejects.toThrow(TypeError)
  })
})
