/**
 * End to end: POST /v1/fills/import → fills → the real analytics store (FIFO books, trade rows,
 * daily rollups) in the same transaction, on PostgreSQL and PGlite. Expected values by hand.
 */
import { asc, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createPostgresTestDatabase,
  DRIVERS,
  type TestDatabase,
} from '../../../test/support/db.ts'
import { newUser, tradingApp } from '../../../test/support/trading.ts'
import { fills } from '../../trading/trading.schema.ts'
import { analyticsBooks, analyticsDaily, analyticsTrades } from '../analytics.schema.ts'

// Two lots, then two sells that consume them FIFO (fees in USDT):
//   A: buy 1 @ 100, fee 1        B: buy 1 @ 120, fee 1
//   S1: sell 1.5 @ 130, fee 1.5 → A 1 + B 0.5: gross 30 + 5 = 35, fees 1.5 + 1 + 0.5 = 3, pnl 32
//   S2: sell 0.5 @ 90, fee 0.5  → B 0.5: gross −15, fees 0.5 + 0.5 = 1, pnl −16
const A = { ts: '2026-05-01T10:00:00Z', side: 'buy', amount: '1', price: '100', fee: '1' }
const B = { ts: '2026-05-01T11:00:00Z', side: 'buy', amount: '1', price: '120', fee: '1' }
const S1 = { ts: '2026-05-02T09:00:00Z', side: 'sell', amount: '1.5', price: '130', fee: '1.5' }
const S2 = { ts: '2026-05-03T09:00:00Z', side: 'sell', amount: '0.5', price: '90', fee: '0.5' }
const row = (f: Record<string, string>) => ({ ...f, symbol: 'BTC/USDT', feeCurrency: 'USDT' })

describe.each(DRIVERS)('fills import feeds analytics (%s)', (_name, open) => {
  let database: TestDatabase
  let t: ReturnType<typeof tradingApp>
  beforeAll(async () => {
    database = await open()
    t = tradingApp({ database })
  })
  afterAll(async () => {
    await database?.close()
  })

  const importJson = async (user: string, body: unknown) => {
    const res = await t.call(user, 'POST', '/v1/fills/import', body)
    return { status: res.status, body: await res.json() }
  }
  const tradesOf = async (user: string) =>
    (
      await database.db
        .select()
        .from(analyticsTrades)
        .where(eq(analyticsTrades.userId, user))
        .orderBy(asc(analyticsTrades.ts))
    ).map((r) => ({
      venue: r.venue,
      mode: r.mode,
      botId: r.botId,
      ts: r.ts.toISOString(),
      matched: Number(r.matchedAmount),
      grossPnl: Number(r.grossPnl),
      fees: Number(r.fees),
      pnl: Number(r.pnl),
    }))
  const dailyOf = async (user: string) =>
    (
      await database.db
        .select()
        .from(analyticsDaily)
        .where(eq(analyticsDaily.userId, user))
        .orderBy(asc(analyticsDaily.day))
    ).map((r) => ({
      day: r.day,
      fillCount: r.fillCount,
      volume: Number(r.volume),
      tradeCount: r.tradeCount,
      wins: r.wins,
      losses: r.losses,
      sumPnl: Number(r.sumPnl),
    }))

  const EXPECTED_TRADES = [
    { ts: '2026-05-02T09:00:00.000Z', matched: 1.5, grossPnl: 35, fees: 3, pnl: 32 },
    { ts: '2026-05-03T09:00:00.000Z', matched: 0.5, grossPnl: -15, fees: 1, pnl: -16 },
  ].map((x) => ({ venue: 'imported', mode: 'live', botId: null, ...x }))
  const EXPECTED_DAILY = [
    { day: '2026-05-01', fillCount: 2, volume: 220, tradeCount: 0, wins: 0, losses: 0, sumPnl: 0 },
    { day: '2026-05-02', fillCount: 1, volume: 195, tradeCount: 1, wins: 1, losses: 0, sumPnl: 32 },
    { day: '2026-05-03', fillCount: 1, volume: 45, tradeCount: 1, wins: 0, losses: 1, sumPnl: -16 },
  ]

  it('should write FIFO trade rows and daily rollups for the imported fills', async () => {
    const user = await newUser(database)
    const res = await importJson(user, [A, B, S1, S2].map(row))
    expect(res).toMatchObject({ status: 201, body: { imported: 4 } })
    expect(await tradesOf(user)).toEqual(EXPECTED_TRADES)
    expect(await dailyOf(user)).toEqual(EXPECTED_DAILY)
    // exact decimals, not just close: the trade rows are the sell fills' ids
    const stored = await database.db.select().from(analyticsTrades).where(eq(analyticsTrades.userId, user))
    expect(stored.map((r) => r.pnl).sort()).toEqual(['-16.000000000000000000', '32.000000000000000000'])
    const sells = await database.db.select({ id: fills.id }).from(fills).where(eq(fills.side, 'sell'))
    expect(sells.map((s) => s.id)).toEqual(expect.arrayContaining(stored.map((r) => r.id)))
    const books = await database.db.select().from(analyticsBooks).where(eq(analyticsBooks.userId, user))
    expect(books).toEqual([expect.objectContaining({ venue: 'imported', mode: 'live', symbol: 'BTC/USDT' })])

    // a repeat adds nothing: no trade or rollup counted twice
    expect(await importJson(user, [A, B, S1, S2].map(row))).toMatchObject({
      status: 200,
      body: { imported: 0, duplicates: 4 },
    })
    expect(await tradesOf(user)).toEqual(EXPECTED_TRADES)
    expect(await dailyOf(user)).toEqual(EXPECTED_DAILY)
  })

  it('should count each fill once when the same file is imported twice at the same time', async () => {
    const user = await newUser(database)
    const body = [A, B, S1, S2].map(row)
    const results = await Promise.all([importJson(user, body), importJson(user, body)])
    expect(results.map((r) => r.body.imported).sort()).toEqual([0, 4])
    expect(await tradesOf(user)).toEqual(EXPECTED_TRADES)
    expect(await dailyOf(user)).toEqual(EXPECTED_DAILY)
  })

  it('should give the same books when older history arrives in a later import', async () => {
    const user = await newUser(database)
    // without S1, S2 closes half of A: gross (90 − 100) · 0.5 = −5, fees 0.5 + 0.5 = 1, pnl −6
    await importJson(user, [A, B, S2].map(row))
    expect((await tradesOf(user)).map((x) => x.pnl)).toEqual([-6])
    // the full export overlaps: only S1 is new, and it is older than the book's last fill
    const res = await importJson(user, [A, B, S1, S2].map(row))
    expect(res.body).toMatchObject({ imported: 1, duplicates: 3 })
    expect(await tradesOf(user)).toEqual(EXPECTED_TRADES)
    expect(await dailyOf(user)).toEqual(EXPECTED_DAILY)
  })
})

