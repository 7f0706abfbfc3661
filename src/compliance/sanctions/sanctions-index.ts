/**
 * @module In-memory index of list names for fast, lossless candidate lookup.
 *
 * Every distinct token of every list name (primary and aliases, all forms) is stored once, with
 * the names it occurs in. A query token is compared only with list tokens that could reach the
 * minimum token score: same letters, or same first-letter sound class (`tokenSimilarity` scores
 * other pairs 0, article-stripped forms included) and a length for which `similarityUpperBound`
 * can reach the minimum. Only names sharing at least one such token are scored, and the scorer
 * gives every other name 0, so the result equals scoring all names (a test checks this against
 * brute force).
 */
import {
  articleCore,
  canStrip,
  hasDigit,
  isMarked,
  phoneticClass,
  plain,
  similarityUpperBound,
  tokenSimilarity,
} from './jaro-winkler.ts'
import type { ListName } from './name-score.ts'
import type { NameKind, TokenPart } from './normalize.ts'

export interface IndexedName extends ListName {
  entry: number
  kind: NameKind
  /** The name as published (`BIN LADEN, Osama`). */
  published: string
  tokenIds: Int32Array
}

type Buckets = Map<string, Map<number, number[]>>

export interface SanctionsIndex {
  names: IndexedName[]
  /** Token ids similar to `token` (≥ minTokenScore) with their similarity. */
  similarTokens(token: string): Map<number, number>
  /** Names of a kind containing a token. */
  postings(tokenId: number, kind: NameKind): readonly number[]
  /** Text of a token id. */
  token(tokenId: number): string
  /** Weight of a list token id. */
  tokenWeight(tokenId: number): number
  /** Weight of a query token: length × rarity among list entries. */
  weight(token: string): number
}

export interface NameInput {
  entry: number
  kind: NameKind
  published: string
  tokens: string[]
  parts: TokenPart[]
}

const CACHE_LIMIT = 50_000

export function buildSanctionsIndex(
  inputs: NameInput[],
  entryCount: number,
  minTokenScore: number
): SanctionsIndex {
  const ids = new Map<string, number>()
  const vocab: string[] = []
  const postingLists: Record<NameKind, number[]>[] = []
  const entryFreq: number[] = []
  const lastEntry: number[] = []
  const names: IndexedName[] = []
  for (const input of inputs) {
    const tokenIds = new Int32Array(input.tokens.length)
    input.tokens.forEach((t, i) => {
      let id = ids.get(t)
      if (id === undefined) {
        id = vocab.length
        ids.set(t, id)
        vocab.push(t)
        postingLists.push({ person: [], org: [], craft: [] })
        entryFreq.push(0)
        lastEntry.push(-1)
      }
      tokenIds[i] = id
      const list = postingLists[id]![input.kind]
      if (list[list.length - 1] !== names.length) list.push(names.length)
      if (lastEntry[id] !== input.entry) {
        lastEntry[id] = input.entry
        entryFreq[id]!++
      }
    })
    const hasSurname = input.parts.includes('surname')
    const hasGiven = input.parts.includes('given')
    names.push({ ...input, tokenIds, weights: [], structured: hasSurname && hasGiven })
  }

  // Smoothed inverse document frequency over entries, scaled to (0, 1]. Lengths have a floor of 3
  // so that short distinctive tokens (`GC` in PFLP-GC, Korean syllables) are not near-free.
  const maxIdf = Math.log(entryCount + 1) + 1
  const rarity = (df: number) => (Math.log((entryCount + 1) / (df + 1)) + 1) / maxIdf
  const tokenWeight = (t: string) => {
    const id = ids.get(t)
    return Math.max(plain(t).length, 3) * rarity(id === undefined ? 0 : entryFreq[id]!)
  }
  for (const n of names) n.weights = n.tokens.map(tokenWeight)
  const weightById = vocab.map(tokenWeight)

  const exact = new Map<string, number[]>()
  const unmarked: Buckets = new Map()
  const markedByCore: Buckets = new Map()
  const strippable: Buckets = new Map()
  vocab.forEach((t, id) => {
    const p = plain(t)
    const list = exact.get(p)
    if (list) list.push(id)
    else exact.set(p, [id])
    if (t.includes('+') || hasDigit(t)) return
    if (isMarked(t)) {
      const core = articleCore(t)
      put(markedByCore, phoneticClass(core), core.length, id)
    } else {
      put(unmarked, phoneticClass(t), t.length, id)
      if (canStrip(t)) put(strippable, phoneticClass(t.slice(2)), t.length - 2, id)
    }
  })

  const cache = new Map<string, Map<number, number>>()
  function similarTokens(token: string): Map<number, number> {
    const hit = cache.get(token)
    if (hit) return hit
    const out = new Map<number, number>()
    for (const id of exact.get(plain(token)) ?? []) out.set(id, 1)
    if (!token.includes('+') && !hasDigit(token)) {
      const consider = (buckets: Buckets, probe: string) => {
        for (const [len, list] of buckets.get(phoneticClass(probe)) ?? []) {
          if (similarityUpperBound(probe.length, len) < minTokenScore) continue
          for (const id of list) {
            if (out.has(id)) continue
            const s = tokenSimilarity(token, vocab[id]!)
            if (s >= minTokenScore) out.set(id, s)
          }
        }
      }
      if (isMarked(token)) {
        const core = articleCore(token)
        consider(unmarked, core)
        consider(markedByCore, core)
        consider(strippable, core)
      } else {
        consider(unmarked, token)
        consider(markedByCore, token)
        if (canStrip(token)) consider(markedByCore, token.slice(2))
      }
    }
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(token, out)
    return out
  }

  return {
    names,
    similarTokens,
    postings: (id, kind) => postingLists[id]?.[kind] ?? [],
    token: (id) => vocab[id]!,
    tokenWeight: (id) => weightById[id]!,
    weight: tokenWeight,
  }
}

function put(buckets: Buckets, key: string, len: number, id: number): void {
  let byLen = buckets.get(key)
  if (!byLen) buckets.set(key, (byLen = new Map()))
  let list = byLen.get(len)
  if (!list) byLen.set(len, (list = []))
  list.push(id)
}
