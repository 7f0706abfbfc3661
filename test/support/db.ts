/**
 * Isolated databases for tests: a fresh PostgreSQL database cloned from the migrated template (one per
 * call, dropped on close), or a PGlite instance loaded from the migrated snapshot.
 */
import { readFileSync } from 'node:fs'
import postgres from 'postgres'
import { inject } from 'vitest'
import { openPglite } from '../../src/db/pglite.ts'
import { openPostgres } from '../../src/db/postgres.ts'
import type { Database } from '../../src/db/types.ts'
import { TEST_DATABASE_URL, withDatabase } from './global-setup.ts'

export interface TestDatabase extends Database {
  /** Connection URL (postgres only). */
  url?: string
}

/** A new, migrated, empty PostgreSQL database of its own. */
export async function createPostgresTestDatabase(opts: { max?: number } = {}): Promise<TestDatabase & { url: string }> {
  const template = inject('pgTemplate')
  const name = `tw_t_${Math.floor(Date.now() / 1000)}_${crypto.randomUUID().slice(0, 8)}`
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} })
  try {
    // Cloning needs the template idle; another file's clone may briefly hold it, so retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database "${name}" template "${template}"`)
        break
      } catch (err) {
        if (attempt >= 20 || !/being accessed by other users/.test(String((err as Error).message))) throw err
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200))
      }
    }
  } finally {
    await admin.end()
  }
  const url = withDatabase(TEST_DATABASE_URL, name)
  const database = openPostgres(url, { max: opts.max ?? 10 })
  return {
    ...database,
    url,
    async close() {
      await database.close()
      const dropper = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} })
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`)
      } finally {
        await dropper.end()
      }
    },
  }
}

/** A migrated in-memory PGlite loaded from the shared snapshot. */
export async function createPgliteTestDatabase(): Promise<TestDatabase> {
  const file = inject('pgliteSnapshot')
  return openPglite({ loadDataDir: new Blob([readFileSync(file)]) })
}

/** Both drivers, for suites that must pass on each. */
export const DRIVERS = [
  ['postgres', () => createPostgresTestDatabase()],
  ['pglite', () => createPgliteTestDatabase()],
] as const
