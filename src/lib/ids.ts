/**
 * @module Identifiers: UUIDv7 primary keys (time-ordered, so cursors and indexes stay sorted) and
 * URL-safe random tokens.
 */
import { bytesToBase64Url, randomBytes } from './crypto.ts'

/** The last 74 random bits (rand_a ‖ rand_b) handed out per recent millisecond, oldest first. */
const recent = new Map<number, bigint>()
const RECENT_MS = 256
const RAND_LIMIT = 1n << 74n

function freshRandom(): bigint {
  const r = randomBytes(10)
  let x = 0n
  for (const byte of r) x = (x << 8n) | BigInt(byte)
  return x & (RAND_LIMIT - 1n)
}

/**
 * RFC 9562 UUID version 7: 48-bit Unix ms timestamp, then 74 random bits. Ids this process makes
 * for one millisecond increase (RFC 9562 §6.2, monotonic random: the previous random value plus a
 * random step; the last 256 milliseconds used are remembered, so ids for a fill's own time work too),
 * so id order is creation order even when the clock has not moved: same-millisecond fills sort the
 * way they were stored.
 */
export function uuidv7(now: number = Date.now()): string {
  const previous = recent.get(now)
  let rand = previous === undefined ? freshRandom() : previous + 1n + (freshRandom() & 0xffffffffn)
  // Overflow needs a start within n·2^32 of the top for n ids in one millisecond (odds about n/2^42).
  if (rand >= RAND_LIMIT) rand = freshRandom()
  recent.delete(now)
  recent.set(now, rand)
  if (recent.size > RECENT_MS) recent.delete(recent.keys().next().value!)
  const b = new Uint8Array(16)
  b[0] = (now / 2 ** 40) & 0xff
  b[1] = (now / 2 ** 32) & 0xff
  b[2] = (now >>> 24) & 0xff
  b[3] = (now >>> 16) & 0xff
  b[4] = (now >>> 8) & 0xff
  b[5] = now & 0xff
  const randA = Number(rand >> 62n) // 12 bits
  b[6] = 0x70 | (randA >> 8)
  b[7] = randA & 0xff
  let randB = rand & ((1n << 62n) - 1n)
  for (let i = 15; i >= 9; i--) {
    b[i] = Number(randB & 0xffn)
    randB >>= 8n
  }
  b[8] = 0x80 | Number(randB & 0x3fn)
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i
export function isUuid(s: unknown): s is string {
  return typeof s === 'string' && UUID_RE.test(s)
}

/** A random URL-safe token with `bytes` bytes of entropy (default 32 = 256 bits). */
export function randomToken(bytes = 32): string {
  return bytesToBase64Url(randomBytes(bytes))
}