describe('a 50,000-row Binance export (PostgreSQL)', () => {
  let database: TestDatabase
  let t: ReturnType<typeof tradingApp>
  beforeAll(async () => {
    database = await createPostgresTestDatabase()
    t = tradingApp({ database })
  })
  afterAll(async () => {
    await database?.close()
  })

  it('should fit the body limit and go through fills and analytics in one request', async () => {
    const user = await newUser(database)
    // one fill a minute, buy/sell alternating; each sell is 1 USDT above its buy and closes it:
    // pnl 0.00123 per trade (the BNB fee has no quote value and is left out), 25,000 trades
    const start = Date.UTC(2025, 0, 1)
    const lines = ['Date(UTC),Pair,Side,Price,Executed,Amount,Fee']
    for (let i = 0; i < 50_000; i++) {
      const d = new Date(start + i * 60_000).toISOString().replace('T', ' ').slice(0, 19)
      const price = `"61,${String(i % 1000).padStart(3, '0')}.12"`
      const side = i % 2 === 0 ? 'BUY' : 'SELL'
      lines.push(`${d},BTCUSDT,${side},${price},0.00123000BTC,75.03000000USDT,0.00000123BNB`)
    }
    const text = lines.join('\n')
    expect(text.length).toBeGreaterThan(4_000_000)
    const res = await t.app.request('/v1/fills/import', {
      method: 'POST',
      headers: { 'x-test-user': user, 'content-type': 'text/csv' },
      body: text,
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({
      imported: 50_000,
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-02-04T17:19:00.000Z',
    })
    const [totals] = (await database.db.execute(sql`
      select (select count(*)::int from fills where user_id = ${user}) as fills,
             (select count(*)::int from analytics_trades where user_id = ${user}) as trades,
             (select sum(pnl)::text from analytics_trades where user_id = ${user}) as pnl,
             (select count(*)::int from analytics_daily where user_id = ${user}) as days,
             (select sum(fill_count)::int from analytics_daily where user_id = ${user}) as counted
    `)) as unknown as Record<string, unknown>[]
    expect(totals).toEqual({
      fills: 50_000,
      trades: 25_000,
      pnl: '30.750000000000000000',
      days: 35,
      counted: 50_000,
    })
  }, 180_000)
})
