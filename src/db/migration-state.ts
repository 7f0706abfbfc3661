/**
 * @module Compares applied migrations with the journal shipped in the build (for /health/ready).
 *
 * The journal is imported as JSON so the check also works on Workers, which have no file system.
 */
import { sql } from 'drizzle-orm'
import journal from '../../drizzle/meta/_journal.json' with { type: 'json' }
import { rowsOf } from './execute.ts'
import type { Db } from './types.ts'

export interface MigrationState {
  expected: number
  applied: number
  /** Journal entries (by tag) not found in the database. */
  pending: string[]
  upToDate: boolean
}

export async function migrationState(db: Db): Promise<MigrationState> {
  const entries = journal.entries as Array<{ tag: string; when: number }>
  const exists = await rowsOf<{ t: string | null }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`
  )
  let appliedAt: number[] = []
  if (exists[0]?.t) {
    const rows = await rowsOf<{ created_at: string | number }>(
      db,
      sql`select created_at from drizzle.__drizzle_migrations`
    )
    appliedAt = rows.map((r) => Number(r.created_at))
  }
  const applied = new Set(appliedAt)
  const pending = entries.filter((e) => !applied.has(e.when)).map((e) => e.tag)
  return { expected: entries.length, applied: appliedAt.length, pending, upToDate: pending.length === 0 }
}
