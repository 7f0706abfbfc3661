/**
 * Vitest global setup: one migrated PostgreSQL template database and one migrated PGlite snapshot per
 * migration set, so each test file gets an isolated database in a fraction of a second.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import postgres from 'postgres'
import type { TestProject } from 'vitest/node'

const ROOT = new URL('../../', import.meta.url).pathname
const MIGRATIONS = join(ROOT, 'drizzle')

export function migrationsHash(): string {
  const h = createHash('sha256')
  for (const f of readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql')).sort()) {
    h.update(f).update(readFileSync(join(MIGRATIONS, f)))
  }
  h.update(readFileSync(join(MIGRATIONS, 'meta/_journal.json')))
  return h.digest('hex').slice(0, 12)
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export default async function setup(project: TestProject) {
  const hash = migrationsHash()
  const template = `tw_tpl_${hash}`
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} })
  try {
    await admin`select pg_advisory_lock(7401)`
    try {
      await dropStale(admin)
      const exists = await admin`select 1 from pg_database where datname = ${template}`
      if (exists.length === 0) {
        const building = `${template}_build_${process.pid}`
        await admin.unsafe(`drop database if exists "${building}"`)
        await admin.unsafe(`create database "${building}"`)
        const url = withDatabase(TEST_DATABASE_URL, building)
        const { openPostgres } = await import('../../src/db/postgres.ts')
        const { applyMigrations } = await import('../../src/db/migrate.ts')
        const database = openPostgres(url, { max: 1 })
        await applyMigrations({ database, url, migrationsFolder: MIGRATIONS })
        await database.close()
        await admin.unsafe(`alter database "${building}" rename to "${template}"`)
      }
    } finally {
      await admin`select pg_advisory_unlock(7401)`
    }
  } finally {
    await admin.end()
  }
  project.provide('pgTemplate', template)
  project.provide('pgliteSnapshot', await pgliteSnapshot(hash))
}

/** Test databases are named `tw_t_<epoch seconds>_<random>`; drop those left by crashed runs (> 2 h). */
async function dropStale(admin: postgres.Sql) {
  const rows = await admin`select datname from pg_database where datname like 'tw\\_t\\_%'`
  const cutoff = Date.now() / 1000 - 7200
  for (const { datname } of rows) {
    const epoch = Number(String(datname).split('_')[2])
    if (Number.isFinite(epoch) && epoch < cutoff) {
      await admin.unsafe(`drop database if exists "${datname}" with (force)`).catch(() => {})
    }
  }
}

async function pgliteSnapshot(hash: string): Promise<string> {
  const dir = join(tmpdir(), 'tradeworks-test')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `pglite-${hash}.tar.gz`)
  if (existsSync(file)) return file
  const { openPglite } = await import('../../src/db/pglite.ts')
  const { applyMigrations } = await import('../../src/db/migrate.ts')
  const database = await openPglite()
  await applyMigrations({ database, migrationsFolder: MIGRATIONS })
  const blob = await database.client.dumpDataDir('gzip')
  await database.close()
  const tmp = `${file}.${process.pid}`
  writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()))
  const { renameSync } = await import('node:fs')
  renameSync(tmp, file)
  return file
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string
    pgliteSnapshot: string
  }
}
