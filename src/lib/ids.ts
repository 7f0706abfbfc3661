/**
 * @module Identifiers: UUIDv7 primary keys (time-ordered, so cursors and indexes stay sorted) and
 * URL-safe random tokens.
 */
import { bytesToBase64Url, randomBytes } from './crypto.ts'

/** RFC 9562 UUID version 7: 48-bit Unix ms timestamp, then random bits. */
export function uuidv7(now: number = Date.now()): string {
  const b = randomBytes(16)
  b[0] = (now / 2 ** 40) & 0xff
  b[1] = (now / 2 ** 32) & 0xff
  b[2] = (now >>> 24) & 0xff
  b[3] = (now >>> 16) & 0xff
  b[4] = (now >>> 8) & 0xff
  b[5] = now & 0xff
  b[6] = (b[6]! & 0x0f) | 0x70
  b[8] = (b[8]! & 0x3f) | 0x80
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
