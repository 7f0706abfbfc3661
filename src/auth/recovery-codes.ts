/**
 * @module Two-factor recovery codes: ten random single-use codes, shown once, stored as SHA-256.
 *
 * A fast hash is enough here, unlike for passwords: each code carries 80 random bits, so an
 * attacker holding the hashes must try ~2^79 SHA-256 candidates per code. A slow KDF protects
 * guessable secrets and would only add ~10 KDF runs per check to no benefit.
 */
import { hexToBytes, randomBytes, sha256Hex, timingSafeEqual } from '../lib/crypto.ts'

export const RECOVERY_CODE_COUNT = 10
/** Crockford base32: no I, L, O or U, so codes survive being read aloud or copied by hand. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const GROUPS = 4
const GROUP_LENGTH = 4 // 16 symbols × 5 bits = 80 bits

export interface RecoveryCodeSet {
  /** Show these to the user once (`XXXX-XXXX-XXXX-XXXX`), never store or log them. */
  codes: string[]
  /** Store these (hex SHA-256 of the normalised code), one row per code. */
  hashes: string[]
}

export async function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): Promise<RecoveryCodeSet> {
  const codes = Array.from({ length: count }, () => {
    // 5 bits per symbol from one random byte each: 256 is a multiple of 32, so no modulo bias.
    const symbols = [...randomBytes(GROUPS * GROUP_LENGTH)].map((b) => ALPHABET[b & 31]!)
    return Array.from({ length: GROUPS }, (_, g) =>
      symbols.slice(g * GROUP_LENGTH, (g + 1) * GROUP_LENGTH).join('')
    ).join('-')
  })
  return { codes, hashes: await Promise.all(codes.map(hashRecoveryCode)) }
}

/** Uppercase, drop spaces and dashes, read I/L as 1 and O as 0 (Crockford's decoding rules). */
export function normalizeRecoveryCode(input: string): string | null {
  const s = input
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0')
  const valid = s.length === GROUPS * GROUP_LENGTH && [...s].every((c) => ALPHABET.includes(c))
  return valid ? s : null
}

export async function hashRecoveryCode(code: string): Promise<string> {
  const normalized = normalizeRecoveryCode(code)
  if (normalized === null) throw new TypeError('not a recovery code')
  return sha256Hex(`recovery-code:${normalized}`)
}

export type RecoveryCodeUse = { ok: true; usedHash: string; remaining: string[] } | { ok: false }

/**
 * Uses up one code: returns the stored hash it matched and the hashes that remain. Compares
 * against every hash (no early exit). The caller makes it single-use by deleting `usedHash` with
 * `DELETE … WHERE user_id = $1 AND hash = $2` and treating "0 rows deleted" as a failure: that
 * delete, not this function, wins any race.
 */
export async function consumeRecoveryCode(
  code: unknown,
  storedHashes: readonly string[]
): Promise<RecoveryCodeUse> {
  if (typeof code !== 'string' || code.length > 64) return { ok: false }
  const normalized = normalizeRecoveryCode(code)
  if (normalized === null) return { ok: false }
  const candidate = hexToBytes(await hashRecoveryCode(normalized))
  let found = -1
  storedHashes.forEach((h, i) => {
    if (timingSafeEqual(candidate, safeHex(h)) && found === -1) found = i
  })
  if (found === -1) return { ok: false }
  return {
    ok: true,
    usedHash: storedHashes[found]!,
    remaining: storedHashes.filter((_, i) => i !== found),
  }
}

function safeHex(h: string): Uint8Array {
  try {
    return hexToBytes(h)
  } catch {
    return new Uint8Array(0)
  }
}
