import { sql } from 'drizzle-orm'
import { boolean, integer, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DRIVERS, type TestDatabase } from '../../test/support/db.ts'
import { bulkInsertSql } from './bulk-insert.ts'
import { rowsOf } from './execute.ts'

const probe = pgTable('bulk_probe', {
  id: uuid().primaryKey(),
  noteText: text(),
  amount: numeric({ precision: 36, scale: 18 }),
  at: timestamp({ withTimezone: true, mode: 'date' }),
  n: integer(),
  flag: boolean(),
  data: jsonb(),
})

const id = (i: number) => `018f0000-0000-7000-8000-${String(i).padStart(12, '0')}`

describe.each(DRIVERS)('bulkInsertSql on %s', (_driver, open) => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await open()
    await database.db.execute(sql`create table bulk_probe (id uuid primary key, note_text text,
      amount numeric(36,18), at timestamptz, n integer, flag boolean, data jsonb)`)
  })
  afterAll(() => database.close())

  it('should store every value exactly, with nulls and characters array literals escape', async () => {
    const tricky = ['a,b', 'q"uote', 'back\\slash', '{brace}', 'NULL', '', ' spaced ', 'ünï']
    const rows = tricky.map((noteText, i) => ({
      id: id(i),
      noteText,
      amount: i % 2 ? '123456789012345678.123456789012345678' : null,
      at: i % 3 ? new Date(Date.UTC(2026, 0, 1, 0, 0, i)) : null,
      n: i,
      flag: i % 2 === 0,
      data: { i, s: noteText },
    }))
    await database.db.execute(bulkInsertSql(probe, rows))
    const back = await rowsOf<Record<string, unknown>>(
      database.db,
      sql`select id, note_text, amount::text as amount, (extract(epoch from at) * 1000)::float8 as at_ms,
                 n, flag, data from bulk_probe order by n`
    )
    expect(back.map((r) => r.note_text)).toEqual(tricky)
    expect(back.map((r) => r.amount)).toEqual(rows.map((r) => r.amount))
    expect(back.map((r) => (r.at_ms === null ? null : Number(r.at_ms)))).toEqual(
      rows.map((r) => r.at?.getTime() ?? null)
    )
    expect(back.map((r) => r.flag)).toEqual(rows.map((r) => r.flag))
    expect(back.map((r) => (typeof r.data === 'string' ? JSON.parse(r.data) : r.data))).toEqual(
      rows.map((r) => r.data)
    )
  })

  it('should take a tail: on conflict do nothing, returning only the rows stored', async () => {
    const rows = [id(100), id(0), id(101)].map((x, n) => ({ id: x, n: 1000 + n }))
    const stored = await rowsOf<{ id: string }>(
      database.db,
      bulkInsertSql(probe, rows, sql`on conflict (id) do nothing returning id`)
    )
    expect(stored.map((r) => r.id).sort()).toEqual([id(100), id(101)])
  })

  it('should refuse a value the column type rejects, storing none of the rows', async () => {
    const rows = [
      { id: id(200), amount: '1' },
      { id: id(201), amount: 'not a number' },
    ]
    await expect(database.db.execute(bulkInsertSql(probe, rows))).rejects.toThrow()
    const left = await rowsOf<{ c: number }>(
      database.db,
      sql`select count(*)::int as c from bulk_probe where id in (${id(200)}, ${id(201)})`
    )
    expect(left[0]!.c).toBe(0)
  })
})
