/**
 * @module Platform API keys: `tw_<env>_<32 random base62><6 base62 CRC32>`, shown once, stored as
 * SHA-256 plus a public lookup prefix, and scoped (`read`, `trade`, `compliance`).
 *
 * The lookup prefix (`tw_live_` + the first 8 random characters) finds the row and identifies the
 * key in lists; the SHA-256 of the whole key is compared in constant time. A fast hash is right
 * here: 190 random bits can't be guessed, and a login-grade KDF would put ~100 ms of CPU on every
 * API call. The checksum (as in GitHub's token format) lets us drop typos and junk before any
 * database read, and lets secret scanners tell a real key from a look-alike.
 */
import { bytesToHex, hexToBytes, randomBytes, sha256, timingSafeEqual } from '../lib/crypto.ts'
import type { FieldError } from '../lib/problem.ts'

export const API_KEY_SCOPES = ['read', 'trade', 'compliance'] as const
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number]
export type ApiKeyEnv = 'live' | 'test'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const RANDOM_CHARS = 32 // 32 × log2(62) ≈ 190 bits
const CHECKSUM_CHARS = 6 // 62^6 > 2^32
const LOOKUP_CHARS = 8
const KEY_RE = /^tw_(live|test)_([0-9A-Za-z]{32})([0-9A-Za-z]{6})$/

export interface GeneratedApiKey {
  /** Show once to the user; never store or log it. */
  key: string
  /** Store (unique index) and show in lists: `tw_live_AbCd1234`. */
  lookupPrefix: string
  /** Store: hex SHA-256 of `key`. */
  hash: string
}

export interface ParsedApiKey {
  env: ApiKeyEnv
  lookupPrefix: string
}

/** A new key. On a (very unlikely) lookup-prefix collision at insert, generate another. */
export async function generateApiKey(env: ApiKeyEnv = 'live'): Promise<GeneratedApiKey> {
  const random = randomBase62(RANDOM_CHARS)
  const head = `tw_${env}_${random}`
  const key = head + base62Fixed(crc32(head), CHECKSUM_CHARS)
  return { key, lookupPrefix: lookupPrefixOf(env, random), hash: await hashApiKey(key) }
}

/** Checks format and checksum (no I/O). Null for anything that isn't one of our keys. */
export function parseApiKey(candidate: unknown): ParsedApiKey | null {
  if (typeof candidate !== 'string') return null
  const m = KEY_RE.exec(candidate)
  if (!m) return null
  const [, env, random, checksum] = m as unknown as [string, ApiKeyEnv, string, string]
  if (base62Fixed(crc32(`tw_${env}_${random}`), CHECKSUM_CHARS) !== checksum) return null
  return { env, lookupPrefix: lookupPrefixOf(env, random) }
}

/** Cheap test to route `Authorization: Bearer …` between API keys and JWTs. */
export function looksLikeApiKey(value: string): boolean {
  return value.startsWith('tw_')
}

export async function hashApiKey(key: string): Promise<string> {
  return bytesToHex(await sha256(key))
}

/** Constant-time comparison of the key's SHA-256 with the stored hash. */
export async function verifyApiKey(key: string, storedHash: string): Promise<boolean> {
  if (parseApiKey(key) === null || !/^[0-9a-f]{64}$/.test(storedHash)) return false
  return timingSafeEqual(await sha256(key), hexToBytes(storedHash))
}

export type ScopesResult = { ok: true; scopes: ApiKeyScope[] } | { ok: false; errors: FieldError[] }

/**
 * Validates requested scopes: a non-empty list of known names, returned deduplicated and sorted.
 */
export function parseScopes(input: unknown, path = 'scopes'): ScopesResult {
  if (!Array.isArray(input) || input.length === 0) {
    return {
      ok: false,
      errors: [{ path, message: `Choose at least one of: ${API_KEY_SCOPES.join(', ')}.` }],
    }
  }
  const errors: FieldError[] = []
  input.forEach((s, i) => {
    if (!API_KEY_SCOPES.includes(s))
      errors.push({ path: `${path}.${i}`, message: 'Unknown scope.' })
  })
  if (errors.length) return { ok: false, errors }
  return { ok: true, scopes: [...new Set(input as ApiKeyScope[])].sort() }
}

/**
 * True when every required scope was granted. Scopes don't imply each other: a `trade` key that
 * should also list orders needs `read` too, so a leaked read-only key can never place orders.
 */
export function hasScopes(
  granted: readonly ApiKeyScope[],
  required: readonly ApiKeyScope[]
): boolean {
  return required.every((s) => granted.includes(s))
}

function lookupPrefixOf(env: ApiKeyEnv, random: string): string {
  return `tw_${env}_${random.slice(0, LOOKUP_CHARS)}`
}

/** Uniform base62 by rejection sampling: bytes ≥ 248 (= 4 × 62) are redrawn, so no modulo bias. */
function randomBase62(n: number): string {
  let out = ''
  while (out.length < n) {
    for (const b of randomBytes(n * 2)) {
      if (b < 248 && out.length < n) out += BASE62[b % 62]
    }
  }
  return out
}

function base62Fixed(value: number, width: number): string {
  let out = ''
  for (let v = value; v > 0; v = Math.floor(v / 62)) out = BASE62[v % 62] + out
  return out.padStart(width, '0')
}

let CRC_TABLE: Uint32Array | undefined
/** CRC-32 (IEEE 802.3) of the ASCII string; a pure function, the table is a cache. */
function crc32(s: string): number {
  const table = (CRC_TABLE ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  }))
  let crc = 0xffffffff
  for (let i = 0; i < s.length; i++) crc = table[(crc ^ s.charCodeAt(i)) & 0xff]! ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}
