import { describe, expect, it } from 'vitest'
import { buildSanctionsEntries, createSanctionsMatcher } from './matcher.ts'
import type { SanctionsEntry } from './matcher.ts'
import { parseAltCsv, parseSdnCsv } from './ofac-parser.ts'
import { loadQueries, loadTestList } from '../../../test/support/sanctions-fixtures.ts'

const entries = loadTestList()
const matcher = createSanctionsMatcher(entries)

describe('createSanctionsMatcher', () => {
  it('should find a reordered name without diacritics and report the published name', () => {
    const [top] = matcher.screen({ name: 'Joaquín Guzmán Loera' })
    expect(top).toMatchObject({
      entNum: 6861,
      name: 'GUZMAN LOERA, Joaquin',
      matchedName: 'GUZMAN LOERA, Joaquin',
      list: 'SDN',
      programs: ['SDNTK'],
      type: 'individual',
      matchedOn: 'name',
    })
    expect(top?.score).toBe(1)
  })

  it('should match on an alias and name the alias', () => {
    const [top] = matcher.screen({ name: 'Osama bin Laden' })
    expect(top).toMatchObject({ entNum: 6365, matchedName: 'BIN LADEN, Osama' })
  })

  it('should score an exact ID number 1.0 whatever the name', () => {
    const res = matcher.screen({ name: 'Someone Else', idNumbers: ['92 664'] })
    expect(res).toEqual([
      expect.objectContaining({
        entNum: 3754,
        score: 1,
        matchedOn: 'id',
        matchedId: { kind: 'Passport', value: '92/664' },
      }),
    ])
  })

  it('should only compare entries of the query type', () => {
    expect(matcher.screen({ name: 'Hamd', type: 'vessel' }).map((m) => m.entNum)).toEqual([25316])
    expect(matcher.screen({ name: 'Hamd', type: 'individual' })).toEqual([])
  })

  it('should return best first, above the threshold, at most limit matches', () => {
    const loose = matcher.screen({ name: 'Bank of Iran' }, { threshold: 0.3 })
    expect(loose.length).toBeGreaterThan(1)
    const scores = loose.map((m) => m.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    expect(scores.every((s) => s >= 0.3 && s <= 1)).toBe(true)
    expect(matcher.screen({ name: 'Herrera Buitrago' }, { threshold: 0.3, limit: 1 })).toHaveLength(
      1
    )
  })

  it('should apply a configured threshold', () => {
    const strict = createSanctionsMatcher(entries, { threshold: 0.99 })
    expect(strict.threshold).toBe(0.99)
    expect(strict.screen({ name: 'Dmitriy Khoroshev' })).toEqual([])
    expect(matcher.screen({ name: 'Dmitriy Khoroshev' })[0]?.entNum).toBe(48603)
  })

  it('should find exactly what scoring every name finds (the index loses no match)', () => {
    const all = createSanctionsMatcher(entries, { scan: 'all' })
    const queries = [
      ...loadQueries('queries.json'),
      ...loadQueries('queries-holdout.json'),
      ...perturbedNames(entries),
    ]
    // Equal lists at 0.6 without a limit imply equal lists at any higher threshold.
    const opts = { threshold: 0.6, limit: 10_000 }
    for (const q of queries) expect(matcher.screen(q, opts), q.id).toEqual(all.screen(q, opts))
  })
})

/**
 * Deterministic typo'd spellings of list names: a letter dropped, two letters swapped, an article
 * split off (`ALOTAIBI` → `al-Otaib`) or glued on, so fuzzy paths of the index are exercised.
 */
function perturbedNames(list: SanctionsEntry[]): { id: string; name: string }[] {
  let seed = 7
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
  const out: { id: string; name: string }[] = []
  list.forEach((e, i) => {
    const names = [e.name, ...e.aliases.map((a) => a.name)]
    const name = names[rnd(names.length)]!
    const at = 1 + rnd(Math.max(1, name.length - 2))
    out.push({ id: `drop-${i}`, name: name.slice(0, at) + name.slice(at + 1) })
    out.push({
      id: `swap-${i}`,
      name: name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2),
    })
    const split = name.replace(
      /\b(AL|EL)([A-Z]{4,})/g,
      (_, a: string, w: string) => `${a}-${w.slice(0, -1)}`
    )
    const glued = name.replace(
      /\b(AL|EL)[- ]([A-Z]{4,})/g,
      (_, a: string, w: string) => a + w.slice(0, -1)
    )
    if (split !== name) out.push({ id: `split-${i}`, name: split })
    if (glued !== name) out.push({ id: `glued-${i}`, name: glued })
  })
  return out
}

describe('buildSanctionsEntries', () => {
  it('should attach aliases and return aliases of unknown entries as orphans', () => {
    const sdn = parseSdnCsv('1,"A, B","individual","X",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ')
    const alt = parseAltCsv('1,10,"aka","C, D",-0- \n2,11,"aka","E",-0- ')
    const { entries: built, orphans } = buildSanctionsEntries(sdn, alt)
    expect(built).toEqual<SanctionsEntry[]>([
      {
        entNum: 1,
        name: 'A, B',
        type: 'individual',
        programs: ['X'],
        list: 'SDN',
        aliases: [{ name: 'C, D', altType: 'aka' }],
        ids: [],
      },
    ])
    expect(orphans.map((o) => o.altNum)).toEqual([11])
  })
})
