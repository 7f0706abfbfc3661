/**
 * @module Password hashing: scrypt (default) or PBKDF2-HMAC-SHA256 in self-describing encoded
 * strings, constant-time verify and rehash detection. Runs on Node, Deno and workerd.
 *
 * Why scrypt by default and not PBKDF2-600k: Cloudflare's production Workers refuse PBKDF2 above
 * 100,000 iterations (workerd `limit-enforcer.h`, DEFAULT_MAX_PBKDF2_ITERATIONS; the local workerd
 * used by wrangler dev lifts the cap, so tests pass and production fails). All instances share one
 * users table, so every runtime must be able to verify every hash. scrypt N=2^14, r=8, p=5 is an
 * OWASP-listed setting (16 MiB), computed by @noble/hashes in pure JS wherever we run, and within
 * workerd's cap for its native node:crypto scrypt (N·r·p ≤ 2^20) should a runtime inject that.
 * See src/auth/README.md for the measured costs.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js'
import {
  base64UrlToBytes,
  bytesToBase64Url,
  randomBytes,
  timingSafeEqual,
  utf8,
} from '../lib/crypto.ts'

export interface ScryptParams {
  algorithm: 'scrypt'
  /** CPU/memory cost, a power of two. */
  N: number
  r: number
  p: number
}
export interface Pbkdf2Params {
  algorithm: 'pbkdf2-sha256'
  iterations: number
}
export type KdfParams = ScryptParams | Pbkdf2Params

/** OWASP Password Storage Cheat Sheet, scrypt row "N=2^14 (16 MiB), r=8, p=5". */
export const SCRYPT_OWASP: ScryptParams = { algorithm: 'scrypt', N: 2 ** 14, r: 8, p: 5 }
/** OWASP Password Storage Cheat Sheet: PBKDF2-HMAC-SHA256 at 600,000 iterations. */
export const PBKDF2_OWASP: Pbkdf2Params = { algorithm: 'pbkdf2-sha256', iterations: 600_000 }
export const DEFAULT_KDF_PARAMS: KdfParams = SCRYPT_OWASP

/**
 * A scrypt implementation. The default is @noble/hashes (pure JS, yields to the event loop every
 * 10 ms). A Node entry may pass `node:crypto`'s scrypt: same bytes, native speed, off the main
 * thread.
 */
export type ScryptFn = (
  password: Uint8Array,
  salt: Uint8Array,
  opts: { N: number; r: number; p: number; dkLen: number; maxmem: number }
) => Promise<Uint8Array>

export class MalformedPasswordHash extends Error {
  override name = 'MalformedPasswordHash'
}
export class WeakKdfParams extends Error {
  override name = 'WeakKdfParams'
}

const SALT_BYTES = 16
const HASH_BYTES = 32
/**
 * Bounds for stored parameters, so a damaged or planted row can't make a login spin or allocate.
 */
const MAX_PBKDF2_ITERATIONS = 10_000_000
const MAX_SCRYPT_COST = 2 ** 20
const MAX_SCRYPT_MEMORY = 64 * 1024 * 1024

const B64URL = '[A-Za-z0-9_-]+'
const SCRYPT_RE = new RegExp(
  `^scrypt\\$ln=(\\d{1,2}),r=(\\d{1,3}),p=(\\d{1,3})\\$(${B64URL})\\$(${B64URL})$`
)
const PBKDF2_RE = new RegExp(`^pbkdf2-sha256\\$i=(\\d{1,9})\\$(${B64URL})\\$(${B64URL})$`)

export interface ParsedPasswordHash {
  params: KdfParams
  salt: Uint8Array
  hash: Uint8Array
}

/** Reads an encoded hash; throws MalformedPasswordHash on anything out of format or bounds. */
export function parsePasswordHash(encoded: string): ParsedPasswordHash {
  const s = SCRYPT_RE.exec(encoded)
  const k = s ? null : PBKDF2_RE.exec(encoded)
  let params: KdfParams
  let salt: Uint8Array
  let hash: Uint8Array
  try {
    if (s) {
      params = { algorithm: 'scrypt', N: 2 ** Number(s[1]), r: Number(s[2]), p: Number(s[3]) }
      ;[salt, hash] = [base64UrlToBytes(s[4]!), base64UrlToBytes(s[5]!)]
    } else if (k) {
      params = { algorithm: 'pbkdf2-sha256', iterations: Number(k[1]) }
      ;[salt, hash] = [base64UrlToBytes(k[2]!), base64UrlToBytes(k[3]!)]
    } else {
      throw new MalformedPasswordHash('unknown password hash format')
    }
  } catch (err) {
    if (err instanceof MalformedPasswordHash) throw err
    throw new MalformedPasswordHash('undecodable password hash', { cause: err })
  }
  if (salt.length < SALT_BYTES || hash.length !== HASH_BYTES || !withinBounds(params)) {
    throw new MalformedPasswordHash('password hash parameters out of bounds')
  }
  return { params, salt, hash }
}

export function encodePasswordHash({ params, salt, hash }: ParsedPasswordHash): string {
  const head =
    params.algorithm === 'scrypt'
      ? `scrypt$ln=${Math.log2(params.N)},r=${params.r},p=${params.p}`
      : `pbkdf2-sha256$i=${params.iterations}`
  return `${head}$${bytesToBase64Url(salt)}$${bytesToBase64Url(hash)}`
}

