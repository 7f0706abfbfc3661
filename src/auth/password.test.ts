import { pbkdf2Sync, scrypt as nodeScrypt, scryptSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { bytesToBase64Url } from '../lib/crypto.ts'
import {
  MalformedPasswordHash,
  PBKDF2_OWASP,
  SCRYPT_OWASP,
  WeakKdfParams,
  createPasswordHasher,
  meetsOwaspFloor,
  needsRehash,
  parsePasswordHash,
  type KdfParams,
  type ScryptFn,
} from './password.ts'

// Small parameters keep the suite fast; one test below runs the production defaults.
const FAST_SCRYPT: KdfParams = { algorithm: 'scrypt', N: 2 ** 10, r: 8, p: 1 }
const FAST_PBKDF2: KdfParams = { algorithm: 'pbkdf2-sha256', iterations: 1_000 }
const fast = (params: KdfParams = FAST_SCRYPT) =>
  createPasswordHasher({ params, production: false })

const nativeScrypt: ScryptFn = (password, salt, { N, r, p, dkLen, maxmem }) =>
  new Promise((resolve, reject) =>
    nodeScrypt(password, salt, dkLen, { N, r, p, maxmem }, (err, key) =>
      err ? reject(err) : resolve(new Uint8Array(key))
    )
  )

describe('password', () => {
  it('should encode self-describing hashes and verify only the right password', async () => {
    for (const [params, re] of [
      [FAST_SCRYPT, /^scrypt\$ln=10,r=8,p=1\$[\w-]{22}\$[\w-]{43}$/],
      [FAST_PBKDF2, /^pbkdf2-sha256\$i=1000\$[\w-]{22}\$[\w-]{43}$/],
    ] as const) {
      const hasher = fast(params)
      const encoded = await hasher.hash('correct horse battery staple')
      expect(encoded).toMatch(re)
      expect(await hasher.verify('correct horse battery staple', encoded)).toBe(true)
      expect(await hasher.verify('correct horse battery stapl', encoded)).toBe(false)
      expect(await hasher.verify('Correct horse battery staple', encoded)).toBe(false)
    }
  })

  it('should use a fresh salt for every hash', async () => {
    const hasher = fast()
    const [a, b] = [await hasher.hash('same password!'), await hasher.hash('same password!')]
    expect(a).not.toBe(b)
    expect(parsePasswordHash(a).salt).not.toEqual(parsePasswordHash(b).salt)
  })

  it('should produce standard scrypt and PBKDF2 bytes (same as node:crypto)', async () => {
    const salt = new Uint8Array(16).fill(7)
    const pw = 'pässwörd ﬁ' // NFKC turns the ligature into "fi"
    const normalized = Buffer.from('pässwörd fi'.normalize('NFKC'))
    const scryptRef = scryptSync(normalized, salt, 32, { N: 1024, r: 8, p: 1 })
    const pbkdf2Ref = pbkdf2Sync(normalized, salt, 1000, 32, 'sha256')
    const b64 = (x: Uint8Array) => bytesToBase64Url(new Uint8Array(x))
    expect(await fast().verify(pw, `scrypt$ln=10,r=8,p=1$${b64(salt)}$${b64(scryptRef)}`)).toBe(
      true
    )
    expect(await fast().verify(pw, `pbkdf2-sha256$i=1000$${b64(salt)}$${b64(pbkdf2Ref)}`)).toBe(
      true
    )
  })

  it('should verify hashes made by the pure-JS scrypt with an injected native scrypt', async () => {
    const encoded = await fast().hash('an injected implementation')
    const native = createPasswordHasher({
      params: FAST_SCRYPT,
      production: false,
      scrypt: nativeScrypt,
    })
    expect(await native.verify('an injected implementation', encoded)).toBe(true)
    expect(await native.verify('another password here', encoded)).toBe(false)
  })

  it('should verify an old-algorithm hash and ask for a rehash', async () => {
    const old = await fast(FAST_PBKDF2).hash('migrating password')
    const hasher = fast(FAST_SCRYPT)
    expect(await hasher.verify('migrating password', old)).toBe(true)
    expect(hasher.needsRehash(old)).toBe(true)
    expect(hasher.needsRehash(await hasher.hash('migrating password'))).toBe(false)
    expect(needsRehash(old, { algorithm: 'pbkdf2-sha256', iterations: 2_000 })).toBe(true)
    expect(needsRehash(old, FAST_PBKDF2)).toBe(false)
    expect(needsRehash('garbage', FAST_PBKDF2)).toBe(true)
  })

  it('should spend the KDF and answer false when there is no stored hash', async () => {
    expect(await fast().verify('whatever password', null)).toBe(false)
  })

  it('should refuse malformed or out-of-bounds stored hashes', async () => {
    const good = await fast().hash('some password')
    const [, , salt, hash] = good.split('$')
    for (const bad of [
      '',
      'plaintext',
      `bcrypt$ln=10,r=8,p=1$${salt}$${hash}`,
      `scrypt$ln=10,r=8,p=1$${salt}$${hash}x`,
      `scrypt$ln=10,r=8,p=1$${salt}$${hash!.slice(0, 40)}`,
      `scrypt$ln=21,r=8,p=1$${salt}$${hash}`,
      `scrypt$ln=14,r=8,p=99$${salt}$${hash}`,
      `scrypt$ln=0,r=8,p=1$${salt}$${hash}`,
      `pbkdf2-sha256$i=0$${salt}$${hash}`,
      `pbkdf2-sha256$i=999999999$${salt}$${hash}`,
      `pbkdf2-sha256$i=1000$$${hash}`,
    ]) {
      await expect(fast().verify('some password', bad), bad).rejects.toThrow(MalformedPasswordHash)
    }
  })

  it('should refuse parameters below the OWASP floor in production only', () => {
    expect(() => createPasswordHasher({ params: FAST_SCRYPT })).toThrow(WeakKdfParams)
    expect(() =>
      createPasswordHasher({ params: { algorithm: 'pbkdf2-sha256', iterations: 599_999 } })
    ).toThrow(WeakKdfParams)
    expect(() =>
      createPasswordHasher({ params: { algorithm: 'scrypt', N: 2 ** 13, r: 8, p: 5 } })
    ).toThrow(WeakKdfParams)
    expect(createPasswordHasher().params).toEqual(SCRYPT_OWASP)
    expect(createPasswordHasher({ params: PBKDF2_OWASP }).params).toEqual(PBKDF2_OWASP)
    expect(meetsOwaspFloor({ algorithm: 'scrypt', N: 2 ** 13, r: 8, p: 10 })).toBe(true)
    expect(meetsOwaspFloor({ algorithm: 'scrypt', N: 2 ** 16, r: 8, p: 2 })).toBe(true)
    expect(fast().params).toEqual(FAST_SCRYPT)
    // Above workerd's scrypt cap: can't be verified on Workers, so never created.
    expect(() =>
      createPasswordHasher({ params: { algorithm: 'scrypt', N: 2 ** 17, r: 8, p: 2 } })
    ).toThrow(WeakKdfParams)
  })

  it('should hash and verify with the production defaults', async () => {
    const hasher = createPasswordHasher()
    const encoded = await hasher.hash('production default password')
    expect(encoded.startsWith('scrypt$ln=14,r=8,p=5$')).toBe(true)
    expect(await hasher.verify('production default password', encoded)).toBe(true)
  })

  it('should run no more KDFs at once than maxConcurrent', async () => {
    let active = 0
    let peak = 0
    const counting: ScryptFn = async (...args) => {
      peak = Math.max(peak, ++active)
      try {
        return await nativeScrypt(...args)
      } finally {
        active--
      }
    }
    const hasher = createPasswordHasher({
      params: FAST_SCRYPT,
      production: false,
      scrypt: counting,
      maxConcurrent: 2,
    })
    const hashes = await Promise.all(
      Array.from({ length: 6 }, (_, i) => hasher.hash(`password ${i}`))
    )
    expect(new Set(hashes).size).toBe(6)
    expect(peak).toBe(2)
  })
})
