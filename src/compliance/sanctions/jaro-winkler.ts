/**
 * @module Jaro-Winkler similarity and the token comparison used by sanctions screening.
 *
 * `tokenSimilarity` follows Moov Watchman's customised Jaro-Winkler (internal/stringscore): plain
 * Jaro-Winkler (boost threshold 0.7, prefix 4) is too lenient on tokens of different length and
 * with a different first letter, so both are penalised. Two additions of ours: tokens containing
 * digits (vessel numbers, tail numbers) only match exactly, short tokens need a higher similarity,
 * and an Arabic article is ignored, since lists and customers write it both ways.
 */

const BOOST_THRESHOLD = 0.7
const PREFIX_SIZE = 4
const PREFIX_SCALE = 0.1
/** Watchman LENGTH_DIFFERENCE_CUTOFF_FACTOR / LENGTH_DIFFERENCE_PENALTY_WEIGHT. */
const LENGTH_CUTOFF = 0.9
const LENGTH_PENALTY = 0.3
/** Watchman DIFFERENT_LETTER_PENALTY_WEIGHT. */
const FIRST_LETTER_PENALTY = 0.9

/** Jaro similarity in [0, 1]. */
export function jaro(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1
  const la = a.length
  const lb = b.length
  if (la === 0 || lb === 0) return 0
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1)
  const matchedA = new Uint8Array(la)
  const matchedB = new Uint8Array(lb)
  let matches = 0
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window)
    const hi = Math.min(lb - 1, i + window)
    const c = a.charCodeAt(i)
    for (let j = lo; j <= hi; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === c) {
        matchedA[i] = 1
        matchedB[j] = 1
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  let transpositions = 0
  let j = 0
  for (let i = 0; i < la; i++) {
    if (matchedA[i] === 0) continue
    while (matchedB[j] === 0) j++
    if (a.charCodeAt(i) !== b.charCodeAt(j)) transpositions++
    j++
  }
  const m = matches
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3
}

/** Jaro-Winkler similarity in [0, 1]: Jaro boosted by the common prefix (up to 4 characters). */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b)
  if (j <= BOOST_THRESHOLD) return j
  const limit = Math.min(PREFIX_SIZE, a.length, b.length)
  let prefix = 0
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++
  return j + prefix * PREFIX_SCALE * (1 - j)
}

/** Pairs where a token has at most this many letters need `SHORT_TOKEN_MIN` to count. */
export const SHORT_TOKEN_LENGTH = 4
/**
 * Jaro-Winkler is lenient on short tokens (`iran`/`iraq` 0.88, `saud`/`saad` 0.87, `abd`/`abu`
 * 0.82): one letter in four is a different word, so short pairs below this similarity score 0.
 */
export const SHORT_TOKEN_MIN = 0.9

/**
 * Similarity of two normalised name tokens (see normalize.ts for the `_` article and `+`
 * compound marks), in [0, 1]. Tokens whose first letters sound different score 0 without running
 * Jaro-Winkler (Watchman's phonetic filter); the index relies on this to compare a query token
 * only with list tokens of the same first-letter class.
 */
export function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1
  const pa = plain(a)
  const pb = plain(b)
  if (pa === pb) return 1
  if (a.includes('+') || b.includes('+') || hasDigit(a) || hasDigit(b)) return 0
  const am = isMarked(a)
  const bm = isMarked(b)
  if (am && bm) return similar(articleCore(a), articleCore(b))
  if (am)
    return Math.max(
      similar(articleCore(a), b),
      canStrip(b) ? similar(articleCore(a), b.slice(2)) : 0
    )
  if (bm)
    return Math.max(
      similar(a, articleCore(b)),
      canStrip(a) ? similar(a.slice(2), articleCore(b)) : 0
    )
  return similar(a, b)
}

function similar(a: string, b: string): number {
  if (a === b) return 1
  if (phoneticClass(a) !== phoneticClass(b)) return 0
  const s = penalised(a, b)
  return Math.min(a.length, b.length) <= SHORT_TOKEN_LENGTH && s < SHORT_TOKEN_MIN ? 0 : s
}

/** Token letters without the article and compound marks. */
export function plain(token: string): string {
  return token.replace(/[_+]/g, '')
}

export function isMarked(token: string): boolean {
  return token.includes('_')
}

/** `al_qahtani` → `qahtani`. */
export function articleCore(token: string): string {
  const i = token.indexOf('_')
  return i === -1 ? token : token.slice(i + 1)
}

/** A solid token that may hide an article (`alqahtani`); only compared against marked tokens. */
export function canStrip(token: string): boolean {
  return token.length >= 6 && (token.startsWith('al') || token.startsWith('el'))
}

// First-letter sound classes, as in Watchman's phonetics.go.
const CLASS: Record<string, string> = {
  a: 'a',
  e: 'a',
  i: 'a',
  o: 'a',
  u: 'a',
  y: 'a',
  b: 'b',
  f: 'b',
  p: 'b',
  v: 'b',
  c: 'c',
  g: 'c',
  j: 'c',
  k: 'c',
  q: 'c',
  s: 'c',
  x: 'c',
  z: 'c',
  d: 'd',
  t: 'd',
  l: 'l',
  m: 'm',
  n: 'm',
  r: 'r',
  h: 'h',
  w: 'h',
}

/** Sound class of a token's first letter (`k` and `c` agree, `p` and `f` agree). */
export function phoneticClass(token: string): string {
  const c = token.charAt(0)
  return CLASS[c] ?? c
}

function penalised(a: string, b: string): number {
  let score = jaroWinkler(a, b)
  const ratio = Math.min(a.length, b.length) / Math.max(a.length, b.length)
  if (ratio < LENGTH_CUTOFF) score *= 1 - (1 - ratio) * LENGTH_PENALTY
  if (a.charCodeAt(0) !== b.charCodeAt(0)) score *= FIRST_LETTER_PENALTY
  return score
}

/**
 * Upper bound of `penalised` for two tokens of the given lengths, whatever their letters. Used by
 * the index to skip length buckets that cannot reach the minimum token score, without losing any
 * pair the scorer would accept.
 */
export function similarityUpperBound(la: number, lb: number): number {
  const r = Math.min(la, lb) / Math.max(la, lb)
  const j = (1 + r + 1) / 3
  const jw = j + PREFIX_SIZE * PREFIX_SCALE * (1 - j)
  return r < LENGTH_CUTOFF ? jw * (1 - (1 - r) * LENGTH_PENALTY) : jw
}

export function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57) return true
  }
  return false
}
