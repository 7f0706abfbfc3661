/**
 * @module The database handle every repository receives.
 */
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type * as schema from './schema.ts'

/** A drizzle database over PGlite or postgres.js; repositories accept this or a transaction. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>

/** A transaction handle; same query API as `Db`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

/** `Db` or `Tx`: what a repository function runs its queries on. */
export type Queryable = Db | Tx

export interface Database {
  db: Db
  /** `pglite` (embedded, single process) or `postgres` (a server). */
  kind: 'pglite' | 'postgres'
  /** Round trip to the server; throws when unreachable. */
  ping(): Promise<void>
  /** Closes every connection; the process can exit afterwards. */
  close(): Promise<void>
}
