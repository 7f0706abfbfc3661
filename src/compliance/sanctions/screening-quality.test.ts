import { describe, expect, it } from 'vitest'
import { jaroWinkler } from './jaro-winkler.ts'
import { createSanctionsMatcher } from './matcher.ts'
import type { ScreenQuery } from './matcher.ts'
import { foldText } from './normalize.ts'
import { loadQueries, loadTestList } from '../../../test/support/sanctions-fixtures.ts'
import type { LabelledQuery } from '../../../test/support/sanctions-fixtures.ts'

/**
 * Precision and recall at the default threshold over labelled queries (true variants and
 * look-alike non-matches) against the OFAC-format test list. Counted per (query, entry) pair:
 * every returned entry not in `expect` is a false positive, every expected entry not returned a
 * false negative. `queries.json` was written before the matcher; `queries-holdout.json` after it
 * was frozen, and was never used to tune it.
 */
const entries = loadTestList()

function evaluate(queries: LabelledQuery[], screen: (q: ScreenQuery) => { entNum: number }[]) {
  let tp = 0
  let fp = 0
  let fn = 0
  const errors: string[] = []
  for (const q of queries) {
    const got = new Set(screen(q).map((m) => m.entNum))
    for (const e of q.expect) {
      if (got.has(e)) tp++
      else (fn++, errors.push(`FN ${q.id} ${q.name} (${e})`))
    }
    for (const e of got) {
      if (!q.expect.includes(e)) (fp++, errors.push(`FP ${q.id} ${q.name} -> ${e}`))
    }
  }
  return { precision: tp / (tp + fp), recall: tp / (tp + fn), tp, fp, fn, errors }
}

// Plain Jaro-Winkler between whole folded names, best name per entry, at the same threshold.
const folded = entries.flatMap((e) =>
  [e.name, ...e.aliases.map((a) => a.name)].map((n) => ({ entNum: e.entNum, text: fold(n) }))
)
function fold(s: string): string {
  return foldText(s).replace(/ - /g, ' ')
}
function plainJaroWinkler(q: ScreenQuery) {
  const f = fold(q.name)
  return folded.filter((n) => jaroWinkler(f, n.text) >= 0.8)
}

describe('sanctions screening quality', () => {
  const matcher = createSanctionsMatcher(entries)

  for (const file of ['queries.json', 'queries-holdout.json'] as const) {
    it(`should reach precision ≥ 0.95 and recall ≥ 0.95 at 0.80 on ${file}`, () => {
      const queries = loadQueries(file)
      const ours = evaluate(queries, (q) => matcher.screen(q))
      const plain = evaluate(queries, plainJaroWinkler)
      const pct = (x: number) => (x * 100).toFixed(1) + '%'
      console.log(
        `${file}: ${queries.length} queries, threshold 0.80\n` +
          `  matcher:            precision ${pct(ours.precision)} recall ${pct(ours.recall)} ` +
          `(tp ${ours.tp}, fp ${ours.fp}, fn ${ours.fn})\n` +
          `  plain Jaro-Winkler: precision ${pct(plain.precision)} recall ${pct(plain.recall)}\n` +
          ours.errors.map((e) => `  ${e}`).join('\n')
      )
      expect(queries.length).toBeGreaterThanOrEqual(100)
      expect(ours.precision).toBeGreaterThanOrEqual(0.95)
      expect(ours.recall).toBeGreaterThanOrEqual(0.95)
    })
  }
})
