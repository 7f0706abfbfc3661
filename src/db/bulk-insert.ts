/**
 * @module Many-row INSERTs as one statement with one `text[]` parameter per column:
 * `insert into t (a, b) select c0::uuid, c1::numeric(36, 18) from unnest($1::text[], $2::text[])`.
 *
 * Drizzle's `.values(rows)` builds one placeholder per value, which costs more CPU than the
 * database spends storing the rows once there are thousands of them (imports, rebuilds). Here the
 * statement is the same text whatever the row count, and both drivers (postgres.js and PGlite)
 * send `text[]` parameters; every column is cast back to its declared type, so the database still
 * checks each value.
 */
import { getTableColumns, getTableName, sql, type SQL, type SQLChunk } from 'drizzle-orm'
import { toSnakeCase } from 'drizzle-orm/casing'
import type { PgTable } from 'drizzle-orm/pg-core'

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

/**
 * The INSERT for `rows` (all with the same keys: the columns written), followed by `tail`
 * (e.g. `on conflict … do nothing returning id`). Run it with `db.execute`.
 * @example await tx.execute(bulkInsertSql(fills, rows, sql`on conflict do nothing`))
 */
export function bulkInsertSql<T extends PgTable>(
  table: T,
  rows: ReadonlyArray<object>,
  tail: SQL = sql.empty()
): SQL {
  if (rows.length === 0) throw new RangeError('bulkInsertSql: no rows')
  const columns = getTableColumns(table)
  const first = rows[0] as Record<string, unknown>
  const keys = Object.keys(first).filter((k) => first[k] !== undefined)
  const defs = keys.map((key, i) => {
    const column = columns[key]
    if (!column) throw new RangeError(`bulkInsertSql: ${getTableName(table)} has no column ${key}`)
    return {
      key,
      name: column.keyAsName ? toSnakeCase(key) : column.name,
      alias: `c${i}`,
      type: column.getSQLType(),
    }
  })
  const arrays = defs.map(({ key }) => rows.map((row) => asText((row as Record<string, unknown>)[key])))
  const list = (parts: SQLChunk[]) => sql.join(parts, sql`, `)
  return sql`insert into ${table} (${list(defs.map((d) => sql.identifier(d.name)))})
    select ${list(defs.map((d) => sql.raw(`${d.alias}::${d.type}`)))}
    from unnest(${list(arrays.map((a) => sql`${sql.param(a)}::text[]`))})
      as t(${list(defs.map((d) => sql.raw(d.alias)))})
    ${tail}`
}
