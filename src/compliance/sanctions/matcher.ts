/**
 * @module Sanctions screening: `createSanctionsMatcher(entries).screen({ name, type, idNumbers })`.
 *
 * A match is an entry whose primary name or an alias scores at or above the threshold (0.80 by
 * default) against the query, or whose ID numbers contain one of the query's ID numbers exactly
 * (score 1.0). With `type`, only entries of that type are compared (a vessel called HAMD is not a
 * person called Hamd). Results are best first, one per entry.
 */
import { queryIdKeys } from './id-numbers.ts'
import type { IdNumber } from './id-numbers.ts'
import { tokenSimilarity } from './jaro-winkler.ts'
import { scoreName } from './name-score.ts'
import { kindOf, nameForms, queryForms } from './normalize.ts'
import type { NameKind } from './normalize.ts'
import type { SdnType } from './ofac-parser.ts'
import type { SanctionsEntry } from './sanctions-entries.ts'
import { buildSanctionsIndex } from './sanctions-index.ts'
import type { NameInput, SanctionsIndex } from './sanctions-index.ts'

export { buildSanctionsEntries } from './sanctions-entries.ts'
export type { SanctionsEntry } from './sanctions-entries.ts'

export interface ScreenQuery {
  name: string
  type?: SdnType
  /** Passport, national ID, tax ID, IMO, digital currency address… as typed. */
  idNumbers?: string[]
}

export interface SanctionsMatch {
  entNum: number
  /** The entry's primary name. */
  name: string
  /** The primary name or alias that matched (the primary name for an ID match). */
  matchedName: string
  /** 0–1; 1 for an exact ID-number match. */
  score: number
  list: string
  programs: string[]
  type: SdnType
  matchedOn: 'name' | 'id'
  /** Set when matchedOn is `id`. */
  matchedId?: { kind: string; value: string }
}

export interface SanctionsMatcherOptions {
  /** Minimum score reported. Default 0.80 (DESIGN.md §9). */
  threshold?: number
  /** Token pairs below this similarity do not count as matching. Default 0.80. */
  minTokenScore?: number
  /** Unmatched-list-name penalty per kind. Defaults: person 0.15 (Watchman), org 0.5, craft 0.5. */
  unmatchedPenalty?: Partial<Record<NameKind, number>>
  /** Unmatched-list-name penalty when query words are unmatched too. Default 0.5. */
  conflictPenalty?: number
  /** Most matches returned per query. Default 50. */
  limit?: number
  /**
   * `index` (default) scores only names sharing a similar token with the query; `all` scores every
   * name with the same scorer. Both give the same matches; `all` exists to prove that and to
   * measure what the index saves.
   */
  scan?: 'index' | 'all'
}

export interface SanctionsMatcher {
  readonly threshold: number
  readonly stats: { entries: number; names: number }
  screen(query: ScreenQuery, override?: { threshold?: number; limit?: number }): SanctionsMatch[]
}

type Found = Pick<SanctionsMatch, 'matchedName' | 'score' | 'matchedOn' | 'matchedId'>

const KINDS: NameKind[] = ['person', 'org', 'craft']

/**
 * Builds a matcher over list entries (see `buildSanctionsEntries`). Building is O(names); keep one
 * per list version and rebuild on import.
 *
 * @param entries - list entries with aliases and ID numbers
 * @param [opts.threshold=0.8] - minimum score reported
 * @param [opts.limit=50] - most matches returned per query
 * @example
 * ```ts
 * const { entries } = buildSanctionsEntries(parseSdnCsv(sdnBytes), parseAltCsv(altBytes))
 * const matcher = createSanctionsMatcher(entries)
 * matcher.screen({ name: 'Joaquin Guzman', type: 'individual' })
 * ```
 */
