/**
 * @module OFAC SDN.CSV and ALT.CSV parsing: pure functions from file text or bytes to records.
 *
 * Formats: https://ofac.treasury.gov/specially-designated-nationals-list-data-formats-data-schemas
 * SDN.CSV has 12 columns: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type,
 * Tonnage, GRT, Vess_flag, Vess_owner, Remarks. ALT.CSV has 5: ent_num, alt_num, alt_type,
 * alt_name, alt_remarks. A wrong column count, a broken row, a bad number or a duplicate key throws
 * OfacParseError naming the line, and nothing is returned, so an import can stay all-or-nothing.
 */
import { OfacParseError, decodeListBytes, readCsvRecords } from './csv-records.ts'
import type { CsvRecord } from './csv-records.ts'
import { extractIdNumbers } from './id-numbers.ts'
import type { IdNumber } from './id-numbers.ts'

export { OfacParseError } from './csv-records.ts'

/** OFAC leaves SDN_Type empty (`-0-`) for entities. */
export type SdnType = 'individual' | 'entity' | 'vessel' | 'aircraft'

export interface SdnEntry {
  entNum: number
  /** As published: `LAST, First Middle` for individuals. */
  name: string
  type: SdnType
  /** `SDGT] [IRGC` → `['SDGT', 'IRGC']`. */
  programs: string[]
  title: string | null
  callSign: string | null
  vesselType: string | null
  tonnage: string | null
  grossRegisteredTonnage: string | null
  vesselFlag: string | null
  vesselOwner: string | null
  remarks: string | null
  /** ID numbers and digital currency addresses found in Remarks. */
  ids: IdNumber[]
  /** Line in the source file, for error reports and audits. */
  line: number
}

export interface AltName {
  entNum: number
  altNum: number
  /** `aka`, `fka` (formerly known as) or `nka` (now known as). */
  altType: string
  name: string
  remarks: string | null
  line: number
}

const SDN_COLUMNS = 12
const ALT_COLUMNS = 5
const TYPES: Record<string, SdnType> = {
  individual: 'individual',
  vessel: 'vessel',
  aircraft: 'aircraft',
}

/** Parses SDN.CSV. */
export function parseSdnCsv(input: string | Uint8Array): SdnEntry[] {
  const records = readCsvRecords('SDN.CSV', decodeListBytes(input))
  const seen = new Map<number, number>()
  return records.map((r) => {
    expectColumns('SDN.CSV', r, SDN_COLUMNS)
    const f = r.fields
    const entNum = parseEntNum('SDN.CSV', r, f[0], 'ent_num')
    const first = seen.get(entNum)
    if (first !== undefined) {
      throw new OfacParseError(
        'SDN.CSV',
        r.line,
        `duplicate ent_num ${entNum} (first on line ${first})`
      )
    }
    seen.set(entNum, r.line)
    const name = required('SDN.CSV', r, f[1], 'SDN_Name')
    const rawType = f[2]?.trim().toLowerCase() ?? null
    const type = rawType === null ? 'entity' : TYPES[rawType]
    if (!type) throw new OfacParseError('SDN.CSV', r.line, `unknown SDN_Type "${f[2]}"`)
    const remarks = text(f[11])
    return {
      entNum,
      name,
      type,
      programs: parsePrograms(f[3] ?? null),
      title: text(f[4]),
      callSign: text(f[5]),
      vesselType: text(f[6]),
      tonnage: text(f[7]),
      grossRegisteredTonnage: text(f[8]),
      vesselFlag: text(f[9]),
      vesselOwner: text(f[10]),
      remarks,
      ids: extractIdNumbers(remarks),
      line: r.line,
    }
  })
}

/** Parses ALT.CSV. */
export function parseAltCsv(input: string | Uint8Array): AltName[] {
  const records = readCsvRecords('ALT.CSV', decodeListBytes(input))
  const seen = new Map<number, number>()
  return records.map((r) => {
    expectColumns('ALT.CSV', r, ALT_COLUMNS)
    const f = r.fields
    const entNum = parseEntNum('ALT.CSV', r, f[0], 'ent_num')
    const altNum = parseEntNum('ALT.CSV', r, f[1], 'alt_num')
    const first = seen.get(altNum)
    if (first !== undefined) {
      throw new OfacParseError(
        'ALT.CSV',
        r.line,
        `duplicate alt_num ${altNum} (first on line ${first})`
      )
    }
    seen.set(altNum, r.line)
    return {
      entNum,
      altNum,
      altType: required('ALT.CSV', r, f[2], 'alt_type').toLowerCase(),
      name: required('ALT.CSV', r, f[3], 'alt_name'),
      remarks: text(f[4]),
      line: r.line,
    }
  })
}

/** `SDGT] [IRGC` → `['SDGT', 'IRGC']`; the brackets are OFAC's separator between programs. */
export function parsePrograms(value: string | null): string[] {
  if (!value) return []
  return value
    .split(/\]\s*\[/)
    .map((p) => p.replace(/^\[|\]$/g, '').trim())
    .filter((p) => p !== '')
}

function expectColumns(file: string, r: CsvRecord, n: number): void {
  if (r.fields.length !== n) {
    throw new OfacParseError(file, r.line, `expected ${n} columns, found ${r.fields.length}`)
  }
}

function parseEntNum(
  file: string,
  r: CsvRecord,
  v: string | null | undefined,
  col: string
): number {
  const s = v?.trim() ?? ''
  if (!/^\d{1,9}$/.test(s)) {
    throw new OfacParseError(file, r.line, `${col} is not a positive integer: "${s.slice(0, 20)}"`)
  }
  return Number(s)
}

function required(file: string, r: CsvRecord, v: string | null | undefined, col: string): string {
  const s = v?.trim() ?? ''
  if (s === '') throw new OfacParseError(file, r.line, `${col} is empty`)
  return s
}

function text(v: string | null | undefined): string | null {
  const s = v?.trim() ?? ''
  return s === '' ? null : s
}
