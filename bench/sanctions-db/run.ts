/**
 * @module Sanctions lists in PostgreSQL: what keeping the list in the database costs next to the
 * in-memory matcher, measured side by side in one run.
 *
 * 1. Import: a generated ~20,000-entry list written as OFAC SDN.CSV/ALT.CSV and imported in one
 *    transaction (`importSanctionsList`), against parsing the same files alone (the baseline).
 * 2. Matcher: loading the active version from the database and building the matcher
 *    (`screening.current()`, cold), against building it from the parsed entries in memory.
 * 3. Screening: 1,000 names through `screening.screen` (matcher + one stored `screening_results`
 *    row each) against `matcher.screen` alone.
 *
 * Needs PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test); works in
 * a scratch database it drops afterwards. Run: `npx tsx bench/sanctions-db/run.ts [entries] [q]`.
 */
import postgres from 'postgres'
import { createAuditLog } from '../../src/compliance/audit-log/audit-log.ts'
import { createCaseIntake } from '../../src/compliance/cases/case-intake.ts'
import { createCasesRepository } from '../../src/compliance/cases/cases.repository.ts'
import { createSanctionsMatcher } from '../../src/compliance/sanctions/matcher.ts'
import { parseAltCsv, parseSdnCsv } from '../../src/compliance/sanctions/ofac-parser.ts'
import { buildSanctionsEntries } from '../../src/compliance/sanctions/sanctions-entries.ts'
import type { SanctionsEntry } from '../../src/compliance/sanctions/sanctions-entries.ts'
import { importSanctionsList } from '../../src/compliance/sanctions/sanctions-import.ts'
import { createSanctionsRepository } from '../../src/compliance/sanctions/sanctions.repository.ts'
import { createScreeningService } from '../../src/compliance/sanctions/screening.service.ts'
import { applyMigrations } from '../../src/db/migrate.ts'
import { openPostgres } from '../../src/db/postgres.ts'
import { systemClock } from '../../src/lib/clock.ts'
import { generateList, generateQueries } from '../screening/generate.ts'

const ENTRIES = Number(process.argv[2] ?? 20_000)
const QUERIES = Number(process.argv[3] ?? 1_000)
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`
const NULLS = Array(7).fill('-0- ').join(',')

/** The entries as OFAC publishes them: no header, CRLF, `-0- ` nulls, a trailing 0x1A. */
function toOfacFiles(list: readonly SanctionsEntry[]): { sdn: Buffer; alt: Buffer } {
  const sdn: string[] = []
  const alt: string[] = []
  let altNum = 1
  for (const e of list) {
    const type = e.type === 'entity' ? '-0- ' : quote(e.type)
    sdn.push(`${e.entNum},${quote(e.name)},${type},${quote(e.programs.join('] ['))},${NULLS},-0- `)
    for (const a of e.aliases)
      alt.push(`${e.entNum},${altNum++},${quote(a.altType)},${quote(a.name)},-0- `)
  }
  const file = (rows: string[]) => Buffer.from(`${rows.join('\r\n')}\r\n\u001a`, 'latin1')
  return { sdn: file(sdn), alt: file(alt) }
}

function seconds(start: number): number {
  return (performance.now() - start) / 1000
}

async function main() {
  const list = generateList(ENTRIES)
  const queries = generateQueries(list, QUERIES)
  const files = toOfacFiles(list)
  console.log(
    `list: ${list.length} entries, ${list.reduce((n, e) => n + e.aliases.length, 0)} aliases; ` +
      `SDN.CSV ${(files.sdn.length / 1e6).toFixed(1)} MB; ${queries.length} queries`
  )

  const name = `tw_bench_sanctions_${process.pid}`
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}"`)
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  const database = openPostgres(url.toString(), { max: 4 })
  try {
    await applyMigrations({ database, url: url.toString() })
    const db = database.db
    const repo = createSanctionsRepository(db)
    const intake = createCaseIntake({ repo: createCasesRepository(db), clock: systemClock })
    const screening = createScreeningService({
      db,
      repo,
      intake,
      auditLog: createAuditLog({ db, clock: systemClock }),
      clock: systemClock,
      threshold: 0.8,
    })

    let t = performance.now()
    const parsed = buildSanctionsEntries(parseSdnCsv(files.sdn), parseAltCsv(files.alt)).entries
    const parseS = seconds(t)
    t = performance.now()
    const imported = await importSanctionsList(
      { db, repo, clock: systemClock },
      { sdn: files.sdn, alt: files.alt, version: 'bench' }
    )
    const importS = seconds(t)
    console.log(
      `import   parse only ${parseS.toFixed(2)} s | parse + one-transaction insert ${importS.toFixed(2)} s ` +
        `(×${(importS / parseS).toFixed(1)}; ${imported.list.entryCount} entries, ${imported.list.aliasCount} aliases)`
    )

    t = performance.now()
    const memory = createSanctionsMatcher(parsed)
    const buildS = seconds(t)
    t = performance.now()
    const fromDb = await screening.current()
    const loadS = seconds(t)
    t = performance.now()
    await screening.current()
    const cachedMs = performance.now() - t
    console.log(
      `matcher  in memory ${buildS.toFixed(2)} s | load from DB + build ${loadS.toFixed(2)} s ` +
        `(×${(loadS / buildS).toFixed(1)}) | cached lookup ${cachedMs.toFixed(1)} ms`
    )

    // Warm both token caches with one pass, then time a second pass of each.
    for (const q of queries) {
      memory.screen(q)
      fromDb!.matcher.screen(q)
    }
    t = performance.now()
    let memMatches = 0
    for (const q of queries) memMatches += memory.screen(q).length
    const memRate = queries.length / seconds(t)
    t = performance.now()
    let dbMatches = 0
    for (const q of queries)
      dbMatches += (await screening.screen(q, { context: 'on_demand' }))!.matches.length
    const dbRate = queries.length / seconds(t)
    if (memMatches !== dbMatches || fromDb!.matcher.stats.names !== memory.stats.names) {
      throw new Error(`results differ: ${memMatches} vs ${dbMatches} matches`)
    }
    console.log(
      `screen   matcher only ${memRate.toFixed(0)} names/s | with a stored result ${dbRate.toFixed(0)} names/s ` +
        `(×${(dbRate / memRate).toFixed(2)}; ${dbMatches} matches, identical)`
    )
  } finally {
    await database.close()
    await admin.unsafe(`drop database if exists "${name}" with (force)`)
    await admin.end()
  }
}

await main()
