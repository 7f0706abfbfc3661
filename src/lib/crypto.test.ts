import { describe, expect, it } from 'vitest'
import { sha256Hex, SYNC_SHA256_MAX_BYTES } from './crypto.ts'

const webCryptoHex = async (s: string) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')

describe('sha256', () => {
  it('should give the FIPS 180-2 digest of "abc"', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('should give Web Crypto\'s digest on both sides of the in-JS size limit', async () => {
    for (const n of [0, 1, 55, 56, 64, SYNC_SHA256_MAX_BYTES - 1, SYNC_SHA256_MAX_BYTES, SYNC_SHA256_MAX_BYTES + 1, 100_000]) {
      const input = 'x'.repeat(n) // n bytes
      expect(await sha256Hex(input), `${n} bytes`).toBe(await webCryptoHex(input))
    }
    expect(await sha256Hex('prix: 61 000,5 €')).toBe(await webCryptoHex('prix: 61 000,5 €'))
  })
})
