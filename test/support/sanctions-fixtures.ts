/**
 * @module Test helper: loads the OFAC-format test list and labelled queries under test/fixtures.
 */
import { readFileSync } from 'node:fs'
import { buildSanctionsEntries } from '../../src/compliance/sanctions/sanctions-entries.ts'
import type { SanctionsEntry } from '../../src/compliance/sanctions/sanctions-entries.ts'
import { parseAltCsv, parseSdnCsv } from '../../src/compliance/sanctions/ofac-parser.ts'
import type { SdnType } from '../../src/compliance/sanctions/ofac-parser.ts'

const DIR = new URL('../fixtures/sanctions/', import.meta.url)

export interface LabelledQuery {
  id: string
  name: string
  type?: SdnType
  idNumbers?: string[]
  expect: number[]
  kind: string
}

export function loadTestList(): SanctionsEntry[] {
  const sdn = parseSdnCsv(readFileSync(new URL('sdn.csv', DIR)))
  const alt = parseAltCsv(readFileSync(new URL('alt.csv', DIR)))
  return buildSanctionsEntries(sdn, alt).entries
}

export function loadQueries(file: 'queries.json' | 'queries-holdout.json'): LabelledQuery[] {
  return (JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as { queries: LabelledQuery[] })
    .queries
}
