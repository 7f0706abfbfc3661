/**
 * Migration 0008 moves each book's open lots from its JSON state to `analytics_lots` rows: a book
 * written before it must come out with the same lots, in the same FIFO order, and its last time.
 */
import { sql } from 'drizzle-orm'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { newUser } from '../../test/support/trading.ts'
import { rowsOf } from '../db/execute.ts'
import { applyMigrations, DEFAULT_MIGRATIONS_FOLDER } from '../db/migrate.ts'
import { openPglite } from '../db/pglite.ts'
import { uuidv7 } from '../lib/ids.ts'

/** The migrations folder as it was before `tag` (journal cut there). */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tw-migrations-'))
  cpSync(DEFAULT_MIGRATIONS_FOLDER, dir, { recursive: true })
  const journalFile = join(dir, 'meta/_journal.json')
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] }
  const at = journal.entries.findIndex((e) => e.tag === tag)
  if (at < 0) throw new Error(`no migration ${tag}`)
  journal.entries = journal.entries.slice(0, at)
  writeFileSync(journalFile, JSON.stringify(journal))
  return dir
}

describe('migration 0008_analytics_lots', () => {
  const dir = migrationsBefore('0008_analytics_lots')
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('should move the open lots of every book to rows in FIFO order and keep the last fill time', async () => {
    const database = await openPglite({ dataDir: 'memory://' })
    try {
      await applyMigrations({ database, migrationsFolder: dir })
      const user = await newUser(database)
      const [a, b, c] = [uuidv7(), uuidv7(), uuidv7()]
      const lot = (fillId: string, ts: string, remaining: string, unpriced: object | null = null) => ({
        fillId,
        ts,
        price: '61000.5',
        amount: '0.5',
        remaining,
        fee: '0.000000000000000000012345',
        unpricedFee: unpriced,
      })
      const state = {
        symbol: 'BTC/USDT',
        lastTs: '2026-03-02T10:00:00.123Z',
        // Deliberately not in id order: the array order is the FIFO order.
        lots: [
          lot(c, '2026-03-01T10:00:00.000Z', '0.25'),
          lot(a, '2026-03-01T11:00:00.000Z', '0.5', { currency: 'BNB', amount: '0.001' }),
          lot(b, '2026-03-02T10:00:00.123Z', '0.5'),
        ],
      }
      const empty = { symbol: 'ETH/USDT', lastTs: '2026-03-03T00:00:00.000Z', lots: [] }
      for (const [symbol, s] of [['BTC/USDT', state], ['ETH/USDT', empty]] as const) {
        await database.db.execute(
          sql`insert into analytics_books (id, user_id, mode, venue, bot_id, symbol, state)
              values (${uuidv7()}, ${user}, 'live', 'imported', null, ${symbol}, ${JSON.stringify(s)}::jsonb)`
        )
      }
      // The BTC book's fills: the last in (ts, id) order becomes the book's last fill.
      const fillAt = async (id: string, ts: string) =>
        database.db.execute(
          sql`insert into fills (id, user_id, order_id, mode, venue, symbol, side, trade_id, price, amount, cost, fee, realized_pnl, ts)
              values (${id}, ${user}, null, 'live', 'imported', 'BTC/USDT', 'buy', ${id}, 1, 1, 1, 0, 0, ${ts}::timestamptz)`
        )
      const sameMs = [uuidv7(Date.parse(state.lastTs)), uuidv7(Date.parse(state.lastTs))].sort()
      await fillAt(c, '2026-03-01T10:00:00.000Z')
      await fillAt(sameMs[1]!, state.lastTs)
      await fillAt(sameMs[0]!, state.lastTs)

      await applyMigrations({ database })

      const lots = await rowsOf<Record<string, string | null>>(
        database.db,
        sql`select l.fill_id::text, to_char(l.ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ts,
              l.price::text, l.amount::text, l.remaining::text, l.fee::text, l.unpriced_currency,
              l.unpriced_amount::text
            from analytics_lots l join analytics_books b on b.id = l.book_id order by l.id`
      )
      expect(lots).toEqual(
        state.lots.map((l) => ({
          fill_id: l.fillId,
          ts: l.ts,
          price: l.price,
          amount: l.amount,
          remaining: l.remaining,
          fee: l.fee,
          unpriced_currency: (l.unpricedFee as { currency?: string } | null)?.currency ?? null,
          unpriced_amount: (l.unpricedFee as { amount?: string } | null)?.amount ?? null,
        }))
      )
      const books = await rowsOf<{ symbol: string; last_ts: string; last_fill_id: string | null }>(
        database.db,
        sql`select symbol, to_char(last_ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last_ts,
              last_fill_id::text
            from analytics_books order by symbol`
      )
      expect(books).toEqual([
        { symbol: 'BTC/USDT', last_ts: state.lastTs, last_fill_id: sameMs[1] },
        { symbol: 'ETH/USDT', last_ts: empty.lastTs, last_fill_id: null },
      ])
      const columns = await rowsOf<{ column_name: string }>(
        database.db,
        sql`select column_name from information_schema.columns where table_name = 'analytics_books'`
      )
      expect(columns.map((r) => r.column_name)).not.toContain('state')
    } finally {
      await database.close()
    }
  })
})
