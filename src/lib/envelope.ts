/**
 * @module AES-256-GCM envelope encryption for secrets at rest (exchange API secrets, TOTP secrets,
 * sensitive KYC fields).
 *
 * Each record gets its own random 256-bit data key, which encrypts the payload; the data key is
 * itself encrypted ("wrapped") by a key-encryption key (KEK) with its own IV. Rotating the KEK
 * re-wraps 48 bytes per record and leaves the payload alone, so `keys:rotate` can run while the
 * app serves traffic: records under the old KEK stay readable for as long as it is in the ring.
 * The caller's AAD (table, row id, field, owner) is authenticated with the payload, so a record
 * copied onto another row or user fails to decrypt.
 */
import {
  base64UrlToBytes,
  bytesToBase64Url,
  bytesToHex,
  hmacSha256,
  randomBytes,
  utf8,
} from './crypto.ts'

export interface Kek {
  readonly id: string
  readonly key: CryptoKey
}

export interface KekRing {
  /** The KEK new records are wrapped with and `rewrap` moves records to. */
  readonly active: Kek
  get(id: string): Kek | undefined
}

/** What a row stores (as jsonb or JSON text). Binary fields are unpadded base64url. */
export interface EnvelopeRecord {
  v: 1
  alg: 'A256GCM'
  kekId: string
  /** IV used to wrap the data key. */
  wrapIv: string
  /** The data key encrypted under the KEK (32 bytes + 16-byte tag). */
  wrappedKey: string
  /** IV used to encrypt the payload. */
  iv: string
  /** The payload encrypted under the data key, tag appended. */
  ciphertext: string
}

export class EnvelopeError extends Error {
  override name = 'EnvelopeError'
}
/** The record names a KEK that is not in the ring (rotated out too early, or wrong config). */
export class UnknownKekError extends EnvelopeError {
  override name = 'UnknownKekError'
}
/** Authentication failed: wrong KEK bytes, wrong AAD, or the record was altered. */
export class EnvelopeDecryptError extends EnvelopeError {
  override name = 'EnvelopeDecryptError'
}
export class MalformedEnvelopeError extends EnvelopeError {
  override name = 'MalformedEnvelopeError'
}

const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16
const AES = { name: 'AES-GCM', length: 256 } as const

/**
 * Imports a KEK from its 32 raw bytes (`EXCHANGE_KEY_ENCRYPTION_KEY` is base64 of them). The id
 * defaults to a fingerprint of the key, so configuration needs no separate key name; a SHA-256
 * fingerprint of a 256-bit random key reveals nothing usable about it.
 */
export async function importKek(bytes: Uint8Array, id?: string): Promise<Kek> {
  if (!(bytes instanceof Uint8Array) || bytes.length !== KEY_BYTES) {
    throw new EnvelopeError(`a KEK must be exactly ${KEY_BYTES} bytes`)
  }
  const kekId = id ?? `kek-${bytesToHex(await hmacSha256('tw-kek-id', bytes)).slice(0, 16)}`
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(kekId)) throw new EnvelopeError('invalid KEK id')
  const key = await crypto.subtle.importKey('raw', bytes as BufferSource, AES, false, [
    'encrypt',
    'decrypt',
  ])
  return { id: kekId, key }
}

/** The active KEK plus retired ones that may still wrap some records. */
export function createKekRing(active: Kek, previous: readonly Kek[] = []): KekRing {
  const byId = new Map<string, Kek>()
  for (const k of [active, ...previous]) {
    if (byId.has(k.id) && byId.get(k.id) !== k) throw new EnvelopeError(`duplicate KEK id ${k.id}`)
    byId.set(k.id, k)
  }
  return { active, get: (id) => byId.get(id) }
}

export interface Envelope {
  encrypt(plaintext: string | Uint8Array, aad: string): Promise<EnvelopeRecord>
  decrypt(record: EnvelopeRecord, aad: string): Promise<Uint8Array>
  decryptString(record: EnvelopeRecord, aad: string): Promise<string>
  /** The same payload with its data key wrapped by the active KEK (unchanged if it already is). */
  rewrap(record: EnvelopeRecord): Promise<EnvelopeRecord>
  needsRewrap(record: EnvelopeRecord): boolean
}

/**
 * @param ring - KEKs by id; new records use `ring.active`.
 * @example
 * const kek = await importKek(base64ToBytes(settings.EXCHANGE_KEY_ENCRYPTION_KEY))
 * const envelope = createEnvelope(createKekRing(kek))
 * const aad = `exchange_keys:${row.id}:secret:${row.userId}`
 * const record = await envelope.encrypt(secret, aad)
 * const secretAgain = await envelope.decryptString(record, aad)
 */
