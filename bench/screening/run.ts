/**
 * @module Screening benchmark: 1,000 names against a generated ~20,000-entry list with aliases.
 *
 * Prints names per second for the indexed matcher next to two baselines measured in the same run:
 * the same scorer over every list name (`scan: 'all'`, which also proves the index loses nothing
 * on these queries) and naive all-pairs Jaro-Winkler between whole folded names. Baselines run on
 * a prefix of the queries because they are slow; rates are comparable, absolute times are not
 * (shared, noisy machine). The first pass also fills the matcher's token-similarity cache, so a
 * second pass is shown; ratios use the warm rate. Run: `npx tsx bench/screening/run.ts [n] [q]`.
 */
import { jaroWinkler } from '../../src/compliance/sanctions/jaro-winkler.ts'
import { createSanctionsMatcher } from '../../src/compliance/sanctions/matcher.ts'
import type { ScreenQuery } from '../../src/compliance/sanctions/matcher.ts'
import { foldText } from '../../src/compliance/sanctions/normalize.ts'
import { generateList, generateQueries } from './generate.ts'

const ENTRIES = Number(process.argv[2] ?? 20_000)
const QUERIES = Number(process.argv[3] ?? 1_000)
const EXHAUSTIVE_QUERIES = Math.min(QUERIES, 40)
const NAIVE_QUERIES = Math.min(QUERIES, 100)

const list = generateList(ENTRIES)
const queries = generateQueries(list, QUERIES)
const names = list.reduce((n, e) => n + 1 + e.aliases.length, 0)
console.log(
  `list: ${list.length} entries, ${names} names (primary + aliases); ${queries.length} queries`
)

const t = performance.now()
const matcher = createSanctionsMatcher(list)
console.log(`index build: ${(performance.now() - t).toFixed(0)} ms`)
const exhaustive = createSanctionsMatcher(list, { scan: 'all' })

function rate(label: string, qs: ScreenQuery[], screen: (q: ScreenQuery) => unknown[]): number {
  screen(qs[0]!)
  const start = performance.now()
  let matches = 0
  for (const q of qs) matches += screen(q).length
  const seconds = (performance.now() - start) / 1000
  const perSecond = qs.length / seconds
  console.log(
    `${label.padEnd(34)} ${String(qs.length).padStart(5)} names  ` +
      `${seconds.toFixed(2).padStart(7)} s  ${perSecond.toFixed(1).padStart(9)} names/s  ` +
      `(${matches} matches ≥ 0.80)`
  )
  return perSecond
}

const folded = list.flatMap((e) =>
  [e.name, ...e.aliases.map((a) => a.name)].map((n) => foldText(n))
)
function naive(q: ScreenQuery): number[] {
  const f = foldText(q.name)
  const hits: number[] = []
  folded.forEach((n, i) => {
    if (jaroWinkler(f, n) >= 0.8) hits.push(i)
  })
  return hits
}

const cold = rate('indexed matcher, first pass', queries, (q) => matcher.screen(q))
const indexed = rate('indexed matcher, warm token cache', queries, (q) => matcher.screen(q))
const all = rate('same scorer, every name', queries.slice(0, EXHAUSTIVE_QUERIES), (q) =>
  exhaustive.screen(q)
)
const plain = rate('naive all-pairs Jaro-Winkler', queries.slice(0, NAIVE_QUERIES), naive)

let same = 0
for (const q of queries.slice(0, EXHAUSTIVE_QUERIES)) {
  if (JSON.stringify(matcher.screen(q)) === JSON.stringify(exhaustive.screen(q))) same++
}
console.log(`\nindexed vs every name: identical results for ${same}/${EXHAUSTIVE_QUERIES} queries`)
console.log(`speed-up vs same scorer over every name:   ×${(indexed / all).toFixed(1)}`)
console.log(`speed-up vs naive all-pairs Jaro-Winkler:  ×${(indexed / plain).toFixed(1)}`)
console.log(`  (first pass, cold cache:                 ×${(cold / plain).toFixed(1)})`)
const heap = process.memoryUsage().heapUsed / 2 ** 20
console.log(`heap used after run: ${heap.toFixed(0)} MiB`)
