/**
 * @module Token-aligned name score (Moov Watchman's "best pairs" Jaro-Winkler, extended).
 *
 * Each query token is paired with at most one list token, best pairs first, so word order never
 * matters. Pairs are weighted by token length times rarity, so a matching rare surname counts for
 * more than a matching `mohammed` or `bank`; the weighted mean is then scaled down by the share of
 * the list name that nothing matched (Watchman's unmatched-index penalty: "John Doe" must score
 * lower against "John Bartholomew Doe" than against "John Doe").
 *
 * Ours on top of Watchman:
 * - a pair below `minTokenScore` is a conflict, not partial credit (`iraq` vs `iran`), so a
 *   differing word lowers the score instead of nearly matching;
 * - people listed as `LAST, First` only match when at least one surname token and one given-name
 *   token match: a shared first name or a shared surname alone is not the same person;
 * - organisations pay more for unmatched list words than people do (a missing middle name is
 *   normal, a missing "GENERAL COMMAND" is another organisation);
 * - when the query also has words nothing matched, the unmatched list words are not missing but
 *   different (`Jose Gutierrez RAMOS` vs `GUTIERREZ REYES, Jose`), and cost `conflictPenalty`.
 */
import type { TokenPart } from './normalize.ts'

export interface ScoredTokens {
  tokens: string[]
  /** Per-token weight (length × rarity); see the matcher for how it is computed. */
  weights: number[]
}

export interface ListName extends ScoredTokens {
  parts: TokenPart[]
  /** True when parts hold both surname and given-name tokens. */
  structured: boolean
}

export interface ScoreOptions {
  /** Token pairs scoring below this count as not matching. */
  minTokenScore: number
  /** Weight of the unmatched share of the list name (0 = ignore, 1 = proportional). */
  unmatchedPenalty: number
  /** The same weight when query words were left unmatched too. */
  conflictPenalty: number
}

/**
 * Scores a query against one list name, in [0, 1]. `similarity(qi, li)` returns the token
 * similarity of query token `qi` and list token `li`; the matcher passes a cached one.
 */
export function scoreName(
  query: ScoredTokens,
  name: ListName,
  similarity: (qi: number, li: number) => number,
  opts: ScoreOptions
): number {
  const pairs: [number, number, number][] = []
  for (let qi = 0; qi < query.tokens.length; qi++) {
    for (let li = 0; li < name.tokens.length; li++) {
      const s = similarity(qi, li)
      if (s >= opts.minTokenScore) pairs.push([s, qi, li])
    }
  }
  if (pairs.length === 0) return 0
  pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2])
  const usedQ = new Uint8Array(query.tokens.length)
  const usedL = new Uint8Array(name.tokens.length)
  let weighted = 0
  let matchedQueryWeight = 0
  let matchedListWeight = 0
  let surnameHit = false
  let givenHit = false
  for (const [s, qi, li] of pairs) {
    if (usedQ[qi] || usedL[li]) continue
    usedQ[qi] = 1
    usedL[li] = 1
    const wl = name.weights[li]!
    weighted += s * (query.weights[qi]! + wl)
    matchedQueryWeight += query.weights[qi]!
    matchedListWeight += wl
    if (name.parts[li] === 'surname') surnameHit = true
    else if (name.parts[li] === 'given') givenHit = true
  }
  if (name.structured && !(surnameHit && givenHit)) return 0
  const queryWeight = sum(query.weights)
  const listWeight = sum(name.weights)
  const mean = weighted / (queryWeight + matchedListWeight)
  const matchedShare = listWeight === 0 ? 1 : matchedListWeight / listWeight
  const conflict = matchedQueryWeight < queryWeight && matchedShare < 1
  const weight = conflict
    ? Math.max(opts.unmatchedPenalty, opts.conflictPenalty)
    : opts.unmatchedPenalty
  return Math.min(1, mean * (1 - (1 - matchedShare) * weight))
}

function sum(xs: number[]): number {
  let t = 0
  for (const x of xs) t += x
  return t
}
