import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  generateApiKey,
  hasScopes,
  hashApiKey,
  looksLikeApiKey,
  parseApiKey,
  parseScopes,
  verifyApiKey,
} from './api-key-format.ts'

describe('api-key-format', () => {
  it('should generate tw_<env>_ keys with a lookup prefix and a SHA-256 hash', async () => {
    const g = await generateApiKey()
    expect(g.key).toMatch(/^tw_live_[0-9A-Za-z]{38}$/)
    expect(g.lookupPrefix).toBe(g.key.slice(0, 16))
    expect(g.hash).toBe(createHash('sha256').update(g.key).digest('hex'))
    expect((await generateApiKey('test')).key.startsWith('tw_test_')).toBe(true)
    const many = await Promise.all(Array.from({ length: 200 }, () => generateApiKey()))
    expect(new Set(many.map((k) => k.key)).size).toBe(200)
    expect(new Set(many.map((k) => k.lookupPrefix)).size).toBe(200)
  })

  it('should draw the random part uniformly from all 62 characters', async () => {
    const counts = new Map<string, number>()
    for (let i = 0; i < 300; i++) {
      for (const c of (await generateApiKey()).key.slice(8, 40))
        counts.set(c, (counts.get(c) ?? 0) + 1)
    }
    expect(counts.size).toBe(62)
    // 9,600 draws. Plain `byte % 62` would give '0'–'7' a 5/256 chance each: ≈ 1,500 hits in
    // total instead of the uniform ≈ 1,239 (σ ≈ 33). 1,370 is 4σ from both.
    const low = [...'01234567'].reduce((n, c) => n + (counts.get(c) ?? 0), 0)
    expect(low).toBeLessThan(1370)
  })

  it('should parse its own keys and reject any single-character change by checksum', async () => {
    const { key, lookupPrefix } = await generateApiKey()
    expect(parseApiKey(key)).toEqual({ env: 'live', lookupPrefix })
    for (let i = 8; i < key.length; i++) {
      const c = key[i] === 'a' ? 'b' : 'a'
      expect(parseApiKey(key.slice(0, i) + c + key.slice(i + 1)), `position ${i}`).toBeNull()
    }
    expect(parseApiKey(key.replace('tw_live_', 'tw_test_'))).toBeNull()
  })

  it('should reject things that are not our keys', () => {
    for (const bad of [
      '',
      'tw_live_',
      'eyJhbGciOiJIUzI1NiJ9.e30.sig',
      `tw_prod_${'a'.repeat(38)}`,
      `tw_live_${'a'.repeat(37)}`,
      `tw_live_${'a'.repeat(39)}`,
      `tw_live_${'a'.repeat(31)}-${'a'.repeat(6)}`,
      ` tw_live_${'a'.repeat(38)}`,
      42,
    ]) {
      expect(parseApiKey(bad), String(bad)).toBeNull()
    }
    expect(looksLikeApiKey('tw_live_x')).toBe(true)
    expect(looksLikeApiKey('eyJhbGciOi')).toBe(false)
  })

  it('should verify a key only against its own hash', async () => {
    const a = await generateApiKey()
    const b = await generateApiKey()
    expect(await verifyApiKey(a.key, a.hash)).toBe(true)
    expect(await verifyApiKey(a.key, b.hash)).toBe(false)
    expect(await verifyApiKey(b.key, a.hash)).toBe(false)
    expect(await verifyApiKey(a.key, 'not-a-hash')).toBe(false)
    expect(await verifyApiKey(a.key, a.hash.toUpperCase())).toBe(false)
    expect(await hashApiKey(a.key)).toBe(a.hash)
  })

  it('should validate scopes and check them without implication', () => {
    expect(parseScopes(['trade', 'read', 'trade'])).toEqual({ ok: true, scopes: ['read', 'trade'] })
    expect(parseScopes([])).toMatchObject({ ok: false, errors: [{ path: 'scopes' }] })
    expect(parseScopes('read')).toMatchObject({ ok: false })
    expect(parseScopes(['read', 'admin'])).toEqual({
      ok: false,
      errors: [{ path: 'scopes.1', message: 'Unknown scope.' }],
    })
    expect(hasScopes(['read', 'trade'], ['trade'])).toBe(true)
    expect(hasScopes(['trade'], ['read'])).toBe(false)
    expect(hasScopes(['read'], ['read', 'compliance'])).toBe(false)
    expect(hasScopes(['compliance'], [])).toBe(true)
  })
})