function withinBounds(p: KdfParams): boolean {
  if (p.algorithm === 'pbkdf2-sha256') {
    return (
      Number.isInteger(p.iterations) && p.iterations >= 1 && p.iterations <= MAX_PBKDF2_ITERATIONS
    )
  }
  const ok = [p.N, p.r, p.p].every((x) => Number.isInteger(x) && x >= 1)
  return (
    ok &&
    p.N >= 2 &&
    (p.N & (p.N - 1)) === 0 &&
    p.N * p.r * p.p <= MAX_SCRYPT_COST &&
    scryptMemory(p) <= MAX_SCRYPT_MEMORY
  )
}

function scryptMemory(p: ScryptParams): number {
  return 128 * p.N * p.r
}

/** True when the parameters meet OWASP's floor (what production insists on for new hashes). */
export function meetsOwaspFloor(p: KdfParams): boolean {
  if (p.algorithm === 'pbkdf2-sha256') return p.iterations >= PBKDF2_OWASP.iterations
  // OWASP's scrypt rows trade memory for passes at equal N·r·p; the smallest uses 8 MiB.
  return (
    p.N * p.r * p.p >= SCRYPT_OWASP.N * SCRYPT_OWASP.r * SCRYPT_OWASP.p &&
    scryptMemory(p) >= 8 * 1024 * 1024
  )
}

/** True when `encoded` was made with other parameters than `current` (or can't be read). */
export function needsRehash(encoded: string, current: KdfParams): boolean {
  let params: KdfParams
  try {
    params = parsePasswordHash(encoded).params
  } catch {
    return true
  }
  if (params.algorithm !== current.algorithm) return true
  if (params.algorithm === 'pbkdf2-sha256')
    return params.iterations !== (current as Pbkdf2Params).iterations
  const c = current as ScryptParams
  return params.N !== c.N || params.r !== c.r || params.p !== c.p
}

const nobleScrypt: ScryptFn = (password, salt, opts) => scryptAsync(password, salt, opts)

async function pbkdf2(
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', password as BufferSource, 'PBKDF2', false, [
    'deriveBits',
  ])
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    HASH_BYTES * 8
  )
  return new Uint8Array(bits)
}

/** Passwords are compared as NFKC code points (NIST SP 800-63B §5.1.1.2), then UTF-8 encoded. */
export function passwordBytes(password: string): Uint8Array {
  return utf8(password.normalize('NFKC'))
}

export interface PasswordHasher {
  readonly params: KdfParams
  /** A new encoded hash with a fresh 16-byte salt. */
  hash(password: string): Promise<string>
  /**
   * Constant-time check against an encoded hash. Pass `null` when the account does not exist: the
   * same KDF work is done and `false` returned, so timing doesn't reveal which emails are
   * registered.
   */
  verify(password: string, encoded: string | null): Promise<boolean>
  /** True when a successful login should store a fresh hash with the current parameters. */
  needsRehash(encoded: string): boolean
}

export interface PasswordHasherOptions {
  params?: KdfParams
  /** When true, parameters below OWASP's floor throw WeakKdfParams. */
  production?: boolean
  scrypt?: ScryptFn
  /**
   * KDF runs allowed at once per hasher; bounds memory (16 MiB per scrypt) and CPU under bursts.
   */
  maxConcurrent?: number
}

/**
 * @param [opts.params=SCRYPT_OWASP] - parameters for new hashes; verify reads each hash's own.
 * @param [opts.production=true] - refuse parameters below the OWASP floor.
 * @param [opts.scrypt] - scrypt implementation (default @noble/hashes).
 * @param [opts.maxConcurrent=2] - concurrent KDF runs; extra calls wait their turn.
 * @example
 * const hasher = createPasswordHasher({ production: settings.production })
 * const encoded = await hasher.hash('correct horse battery staple')
 * const ok = await hasher.verify(input, user?.passwordHash ?? null)
 * if (ok && hasher.needsRehash(user.passwordHash)) await repo.setPasswordHash(user.id, await
 * hasher.hash(input))
 */
export function createPasswordHasher(opts: PasswordHasherOptions = {}): PasswordHasher {
  const {
    params = DEFAULT_KDF_PARAMS,
    production = true,
    scrypt = nobleScrypt,
    maxConcurrent = 2,
  } = opts
  if (!withinBounds(params)) throw new WeakKdfParams('KDF parameters out of the supported range')
  if (production && !meetsOwaspFloor(params)) {
    throw new WeakKdfParams(`KDF parameters below the OWASP minimum: ${JSON.stringify(params)}`)
  }
  const slot = semaphore(maxConcurrent)

  const derive = (password: string, p: KdfParams, salt: Uint8Array) =>
    slot(() =>
      p.algorithm === 'pbkdf2-sha256'
        ? pbkdf2(passwordBytes(password), salt, p.iterations)
        : scrypt(passwordBytes(password), salt, {
            N: p.N,
            r: p.r,
            p: p.p,
            dkLen: HASH_BYTES,
            maxmem: 2 * MAX_SCRYPT_MEMORY,
          })
    )

  return {
    params,
    async hash(password) {
      const salt = randomBytes(SALT_BYTES)
      return encodePasswordHash({ params, salt, hash: await derive(password, params, salt) })
    },
    async verify(password, encoded) {
      if (encoded === null) {
        await derive(password, params, randomBytes(SALT_BYTES))
        return false
      }
      const stored = parsePasswordHash(encoded)
      return timingSafeEqual(await derive(password, stored.params, stored.salt), stored.hash)
    },
    needsRehash: (encoded) => needsRehash(encoded, params),
  }
}

/** Runs at most `max` tasks at once; a finished task hands its slot straight to the next waiter. */
function semaphore(max: number) {
  let active = 0
  const waiting: Array<() => void> = []
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < max) active++
    else await new Promise<void>((resolve) => waiting.push(resolve))
    try {
      return await task()
    } finally {
      const next = waiting.shift()
      if (next) next()
      else active--
    }
  }
}
