/**
 * @module JWT key ring: several verification keys by `kid`, one active signing key, each key pinned
 * to exactly one algorithm (HS256 or EdDSA/Ed25519) so a token can't pick how it is checked.
 */
import {
  calculateJwkThumbprint,
  exportJWK,
  importJWK,
  importPKCS8,
  importSPKI,
  type JWK,
} from 'jose'
import { bytesToBase64Url, hmacSha256, utf8 } from '../lib/crypto.ts'

export type JwtAlg = 'HS256' | 'EdDSA'

/** Key material as the settings provide it. `kid` defaults to a fingerprint of the key. */
export type KeyInput =
  | { alg: 'HS256'; secret: Uint8Array | string; kid?: string }
  /** PKCS #8 PEM or an OKP JWK with `d`: signs and verifies. */
  | { alg: 'EdDSA'; privateKey: string | JWK; kid?: string }
  /** SPKI PEM or an OKP JWK without `d`: verifies only (a retired or external signer). */
  | { alg: 'EdDSA'; publicKey: string | JWK; kid?: string }

export interface RingKey {
  kid: string
  alg: JwtAlg
  verifyKey: CryptoKey | Uint8Array
  signKey: CryptoKey | Uint8Array | null
  /** Public JWK (EdDSA only), for publishing a JWKS to other verifiers. */
  publicJwk: JWK | null
}

export interface KeyRing {
  readonly signing: RingKey & { signKey: CryptoKey | Uint8Array }
  get(kid: string): RingKey | undefined
  kids(): string[]
  /** `{ keys }` with the public EdDSA keys; HS256 secrets are never published. */
  jwks(): { keys: JWK[] }
}

export class KeyRingConfigError extends Error {
  override name = 'KeyRingConfigError'
}

/** RFC 7518 §3.2: an HS256 key must be at least as long as the hash output. */
const MIN_HS256_BYTES = 32
const KID_RE = /^[A-Za-z0-9._-]{1,64}$/

/**
 * @param opts.keys - at least one key; the order doesn't matter.
 * @param [opts.signingKid] - the key new tokens are signed with (default: the first key that can
 *   sign). Rotation: add the new key and make it the signer, keep the old one until its tokens
 *   have expired (15 min for access tokens), then drop it.
 * @example
 * const ring = await createKeyRing({ keys: [{ alg: 'HS256', secret: settings.JWT_SECRET }] })
 */
export async function createKeyRing(opts: {
  keys: readonly KeyInput[]
  signingKid?: string
}): Promise<KeyRing> {
  const entries = await Promise.all(opts.keys.map(importKey))
  const byKid = new Map<string, RingKey>()
  for (const e of entries) {
    if (!KID_RE.test(e.kid)) throw new KeyRingConfigError(`invalid kid: ${JSON.stringify(e.kid)}`)
    if (byKid.has(e.kid)) throw new KeyRingConfigError(`duplicate kid: ${e.kid}`)
    byKid.set(e.kid, e)
  }
  const signing =
    opts.signingKid === undefined
      ? entries.find((e) => e.signKey !== null)
      : byKid.get(opts.signingKid)
  if (!signing || signing.signKey === null) {
    throw new KeyRingConfigError(
      'the key ring needs a signing key (an HS256 secret or an Ed25519 private key)'
    )
  }
  return {
    signing: signing as KeyRing['signing'],
    get: (kid) => byKid.get(kid),
    kids: () => [...byKid.keys()],
    jwks: () => ({
      keys: entries.flatMap((e) =>
        e.publicJwk ? [{ ...e.publicJwk, kid: e.kid, alg: e.alg, use: 'sig' }] : []
      ),
    }),
  }
}

/** `importJWK` may return raw bytes (for `oct` keys); an EdDSA key must be a CryptoKey. */
function asymmetric(key: CryptoKey | Uint8Array): CryptoKey {
  if (key instanceof Uint8Array) throw new KeyRingConfigError('EdDSA keys must be OKP keys')
  return key
}

async function importKey(input: KeyInput): Promise<RingKey> {
  if (input.alg === 'HS256') {
    const secret = typeof input.secret === 'string' ? utf8(input.secret) : input.secret
    if (secret.length < MIN_HS256_BYTES) {
      throw new KeyRingConfigError(`HS256 secrets must be at least ${MIN_HS256_BYTES} bytes`)
    }
    // A fingerprint of a ≥256-bit secret reveals nothing a signed token doesn't already allow
    // testing.
    const kid =
      input.kid ?? `hs-${bytesToBase64Url(await hmacSha256('tw-jwt-kid', secret)).slice(0, 16)}`
    // Imported once: given raw bytes, jose would import a key on every sign and verify.
    const key = await crypto.subtle.importKey(
      'raw',
      secret as BufferSource,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify']
    )
    return { kid, alg: 'HS256', verifyKey: key, signKey: key, publicJwk: null }
  }
  if (input.alg !== 'EdDSA') throw new KeyRingConfigError('unsupported key algorithm')
  try {
    let signKey: CryptoKey | null = null
    let publicJwk: JWK
    if ('privateKey' in input) {
      // Import once extractable to derive the public half, then keep a non-extractable signer.
      const material = input.privateKey
      const extractable =
        typeof material === 'string'
          ? await importPKCS8(material, 'EdDSA', { extractable: true })
          : asymmetric(await importJWK(material, 'EdDSA', { extractable: true }))
      const { d, ...pub } = await exportJWK(extractable)
      if (!d) throw new KeyRingConfigError('EdDSA privateKey is not a private key')
      signKey =
        typeof material === 'string'
          ? await importPKCS8(material, 'EdDSA')
          : asymmetric(await importJWK(material, 'EdDSA', { extractable: false }))
      publicJwk = pub
    } else {
      const material = input.publicKey
      if (typeof material !== 'string' && 'd' in material) {
        throw new KeyRingConfigError('EdDSA publicKey must not contain the private part')
      }
      const key =
        typeof material === 'string'
          ? await importSPKI(material, 'EdDSA', { extractable: true })
          : asymmetric(await importJWK(material, 'EdDSA', { extractable: true }))
      publicJwk = await exportJWK(key)
    }
    if (publicJwk.kty !== 'OKP' || publicJwk.crv !== 'Ed25519' || !publicJwk.x) {
      throw new KeyRingConfigError('EdDSA keys must be Ed25519')
    }
    const minimal: JWK = { kty: 'OKP', crv: 'Ed25519', x: publicJwk.x }
    const verifyKey = asymmetric(await importJWK(minimal, 'EdDSA'))
    const kid = input.kid ?? `ed-${(await calculateJwkThumbprint(minimal)).slice(0, 16)}`
    return { kid, alg: 'EdDSA', verifyKey, signKey, publicJwk: minimal }
  } catch (err) {
    if (err instanceof KeyRingConfigError) throw err
    throw new KeyRingConfigError('could not import the EdDSA key', { cause: err })
  }
}
