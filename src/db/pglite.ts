/**
 * @module Embedded PostgreSQL (PGlite) for a first run with no database server, and for tests.
 *
 * Loaded lazily by the Node and Deno entries only: its WASM would not fit a Worker bundle. PGlite is
 * single-process; it is refused in production by the settings rules.
 */
import type { PGlite, PGliteOptions, Transaction } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/pglite'
import { endWith, startQuerySpan } from '../telemetry/db-spans.ts'
import * as schema from './schema.ts'
import type { Database, Db } from './types.ts'

export interface PgliteOpenOptions {
  /** Data directory; `undefined` → in memory. */
  dataDir?: string
  /** A `dumpDataDir()` tarball to start from (tests load one migrated snapshot instead of initdb). */
  loadDataDir?: Blob | File
}

export async function openPglite(opts: PgliteOpenOptions = {}): Promise<Database & { client: PGlite }> {
  const { PGlite } = await import('@electric-sql/pglite')
  const options: PGliteOptions = {}
  if (opts.loadDataDir) options.loadDataDir = opts.loadDataDir
  const client = opts.dataDir ? await PGlite.create(opts.dataDir, options) : await PGlite.create(options)
  const db = drizzle(traced(client), { schema, casing: 'snake_case' }) as unknown as Db
  return {
    db,
    client,
    kind: 'pglite',
    ping: async () => void (await db.execute(sql`select 1`)),
    close: () => client.close(),
  }
}

type Queryish = PGlite | Transaction

function traced<T extends Queryish>(client: T): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver)
      if (prop === 'query' || prop === 'exec') {
        return (query: string, ...rest: unknown[]) =>
          endWith(
            startQuerySpan(query),
            (value as (...a: unknown[]) => Promise<unknown>).call(target, query, ...rest)
          )
      }
      if (prop === 'transaction') {
        return (fn: (tx: Transaction) => Promise<unknown>) =>
          (value as (f: (tx: Transaction) => Promise<unknown>) => Promise<unknown>).call(target, (tx) =>
            fn(traced(tx))
          )
      }
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
