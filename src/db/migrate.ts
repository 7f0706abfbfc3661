/**
 * @module Applies drizzle-kit migrations from `drizzle/` (Node and Deno; Workers never migrate).
 *
 * On PostgreSQL the run holds a session advisory lock on a dedicated connection, so instances that
 * boot at once apply each migration exactly once; drizzle runs the pending ones in one transaction.
 */
import type { Database } from './types.ts'

/** Arbitrary constant key for `pg_advisory_lock` ("twmi"). */
const MIGRATION_LOCK_KEY = 0x74776d69

export const DEFAULT_MIGRATIONS_FOLDER = decodeURIComponent(new URL('../../drizzle', import.meta.url).pathname)

export interface MigrateTarget {
  database: Database
  /** Required for `postgres` databases: the lock needs a connection of its own. */
  url?: string
  migrationsFolder?: string
}

export async function applyMigrations({ database, url, migrationsFolder = DEFAULT_MIGRATIONS_FOLDER }: MigrateTarget): Promise<void> {
  if (database.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator')
    await migrate(database.db as never, { migrationsFolder })
    return
  }
  if (!url) throw new Error('applyMigrations: a postgres database needs its URL')
  const [{ default: postgres }, { drizzle }, { migrate }] = await Promise.all([
    import('postgres'),
    import('drizzle-orm/postgres-js'),
    import('drizzle-orm/postgres-js/migrator'),
  ])
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`
    try {
      await migrate(drizzle(sql), { migrationsFolder })
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`
    }
  } finally {
    await sql.end({ timeout: 5 })
  }
}