export function createEnvelope(ring: KekRing): Envelope {
  async function unwrap(record: EnvelopeRecord): Promise<CryptoKey> {
    const kek = ring.get(record.kekId)
    if (!kek) throw new UnknownKekError(`KEK ${record.kekId} is not in the key ring`)
    const raw = await gcm('decrypt', kek.key, record.wrapIv, record.wrappedKey, wrapAad(kek.id))
    try {
      return await crypto.subtle.importKey('raw', raw as BufferSource, AES, false, [
        'encrypt',
        'decrypt',
      ])
    } finally {
      raw.fill(0)
    }
  }

  async function wrap(
    raw: Uint8Array,
    kek: Kek
  ): Promise<Pick<EnvelopeRecord, 'kekId' | 'wrapIv' | 'wrappedKey'>> {
    const wrapIv = randomBytes(IV_BYTES)
    const wrapped = await crypto.subtle.encrypt(
      {
        name: 'AES-GCM',
        iv: wrapIv as BufferSource,
        additionalData: wrapAad(kek.id) as BufferSource,
      },
      kek.key,
      raw as BufferSource
    )
    return {
      kekId: kek.id,
      wrapIv: bytesToBase64Url(wrapIv),
      wrappedKey: bytesToBase64Url(new Uint8Array(wrapped)),
    }
  }

  const envelope: Envelope = {
    async encrypt(plaintext, aad) {
      const raw = randomBytes(KEY_BYTES)
      try {
        const dataKey = await crypto.subtle.importKey('raw', raw as BufferSource, AES, false, [
          'encrypt',
        ])
        const iv = randomBytes(IV_BYTES)
        const body = typeof plaintext === 'string' ? utf8(plaintext) : plaintext
        const ciphertext = await crypto.subtle.encrypt(
          {
            name: 'AES-GCM',
            iv: iv as BufferSource,
            additionalData: payloadAad(aad) as BufferSource,
          },
          dataKey,
          body as BufferSource
        )
        return {
          v: 1,
          alg: 'A256GCM',
          ...(await wrap(raw, ring.active)),
          iv: bytesToBase64Url(iv),
          ciphertext: bytesToBase64Url(new Uint8Array(ciphertext)),
        }
      } finally {
        raw.fill(0)
      }
    },
    async decrypt(record, aad) {
      const r = parseEnvelope(record)
      return gcm('decrypt', await unwrap(r), r.iv, r.ciphertext, payloadAad(aad))
    },
    async decryptString(record, aad) {
      return new TextDecoder('utf-8', { fatal: true }).decode(await envelope.decrypt(record, aad))
    },
    async rewrap(record) {
      const r = parseEnvelope(record)
      if (r.kekId === ring.active.id) return r
      const kek = ring.get(r.kekId)
      if (!kek) throw new UnknownKekError(`KEK ${r.kekId} is not in the key ring`)
      const raw = await gcm('decrypt', kek.key, r.wrapIv, r.wrappedKey, wrapAad(kek.id))
      try {
        return { ...r, ...(await wrap(raw, ring.active)) }
      } finally {
        raw.fill(0)
      }
    },
    needsRewrap: (record) => record.kekId !== ring.active.id,
  }
  return envelope
}

/** Validates a stored record's shape (e.g. read from a jsonb column) before use. */
export function parseEnvelope(value: unknown): EnvelopeRecord {
  const r = (typeof value === 'string' ? safeJson(value) : value) as Partial<EnvelopeRecord> | null
  const b64 = (s: unknown, min: number, max: number) =>
    typeof s === 'string' && /^[A-Za-z0-9_-]*$/.test(s) && s.length >= min && s.length <= max
  const ok =
    r !== null &&
    typeof r === 'object' &&
    r.v === 1 &&
    r.alg === 'A256GCM' &&
    typeof r.kekId === 'string' &&
    r.kekId.length > 0 &&
    b64(r.wrapIv, 16, 16) &&
    b64(r.iv, 16, 16) &&
    b64(r.wrappedKey, 64, 64) &&
    b64(r.ciphertext, 22, 1_400_000)
  if (!ok) throw new MalformedEnvelopeError('not a v1 envelope record')
  const { v, alg, kekId, wrapIv, wrappedKey, iv, ciphertext } = r as EnvelopeRecord
  return { v, alg, kekId, wrapIv, wrappedKey, iv, ciphertext }
}

async function gcm(
  op: 'decrypt',
  key: CryptoKey,
  iv: string,
  data: string,
  aad: Uint8Array
): Promise<Uint8Array> {
  try {
    const bytes = base64UrlToBytes(data)
    if (bytes.length < TAG_BYTES) throw new Error('too short')
    const out = await crypto.subtle[op](
      {
        name: 'AES-GCM',
        iv: base64UrlToBytes(iv) as BufferSource,
        additionalData: aad as BufferSource,
      },
      key,
      bytes as BufferSource
    )
    return new Uint8Array(out)
  } catch (err) {
    throw new EnvelopeDecryptError('envelope authentication failed', { cause: err })
  }
}

// Domain-separated AADs: a wrapped key can't pass for a payload, nor move to another KEK id.
const wrapAad = (kekId: string) => utf8(`tw-envelope:v1:key:${kekId}`)
const payloadAad = (aad: string) => utf8(`tw-envelope:v1:payload:${aad}`)

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s)
  } catch {
    return null
  }
}