export function createSanctionsMatcher(
  entries: readonly SanctionsEntry[],
  opts: SanctionsMatcherOptions = {}
): SanctionsMatcher {
  const threshold = opts.threshold ?? 0.8
  const minTokenScore = opts.minTokenScore ?? 0.8
  const penalty = { person: 0.15, org: 0.5, craft: 0.5, ...opts.unmatchedPenalty }
  const conflictPenalty = opts.conflictPenalty ?? 0.5
  const scanAll = opts.scan === 'all'

  const inputs: NameInput[] = []
  const idIndex = new Map<string, { entry: number; id: IdNumber }[]>()
  entries.forEach((e, entry) => {
    const kind = kindOf(e.type)
    for (const published of [e.name, ...e.aliases.map((a) => a.name)]) {
      for (const form of nameForms(published, kind, e.type === 'individual')) {
        inputs.push({ entry, kind, published, tokens: form.tokens, parts: form.parts })
      }
    }
    for (const id of e.ids) idIndex.set(id.key, [...(idIndex.get(id.key) ?? []), { entry, id }])
  })
  const index = buildSanctionsIndex(inputs, entries.length, minTokenScore)
  const allowed = (entry: number, type?: SdnType) => !type || entries[entry]!.type === type

  function matchIds(query: ScreenQuery, offer: (entry: number, f: Found) => void): void {
    for (const raw of query.idNumbers ?? []) {
      for (const key of queryIdKeys(raw)) {
        for (const { entry, id } of idIndex.get(key) ?? []) {
          if (!allowed(entry, query.type)) continue
          const matchedId = { kind: id.kind, value: id.value }
          offer(entry, { matchedName: entries[entry]!.name, score: 1, matchedOn: 'id', matchedId })
        }
      }
    }
  }

  function matchNames(query: ScreenQuery, min: number, offer: (entry: number, f: Found) => void) {
    for (const kind of query.type ? [kindOf(query.type)] : KINDS) {
      const scoreOpts = { minTokenScore, unmatchedPenalty: penalty[kind], conflictPenalty }
      for (const tokens of queryForms(query.name, kind)) {
        // A joined-words variant only exists to meet a compound on the list (exact matches only).
        if (tokens.some((t) => t.includes('+') && index.similarTokens(t).size === 0)) continue
        const q = { tokens, weights: tokens.map((t) => index.weight(t)) }
        const { similarity, candidates, bound } = scanAll
          ? exhaustive(index, tokens, minTokenScore)
          : indexed(index, q, kind)
        for (const n of candidates) {
          const name = index.names[n]!
          if (name.kind !== kind || !allowed(name.entry, query.type)) continue
          if (bound(n, name.structured) < min) continue
          const score = scoreName(
            q,
            name,
            (qi, li) => similarity(qi, name.tokenIds[li]!),
            scoreOpts
          )
          if (score >= min)
            offer(name.entry, { matchedName: name.published, score, matchedOn: 'name' })
        }
      }
    }
  }

  function screen(query: ScreenQuery, override: { threshold?: number; limit?: number } = {}) {
    const best = new Map<number, SanctionsMatch>()
    const offer = (entry: number, found: Found) => {
      const prev = best.get(entry)
      if (prev && prev.score >= found.score) return
      const { entNum, name, list, programs, type } = entries[entry]!
      best.set(entry, { entNum, name, list, programs, type, ...found })
    }
    matchIds(query, offer)
    matchNames(query, override.threshold ?? threshold, offer)
    return [...best.values()]
      .sort((a, b) => b.score - a.score || a.entNum - b.entNum)
      .slice(0, override.limit ?? opts.limit ?? 50)
  }

  return { threshold, stats: { entries: entries.length, names: index.names.length }, screen }
}

interface Lookup {
  similarity: (qi: number, tokenId: number) => number
  candidates: Iterable<number>
  /** An upper bound of the name's score; names below the threshold are skipped unscored. */
  bound: (name: number, structured: boolean) => number
}

/**
 * Names sharing at least one similar token with the query. A name's score is at most
 * (Σ matched query weight + X) / (query weight + X), X being the heaviest list token each matched
 * query token could pair with (see name-score.ts), and a `LAST, First` name needs two matched
 * tokens: names that cannot reach the threshold are never scored. Common tokens (`mohammed`,
 * `bank`) bring thousands of names each; this keeps them cheap without losing a match.
 */
function indexed(
  index: SanctionsIndex,
  q: { tokens: string[]; weights: number[] },
  kind: NameKind
): Lookup {
  const sims = q.tokens.map((t) => index.similarTokens(t))
  const heaviest = sims.map((m) => {
    let max = 0
    for (const id of m.keys()) max = Math.max(max, index.tokenWeight(id))
    return max
  })
  const queryWeight = q.weights.reduce((a, b) => a + b, 0)
  const masks = new Map<number, number>()
  const trackable = q.tokens.length <= 30
  sims.forEach((m, qi) => {
    for (const id of m.keys()) {
      for (const n of index.postings(id, kind))
        masks.set(n, (masks.get(n) ?? 0) | (trackable ? 1 << qi : 1))
    }
  })
  const bound = (n: number, structured: boolean) => {
    if (!trackable) return 1
    let mask = masks.get(n) ?? 0
    let matched = 0
    let x = 0
    let count = 0
    for (let qi = 0; mask !== 0; qi++, mask >>>= 1) {
      if ((mask & 1) === 0) continue
      matched += q.weights[qi]!
      x += heaviest[qi]!
      count++
    }
    if (structured && count < 2) return 0
    return (matched + x) / (queryWeight + x)
  }
  return { similarity: (qi, id) => sims[qi]!.get(id) ?? 0, candidates: masks.keys(), bound }
}

/** Every name, token similarities computed on demand. */
function exhaustive(index: SanctionsIndex, tokens: string[], minTokenScore: number): Lookup {
  const memo = tokens.map(() => new Map<number, number>())
  const similarity = (qi: number, id: number) => {
    let s = memo[qi]!.get(id)
    if (s === undefined) {
      s = tokenSimilarity(tokens[qi]!, index.token(id))
      if (s < minTokenScore) s = 0
      memo[qi]!.set(id, s)
    }
    return s
  }
  return { similarity, candidates: index.names.keys(), bound: () => 1 }
}
