import { describe, expect, it } from 'vitest'
import { base64UrlToBytes, bytesToBase64Url, randomBytes } from './crypto.ts'
import {
  EnvelopeDecryptError,
  EnvelopeError,
  MalformedEnvelopeError,
  UnknownKekError,
  createEnvelope,
  createKekRing,
  importKek,
  parseEnvelope,
  type EnvelopeRecord,
} from './envelope.ts'

const AAD = 'exchange_keys:0190a1b2-0000-7000-8000-000000000001:secret:user-1'
const flip = (b64: string, at = 0) => {
  const b = base64UrlToBytes(b64)
  b[at] = b[at]! ^ 1
  return bytesToBase64Url(b)
}

describe('envelope', () => {
  it('should round-trip strings and bytes with a fresh data key and IVs per record', async () => {
    const envelope = createEnvelope(createKekRing(await importKek(randomBytes(32))))
    const a = await envelope.encrypt('binance-api-secret-Ω', AAD)
    const b = await envelope.encrypt('binance-api-secret-Ω', AAD)
    expect(await envelope.decryptString(a, AAD)).toBe('binance-api-secret-Ω')
    expect(a.ciphertext).not.toBe(b.ciphertext)
    expect(a.wrappedKey).not.toBe(b.wrappedKey)
    expect(a.iv).not.toBe(b.iv)
    expect(a.wrapIv).not.toBe(b.wrapIv)
    expect(JSON.stringify(a)).not.toContain('binance')
    const bytes = randomBytes(4096)
    expect(await envelope.decrypt(await envelope.encrypt(bytes, AAD), AAD)).toEqual(bytes)
    expect(await envelope.decryptString(await envelope.encrypt('', AAD), AAD)).toBe('')
  })

  it('should store a versioned record that survives JSON (jsonb) round trips', async () => {
    const kek = await importKek(randomBytes(32), 'kek-2026-01')
    const envelope = createEnvelope(createKekRing(kek))
    const record = await envelope.encrypt('JBSWY3DPEHPK3PXP', 'users:u1:totp_secret')
    expect(Object.keys(record).sort()).toEqual([
      'alg',
      'ciphertext',
      'iv',
      'kekId',
      'v',
      'wrapIv',
      'wrappedKey',
    ])
    expect(record).toMatchObject({ v: 1, alg: 'A256GCM', kekId: 'kek-2026-01' })
    const stored = JSON.parse(JSON.stringify(record)) as EnvelopeRecord
    expect(await envelope.decryptString(stored, 'users:u1:totp_secret')).toBe('JBSWY3DPEHPK3PXP')
    expect(parseEnvelope(JSON.stringify(record))).toEqual(record)
  })

  it('should refuse the wrong KEK, unknown by id or different under the same id', async () => {
    const record = await createEnvelope(
      createKekRing(await importKek(randomBytes(32), 'k1'))
    ).encrypt('s', AAD)
    const other = createEnvelope(createKekRing(await importKek(randomBytes(32), 'k2')))
    await expect(other.decrypt(record, AAD)).rejects.toThrow(UnknownKekError)
    const impostor = createEnvelope(createKekRing(await importKek(randomBytes(32), 'k1')))
    await expect(impostor.decrypt(record, AAD)).rejects.toThrow(EnvelopeDecryptError)
  })

  it('should refuse tampered ciphertext, IVs, wrapped key, KEK id or AAD', async () => {
    const k1 = await importKek(randomBytes(32), 'k1')
    const k2 = await importKek(randomBytes(32), 'k2')
    const envelope = createEnvelope(createKekRing(k1, [k2]))
    const r = await envelope.encrypt('exchange secret', AAD)
    const tampered: EnvelopeRecord[] = [
      { ...r, ciphertext: flip(r.ciphertext) },
      { ...r, ciphertext: flip(r.ciphertext, base64UrlToBytes(r.ciphertext).length - 1) },
      { ...r, iv: flip(r.iv) },
      { ...r, wrappedKey: flip(r.wrappedKey) },
      { ...r, wrapIv: flip(r.wrapIv) },
      { ...r, kekId: 'k2' },
    ]
    for (const t of tampered)
      await expect(envelope.decrypt(t, AAD)).rejects.toThrow(EnvelopeDecryptError)
    // The same record moved to another row or user: AAD differs.
    const otherRow = AAD.replace('0001', '0002')
    await expect(envelope.decrypt(r, otherRow)).rejects.toThrow(EnvelopeDecryptError)
    await expect(envelope.decrypt(r, AAD.replace('user-1', 'user-2'))).rejects.toThrow(
      EnvelopeDecryptError
    )
    // Payload of one record with the data key of another.
    const r2 = await envelope.encrypt('exchange secret', AAD)
    await expect(
      envelope.decrypt({ ...r, wrappedKey: r2.wrappedKey, wrapIv: r2.wrapIv }, AAD)
    ).rejects.toThrow(EnvelopeDecryptError)
  })

  it('should rewrap only the data key to the new KEK, idempotently', async () => {
    const oldKek = await importKek(randomBytes(32))
    const newKek = await importKek(randomBytes(32))
    const before = createEnvelope(createKekRing(oldKek))
    const record = await before.encrypt('kyc: passport 123', AAD)
    const during = createEnvelope(createKekRing(newKek, [oldKek]))
    expect(during.needsRewrap(record)).toBe(true)
    // Readable before the rotation command reaches it.
    expect(await during.decryptString(record, AAD)).toBe('kyc: passport 123')
    const moved = await during.rewrap(record)
    expect(moved.kekId).toBe(newKek.id)
    expect(moved.kekId).not.toBe(record.kekId)
    expect(moved.wrappedKey).not.toBe(record.wrappedKey)
    expect([moved.iv, moved.ciphertext]).toEqual([record.iv, record.ciphertext])
    expect(during.needsRewrap(moved)).toBe(false)
    expect(await during.rewrap(moved)).toEqual(moved)
    const after = createEnvelope(createKekRing(newKek))
    expect(await after.decryptString(moved, AAD)).toBe('kyc: passport 123')
    await expect(after.decrypt(record, AAD)).rejects.toThrow(UnknownKekError)
    await expect(before.decrypt(moved, AAD)).rejects.toThrow(UnknownKekError)
    await expect(after.rewrap(record)).rejects.toThrow(UnknownKekError)
  })

  it('should refuse KEKs of the wrong size and malformed records', async () => {
    for (const n of [0, 16, 31, 33, 64])
      await expect(importKek(randomBytes(n))).rejects.toThrow(EnvelopeError)
    const kek = await importKek(randomBytes(32))
    expect(kek.id).toMatch(/^kek-[0-9a-f]{16}$/)
    await expect(importKek(randomBytes(32), 'bad id')).rejects.toThrow(EnvelopeError)
    expect(() => createKekRing(kek, [{ ...kek }])).toThrow(EnvelopeError)
    const envelope = createEnvelope(createKekRing(kek))
    const r = await envelope.encrypt('x', AAD)
    for (const bad of [
      null,
      'not json',
      {},
      { ...r, v: 2 },
      { ...r, alg: 'A128GCM' },
      { ...r, iv: 'short' },
      { ...r, ciphertext: '' },
      { ...r, wrappedKey: r.wrappedKey + '+' },
    ]) {
      await expect(envelope.decrypt(bad as EnvelopeRecord, AAD)).rejects.toThrow(
        MalformedEnvelopeError
      )
    }
  })
})
