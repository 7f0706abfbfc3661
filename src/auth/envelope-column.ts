/**
 * @module A `RewrapSource` over any table column holding envelope records (exchange-key
 * credentials, TOTP secrets, sealed KYC fields): pages of rows in id order, and a compare-and-set
 * write that only replaces the record that was re-wrapped.
 */
import { and, asc, eq, getTableColumns, gt, isNotNull, sql } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Db } from '../db/types.ts'
import type { EnvelopeRecord } from '../lib/envelope.ts'
import type { RewrapSource } from './envelope-rotation.ts'

export function envelopeColumn(
  db: Db,
  name: string,
  table: PgTable,
  columns: { id: PgColumn; record: PgColumn }
): RewrapSource {
  const { id, record } = columns
  const recordKey = Object.entries(getTableColumns(table)).find(([, c]) => c === record)?.[0]
  if (!recordKey) throw new RangeError(`envelopeColumn: ${name} is not a column of its table`)
  return {
    name,
    async page(afterId, limit) {
      const rows = await db
        .select({ id, record })
        .from(table)
        .where(and(isNotNull(record), afterId ? gt(id, afterId) : undefined))
        .orderBy(asc(id))
        .limit(limit)
      return rows as Array<{ id: string; record: EnvelopeRecord | null }>
    },
    async replace(rowId, previous, next) {
      const rows = await db
        .update(table)
        .set({ [recordKey]: next })
        .where(
          and(
            eq(id, rowId),
            sql`${record}->>'kekId' = ${previous.kekId}`,
            sql`${record}->>'wrappedKey' = ${previous.wrappedKey}`
          )
        )
        .returning({ id })
      return rows.length === 1
    },
  }
}
