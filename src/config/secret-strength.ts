/**
 * @module Secret strength: the checks production runs on JWT and token secrets.
 *
 * A secret is refused when it is short, low in entropy, or a known default. The denylist matches
 * whole values (after normalising case and separators) and only a few long placeholder phrases as
 * substrings, so a strong random secret that happens to contain a short word is never refused.
 */

/** Minimum length in bytes (UTF-8) of a shared secret. */
export const MIN_SECRET_BYTES = 32
/** Minimum estimated entropy in bits (Shannon estimate over the string's own symbols). */
export const MIN_SECRET_ENTROPY_BITS = 128

/** Values seen as defaults in tutorials, templates and the system we replace. Compared normalised. */
const DENYLIST = [
  'changeme',
  'secret',
  'somethingrandom',
  'supersecret1!',
  'supersecret',
  'dev-secret',
  'devsecret',
  'development-secret',
  'test-secret',
  'testsecret',
  'jwt-secret',
  'jwtsecret',
  'jwt_secret_key',
  'your-secret-key',
  'your-256-bit-secret',
  'mysecret',
  'mysecretkey',
  'secretkey',
  'secret-key',
  'password',
  'password123',
  'admin',
  'default',
  'insecure',
  'letmein',
  'qwerty',
  'keyboardcat',
  'keyboard cat',
  'shhhhh',
  'notasecret',
  'abc123',
]

/** Placeholder phrases that mark a template value wherever they appear in it. */
const PLACEHOLDER_PHRASES = [
  'change-me',
  'changeme',
  'change_me',
  'change-this',
  'changethis',
  'your-secret',
  'your_secret',
  'yoursecret',
  'replace-me',
  'replace_me',
  'replaceme',
  'placeholder',
  'not-a-secret',
  'insecure-',
  'example-secret',
  'dev-secret',
  'super-secret',
  'supersecret',
]

const normalise = (s: string) => s.trim().toLowerCase()
const DENY = new Set(DENYLIST.map(normalise))

/** Shannon entropy estimate in bits for the whole string. */
export function estimateEntropyBits(s: string): number {
  const counts = new Map<string, number>()
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  const n = [...s].length
  let perChar = 0
  for (const c of counts.values()) {
    const p = c / n
    perChar -= p * Math.log2(p)
  }
  return perChar * n
}

/** The shortest unit the string repeats (`abcabcabc` → 3), or its length if none. */
function repeatPeriod(s: string): number {
  for (let p = 1; p <= s.length / 2; p++) {
    if (s.length % p !== 0) continue
    if (s.slice(0, p).repeat(s.length / p) === s) return p
  }
  return s.length
}

/** Why `value` is not acceptable as a production secret, or `undefined` when it is. */
export function secretWeakness(value: string): string | undefined {
  const n = normalise(value)
  const compact = n.replace(/[\s_]+/g, '-')
  if (DENY.has(n) || DENY.has(compact)) return 'is a known default secret'
  if (PLACEHOLDER_PHRASES.some((p) => compact.includes(p))) return 'looks like a placeholder value'
  if (new TextEncoder().encode(value).length < MIN_SECRET_BYTES) {
    return `must be at least ${MIN_SECRET_BYTES} bytes`
  }
  if (repeatPeriod(value) < value.length || estimateEntropyBits(value) < MIN_SECRET_ENTROPY_BITS) {
    return `has too little entropy (use at least ${MIN_SECRET_ENTROPY_BITS} random bits, e.g. openssl rand -base64 48)`
  }
  return undefined
}
