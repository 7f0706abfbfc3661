/**
 * @module Importing an OFAC list version (SDN.CSV and optionally ALT.CSV), all or nothing.
 *
 * Both files are parsed completely before the database is touched; any problem (wrong column
 * count, broken quoting, bad or duplicate numbers, an alias of an entry that is not in SDN.CSV, no
 * entries at all) throws an error naming the file and line, and nothing changes. The write is one
 * transaction: the new version is inserted, the previous one deactivated and the new one
 * activated together, so a failure at any point leaves the previous version active.
 */
import type { Db } from '../../db/types.ts'
import type { Clock } from '../../lib/clock.ts'
import { sha256Hex } from '../../lib/crypto.ts'
import { uuidv7 } from '../../lib/ids.ts'
import { lockSubject } from '../officer.ts'
import { OfacParseError, parseAltCsv, parseSdnCsv } from './ofac-parser.ts'
import { buildSanctionsEntries } from './sanctions-entries.ts'
import type { ListRow, SanctionsRepository } from './sanctions.repository.ts'

export { OfacParseError }

/** A refused import that is not a parse error (naming, versions, an empty file). */
export class SanctionsImportError extends Error {
  override name = 'SanctionsImportError'
}

export interface ImportInput {
  sdn: Uint8Array | string
  alt?: Uint8Array | string
  /** List name; default `SDN`. */
  list?: string
  /** Version label; default `sha256-` and the first 16 hex digits of the files' hash. */
  version?: string
}

export interface ImportResult {
  /** `unchanged` when this version is already the active one (re-running is harmless). */
  status: 'imported' | 'unchanged'
  list: ListRow
  previous: { id: string; version: string } | null
}

const NAME_RE = /^[A-Za-z0-9_.-]{1,40}$/
const VERSION_RE = /^[A-Za-z0-9_.:+-]{1,64}$/

/**
 * @example
 * const result = await importSanctionsList({ db, repo, clock }, { sdn, alt, version: '2026-06-01' })
 */
export async function importSanctionsList(
  deps: { db: Db; repo: SanctionsRepository; clock: Clock },
  input: ImportInput
): Promise<ImportResult> {
  const name = input.list ?? 'SDN'
  if (!NAME_RE.test(name)) {
    throw new SanctionsImportError('the list name may use letters, digits, _ . - (at most 40)')
  }
  const sdn = parseSdnCsv(input.sdn)
  const alt = input.alt === undefined ? [] : parseAltCsv(input.alt)
  if (sdn.length === 0) throw new SanctionsImportError('SDN.CSV has no entries: nothing imported')
  const { entries, orphans } = buildSanctionsEntries(sdn, alt, name)
  const orphan = orphans[0]
  if (orphan) {
    throw new OfacParseError(
      'ALT.CSV',
      orphan.line,
      `ent_num ${orphan.entNum} is not in SDN.CSV (${orphans.length} such row(s))`
    )
  }
  const sdnSha256 = await sha256Hex(input.sdn)
  const altSha256 = input.alt === undefined ? null : await sha256Hex(input.alt)
  const version =
    input.version ?? `sha256-${(await sha256Hex(`${sdnSha256}:${altSha256}`)).slice(0, 16)}`
  if (!VERSION_RE.test(version)) {
    throw new SanctionsImportError('the version may use letters, digits, _ . : + - (at most 64)')
  }
  const extra = new Map(sdn.map((s) => [s.entNum, { title: s.title, remarks: s.remarks }]))
  const aliases = alt.map((a) => ({
    altNum: a.altNum,
    entNum: a.entNum,
    altType: a.altType,
    name: a.name,
    remarks: a.remarks,
  }))

  return deps.db.transaction(async (tx) => {
    await lockSubject(tx, 'sanctions', name)
    const existing = await deps.repo.findVersion(name, version, tx)
    if (existing?.active) return { status: 'unchanged', list: existing, previous: null }
    if (existing) {
      throw new SanctionsImportError(
        `${name} version ${version} was imported before and is no longer active: give a new --version`
      )
    }
    const now = deps.clock.now()
    const row = await deps.repo.insertVersion(
      {
        id: uuidv7(now.getTime()),
        name,
        version,
        importedAt: now,
        active: false,
        entryCount: entries.length,
        aliasCount: aliases.length,
        idNumberCount: entries.reduce((n, e) => n + e.ids.length, 0),
        sdnSha256,
        altSha256,
      },
      entries,
      extra,
      aliases,
      tx
    )
    const previous = await deps.repo.activate(row.id, name, tx)
    return {
      status: 'imported',
      list: { ...row, active: true },
      previous: previous ? { id: previous.id, version: previous.version } : null,
    }
  })
}
