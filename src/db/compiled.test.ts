import { eq, sql } from 'drizzle-orm'
import { jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DRIVERS, type TestDatabase } from '../../test/support/db.ts'
import { compile } from './compiled.ts'
import { rowsOf } from './execute.ts'

const probe = pgTable('compiled_probe', {
  id: uuid().primaryKey(),
  noteText: text(),
  amount: numeric({ precision: 36, scale: 18 }),
  at: timestamp({ withTimezone: true, mode: 'date' }),
  data: jsonb(),
})

const id = (i: number) => `018f0000-0000-7000-8000-${String(i).padStart(12, '0')}`

const insert = compile(['id', 'noteText', 'amount', 'at', 'data'], (db, p) =>
  db.insert(probe).values(p).onConflictDoUpdate({ target: probe.id, set: { amount: p.amount as never, at: p.at as never } })
)
const amountOf = compile(['id'], (_db, p) => sql`select amount::text as amount from compiled_probe where id = ${p.id}`)

describe.each(DRIVERS)('compiled statements on %s', (_driver, open) => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await open()
    await database.db.execute(sql`create table compiled_probe (id uuid primary key, note_text text,
      amount numeric(36,18), at timestamptz, data jsonb)`)
  })
  afterAll(() => database.close())

  it('should build the text once with numbered parameters and bind each execution through the column encoders', async () => {
    expect(insert.text).toMatch(/^insert into "compiled_probe" \("id", "note_text", "amount", "at", "data"\) values \(\$1, \$2, \$3, \$4, \$5\)/)
    const at = new Date(Date.UTC(2026, 10, 25, 12, 0, 0, 123))
    await insert.run(database.db, { id: id(1), noteText: 'a "quoted" note', amount: '0.000000000000000001', at, data: { k: [1, 'x'] } })
    await insert.run(database.db, { id: id(2), noteText: null, amount: null, at: null, data: null })
    // The same placeholder in VALUES and in the update: both take the new value.
    await insert.run(database.db, { id: id(1), noteText: 'ignored', amount: '2.5', at, data: null })
    const [row] = await database.db.select().from(probe).where(eq(probe.id, id(1)))
    expect(row).toEqual({ id: id(1), noteText: 'a "quoted" note', amount: '2.500000000000000000', at, data: { k: [1, 'x'] } })
    expect(await amountOf.rows(database.db, { id: id(2) })).toEqual([{ amount: null }])
  })

  it('should run inside the transaction it is given, and roll back with it', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await insert.run(tx, { id: id(3), noteText: 'x', amount: '1', at: null, data: null })
        expect(await amountOf.rows(tx, { id: id(3) })).toEqual([{ amount: '1.000000000000000000' }])
        throw new Error('roll back')
      })
    ).rejects.toThrow('roll back')
    expect(await rowsOf(database.db, sql`select 1 from compiled_probe where id = ${id(3)}`)).toEqual([])
  })

  it('should refuse an execution that leaves a placeholder without a value', async () => {
    await expect(amountOf.run(database.db, {} as { id: string })).rejects.toThrow('no value for placeholder "id"')
  })
})
