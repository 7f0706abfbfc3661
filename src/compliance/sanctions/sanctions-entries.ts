/**
 * @module Screening entries: one per listed party, with its aliases and ID numbers.
 */
import type { IdNumber } from './id-numbers.ts'
import type { AltName, SdnEntry, SdnType } from './ofac-parser.ts'

export interface SanctionsEntry {
  entNum: number
  name: string
  type: SdnType
  programs: string[]
  /** Source list, e.g. `SDN`. */
  list: string
  aliases: { name: string; altType: string }[]
  ids: IdNumber[]
}

/**
 * Joins SDN rows with their ALT.CSV aliases. Aliases whose ent_num is not in the SDN file are
 * returned as `orphans`: an import should reject or report them, never drop them silently.
 */
export function buildSanctionsEntries(
  sdn: readonly SdnEntry[],
  alt: readonly AltName[],
  list = 'SDN'
): { entries: SanctionsEntry[]; orphans: AltName[] } {
  const byEnt = new Map<number, SanctionsEntry>()
  const entries = sdn.map((s) => {
    const e: SanctionsEntry = {
      entNum: s.entNum,
      name: s.name,
      type: s.type,
      programs: s.programs,
      list,
      aliases: [],
      ids: s.ids,
    }
    byEnt.set(s.entNum, e)
    return e
  })
  const orphans: AltName[] = []
  for (const a of alt) {
    const e = byEnt.get(a.entNum)
    if (e) e.aliases.push({ name: a.name, altType: a.altType })
    else orphans.push(a)
  }
  return { entries, orphans }
}
