/**
 * @module Raw SQL through drizzle with one result shape on both drivers.
 *
 * postgres.js returns an array of rows, PGlite `{ rows }`; repositories use `rowsOf` so they never
 * care which one they run on.
 */
import type { SQL } from 'drizzle-orm'
import type { Queryable } from './types.ts'

export async function rowsOf<T extends Record<string, unknown>>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown
  if (Array.isArray(result)) return result as T[]
  return ((result as { rows?: T[] }).rows ?? []) as T[]
}
