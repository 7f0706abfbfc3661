/**
 * @module Statements whose SQL text is built once, for the hot paths.
 *
 * drizzle builds a query's text on every execution — tens of µs for a wide INSERT or an upsert,
 * several per order — and its `.prepare()` binds a statement to the pool, never to a transaction
 * (drizzle-orm#613). `compile` builds the text once, with named placeholders, on a database that
 * has no connection; `run`/`rows` bind the values through the columns' own encoders (dates,
 * JSON) and execute on whatever database or transaction they are given, through that handle's
 * session: the same path drizzle takes to execute its own queries, spans included.
 */
import { is, Param, Placeholder, sql, type SQL } from 'drizzle-orm'
import { PgDialect, type PgSession } from 'drizzle-orm/pg-core'
import { drizzle } from 'drizzle-orm/postgres-js'
import type { Queryable } from './types.ts'

/** Builds query text only: PostgreSQL's dialect, our column casing, no connection. */
const builder = drizzle.mock({ casing: 'snake_case' })
const dialect = new PgDialect({ casing: 'snake_case' })

export type StatementBuilder = typeof builder

interface Built {
  sql: string
  params: unknown[]
}

export interface CompiledStatement<K extends string> {
  /** The SQL text, built once. */
  readonly text: string
  /** Executes with these values (every placeholder must have one); the driver's raw result. */
  run(q: Queryable, values: Readonly<Record<K, unknown>>): Promise<unknown>
  /** Executes and returns the rows (one shape on both drivers). */
  rows<T extends Record<string, unknown>>(q: Queryable, values: Readonly<Record<K, unknown>>): Promise<T[]>
}

/**
 * @param keys - the placeholder names
 * @param build - the query, written with `p.<name>` where a value goes: a query builder (which
 *   has `toSQL`) or a `sql` template
 * @example
 * const touch = compile(['id', 'at'], (db, p) => db.update(books).set({ updatedAt: p.at }).where(eq(books.id, p.id)))
 * await touch.run(tx, { id, at: new Date() })
 */
export function compile<const K extends string>(
  keys: readonly K[],
  build: (db: StatementBuilder, p: Record<K, Placeholder>) => { toSQL(): Built } | SQL
): CompiledStatement<K> {
  const p = Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)])) as unknown as Record<K, Placeholder>
  const query = build(builder, p)
  const { sql: text, params } =
    'toSQL' in query ? query.toSQL() : dialect.sqlToQuery(query as SQL)
  const binders = params.map(binderOf)
  const run = async (q: Queryable, values: Readonly<Record<K, unknown>>): Promise<unknown> =>
    sessionOf(q)
      .prepareQuery({ sql: text, params: binders.map((bind) => bind(values)) }, undefined, undefined, false)
      .execute()
  return {
    text,
    run,
    async rows<T extends Record<string, unknown>>(q: Queryable, values: Readonly<Record<K, unknown>>) {
      const result = (await run(q, values)) as unknown
      if (Array.isArray(result)) return result as T[]
      return ((result as { rows?: T[] }).rows ?? []) as T[]
    },
  }
}

/**
 * How one parameter gets its value: a placeholder's value, through its column's encoder when it
 * stands for a column (null stays null, as in drizzle's own binding); anything else is constant.
 */
function binderOf(param: unknown): (values: Readonly<Record<string, unknown>>) => unknown {
  const take = (values: Readonly<Record<string, unknown>>, name: string) => {
    const value = values[name]
    if (value === undefined) throw new Error(`compiled statement: no value for placeholder "${name}"`)
    return value
  }
  if (is(param, Placeholder)) return (values) => take(values, param.name)
  if (is(param, Param) && is(param.value, Placeholder)) {
    const { encoder, value: placeholder } = param as Param & { value: Placeholder }
    return (values) => {
      const value = take(values, placeholder.name)
      return value === null || !encoder ? value : encoder.mapToDriverValue(value)
    }
  }
  return () => param
}

function sessionOf(q: Queryable): PgSession {
  const session = (q as unknown as { _?: { session?: PgSession } })._?.session
  if (!session) throw new Error('compiled statement: not a drizzle database or transaction')
  return session
}
