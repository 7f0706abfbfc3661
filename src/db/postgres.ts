/**
 * @module PostgreSQL through postgres.js (Node, Deno and Workers/Hyperdrive).
 */
import { sql as dsql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import { endWith, startQuerySpan } from '../telemetry/db-spans.ts'
import * as schema from './schema.ts'
import type { Database, Db } from './types.ts'

export interface PostgresOptions {
  /** Pool size per process (Workers: keep small, Hyperdrive pools for us). */
  max?: number
  /** Schema put first on the search_path (tests isolate by database, but tools may want this). */
  searchPath?: string
  /** Application name shown in pg_stat_activity. */
  applicationName?: string
  /** Seconds an idle connection is kept. */
  idleTimeout?: number
  /**
   * Named prepared statements for every query (default): parsed and planned once per connection
   * and answered in one round trip, where an unnamed statement with parameters costs two (postgres.js
   * describes it first). Workers turn this off (Hyperdrive/pgbouncer-friendly, short connections).
   */
  prepare?: boolean
}

export function openPostgres(url: string, opts: PostgresOptions = {}): Database {
  const sql = postgres(url, {
    max: opts.max ?? 10,
    idle_timeout: opts.idleTimeout ?? 30,
    connect_timeout: 10,
    prepare: opts.prepare ?? true,
    onnotice: () => {},
    connection: {
      application_name: opts.applicationName ?? 'tradeworks',
      ...(opts.searchPath && { search_path: opts.searchPath }),
    },
  })
  const db = drizzle(traced(sql, opts.prepare ?? true), { schema, casing: 'snake_case' }) as unknown as Db
  return {
    db,
    kind: 'postgres',
    ping: async () => void (await db.execute(dsql`select 1`)),
    close: () => sql.end({ timeout: 5 }),
  }
}

type Sql = postgres.Sql

/**
 * Wraps the client so every query drizzle runs (including inside `begin`/`savepoint`) gets a CLIENT
 * span. postgres.js queries are lazy thenables: the span ends when the awaited result settles.
 */
function traced<T extends Sql | postgres.TransactionSql>(sql: T, prepare: boolean): T {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver)
      if (prop === 'unsafe') {
        return (query: string, ...rest: unknown[]) => {
          // unsafe(query, params?, options?) or unsafe(query, options)
          const params = Array.isArray(rest[0]) ? rest[0] : []
          const options = (Array.isArray(rest[0]) ? rest[1] : rest[0]) as { prepare?: boolean } | undefined
          // Each distinct text is prepared once per connection; connections are recycled
          // (postgres.js max_lifetime), which bounds the statements a server keeps.
          const q = (value as (...a: unknown[]) => postgres.PendingQuery<postgres.Row[]>).call(
            target,
            query,
            params,
            prepare ? { ...options, prepare: true } : (options ?? {})
          )
          const then = q.then
          let settled: Promise<unknown> | undefined
          q.then = function (onFulfilled, onRejected) {
            settled ??= endWith(startQuerySpan(query), then.call(q, (v: unknown) => v) as Promise<unknown>)
            return settled.then(onFulfilled as never, onRejected) as never
          }
          return q
        }
      }
      if (prop === 'begin' || prop === 'savepoint') {
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.TransactionSql) => unknown
          return (value as (...a: unknown[]) => unknown).call(target, ...args, (tx: postgres.TransactionSql) =>
            fn(traced(tx, prepare))
          )
        }
      }
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
