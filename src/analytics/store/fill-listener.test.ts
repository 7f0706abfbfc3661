import { and, asc, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresTestDatabase, type TestDatabase } from '../../../test/support/db.ts'
import { newUser, tradingApp } from '../../../test/support/trading.ts'
import { uuidv7 } from '../../lib/ids.ts'
import { lockUser } from '../../trading/fill-recorder.ts'
import { fills } from '../../trading/trading.schema.ts'
import { D } from '../../lib/money.ts'
import { analyticsBooks, analyticsDaily, analyticsLots, analyticsTrades } from '../analytics.schema.ts'
import { replayFills } from '../fifo.ts'
import { createAnalyticsStore, fifoInput, type AnalyticsFill } from './fill-listener.ts'
import { rebuildAnalytics } from './rebuild.ts'

type Row = [ts: string, side: 'buy' | 'sell', amount: string, price: string, fee: string]

describe('analytics store (PostgreSQL)', () => {
  let database: TestDatabase
  const store = createAnalyticsStore()
  beforeAll(async () => {
    database = await createPostgresTestDatabase()
  })
  afterAll(() => database.close())

  /** Stores imported fills (order_id null is allowed there) and applies them, as the import does. */
  async function importRows(userId: string, rows: Row[], symbol = 'BTC/USDT') {
    const batch: AnalyticsFill[] = rows.map(([ts, side, amount, price, fee]) => ({
      id: uuidv7(Date.parse(ts)),
      userId,
      botId: null,
      mode: 'live',
      venue: 'imported',
      symbol,
      side,
      amount,
      price,
      fee,
      feeCurrency: 'USDT',
      feeQuote: fee,
      ts: new Date(ts),
    }))
    await storeFills(userId, batch)
  }

  async function storeFills(userId: string, batch: AnalyticsFill[]) {
    await database.db.transaction(async (tx) => {
      await lockUser(tx, userId)
      await tx.insert(fills).values(
        batch.map((f) => ({
          ...f,
          orderId: null,
          tradeId: f.id,
          price: String(f.price),
          amount: String(f.amount),
          fee: String(f.fee),
          feeQuote: f.feeQuote === null ? null : String(f.feeQuote),
          cost: '0',
          realizedPnl: '0',
        }))
      )
      await store.applyFills(tx, batch)
    })
  }

  const lotsOf = (userId: string) =>
    database.db
      .select({
        fillId: analyticsLots.fillId,
        price: analyticsLots.price,
        remaining: analyticsLots.remaining,
        fee: analyticsLots.fee,
      })
      .from(analyticsLots)
      .innerJoin(analyticsBooks, eq(analyticsBooks.id, analyticsLots.bookId))
      .where(eq(analyticsBooks.userId, userId))
      .orderBy(asc(analyticsLots.id))
  const tradesOf = (userId: string) =>
    database.db
      .select({ pnl: analyticsTrades.pnl, fees: analyticsTrades.fees, ts: analyticsTrades.ts })
      .from(analyticsTrades)
      .where(eq(analyticsTrades.userId, userId))
      .orderBy(asc(analyticsTrades.ts))
  const dailyOf = (userId: string) =>
    database.db
      .select()
      .from(analyticsDaily)
      .where(eq(analyticsDaily.userId, userId))
      .orderBy(asc(analyticsDaily.day))
  const n = (s: string | null) => (s === null ? null : Number(s))

  it('should turn each closing sell into a trade row with FIFO PnL and roll days up', async () => {
    const user = await newUser(database)
    await importRows(user, [
      ['2026-03-01T10:00:00Z', 'buy', '1', '100', '1'],
      ['2026-03-01T11:00:00Z', 'buy', '1', '200', '2'],
    ])
    // Second batch: closes the first lot and half of the second.
    await importRows(user, [['2026-03-02T09:00:00Z', 'sell', '1.5', '300', '3']])
    // (300-100)·1 + (300-200)·0.5 − 3 − 1 − 2·0.5/1 = 250 − 5 = 245
    const trades = await tradesOf(user)
    expect(trades.map((t) => [n(t.pnl), n(t.fees)])).toEqual([[245, 5]])
    const days = await dailyOf(user)
    expect(days.map((d) => [d.day, d.fillCount, n(d.volume), d.tradeCount, d.wins, n(d.sumPnl)])).toEqual([
      ['2026-03-01', 2, 300, 0, 0, 0],
      ['2026-03-02', 1, 450, 1, 1, 245],
    ])
    expect((await lotsOf(user)).map((l) => [l.price, l.remaining])).toEqual([['200', '0.5']])
  })

  // Balanced trading keeps few lots open; mostly buying with rare large sells builds long heads
  // (a sell then walks many lots, across pages).
  it.each([
    ['balanced', 0.55, 1],
    ['accumulating', 0.85, 12],
  ] as const)('should store the lots and trades the engine computes, however the fills are batched (%s)', async (_name, buyShare, sellScale) => {
    const user = await newUser(database)
    // A seeded walk of buys and sells (sells sometimes beyond the open lots, some fees in base),
    // stored in batches of 1 to 5: the stored lots and trades must equal one replay of all fills.
    let seed = 7
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const all: AnalyticsFill[] = []
    for (let i = 0; i < 240; i++) {
      const side = rand() < buyShare ? 'buy' : 'sell'
      const inBase = rand() < 0.2
      const amount = ((0.1 + Math.floor(rand() * 30) / 10) * (side === 'sell' ? sellScale : 1)).toFixed(1)
      const price = (90 + Math.floor(rand() * 200) / 10).toFixed(1)
      all.push({
        id: uuidv7(Date.parse('2026-06-01T00:00:00Z') + i * 60_000),
        userId: user,
        botId: null,
        mode: 'live',
        venue: 'imported',
        symbol: 'SOL/USDT',
        side,
        amount,
        price,
        fee: inBase ? '0.001' : '0.05',
        feeCurrency: inBase ? 'SOL' : 'USDT',
        feeQuote: inBase ? null : '0.05',
        ts: new Date(Date.parse('2026-06-01T00:00:00Z') + i * 60_000),
      })
    }
    for (let i = 0; i < all.length; ) {
      const batch = all.slice(i, (i += 1 + Math.floor(rand() * 5)))
      await storeFills(user, batch)
    }
    const expected = replayFills(all.map(fifoInput))
    const lots = await lotsOf(user)
    expect(lots.map((l) => [l.fillId, n(l.remaining), n(l.price), n(l.fee)])).toEqual(
      expected.states['SOL/USDT']!.lots.map((l) => [l.fillId, l.remaining.toNumber(), l.price.toNumber(), l.fee.toNumber()])
    )
    expect(lots.length).toBeGreaterThan(0)
    const trades = await tradesOf(user)
    expect(trades.map((t) => new D(t.pnl).toFixed(18))).toEqual(expected.trades.map((t) => t.pnl.toFixed(18)))
    expect(trades.length).toBeGreaterThan(10)
  })

  it('should add to an existing day row and keep best/worst across batches', async () => {
    const user = await newUser(database)
    await importRows(user, [
      ['2026-03-05T01:00:00Z', 'buy', '2', '100', '0'],
      ['2026-03-05T02:00:00Z', 'sell', '1', '110', '0'],
    ])
    await importRows(user, [['2026-03-05T03:00:00Z', 'sell', '1', '90', '0']])
    const [day] = await dailyOf(user)
    expect([day!.fillCount, day!.tradeCount, day!.wins, day!.losses]).toEqual([3, 2, 1, 1])
    expect([n(day!.sumPnl), n(day!.sumPnlSq), n(day!.best), n(day!.worst)]).toEqual([0, 200, 10, -10])
    expect([day!.firstTs?.toISOString(), day!.lastTs?.toISOString()]).toEqual([
      '2026-03-05T01:00:00.000Z',
      '2026-03-05T03:00:00.000Z',
    ])
  })

  it('should rebuild the book when an older fill arrives, as if it had come in time order', async () => {
    const user = await newUser(database)
    await importRows(user, [
      ['2026-04-01T00:00:00Z', 'buy', '1', '100', '0'],
      ['2026-04-03T00:00:00Z', 'sell', '1', '150', '0'],
    ])
    expect((await tradesOf(user)).map((t) => n(t.pnl))).toEqual([50])
    // A cheaper buy dated before everything: FIFO now closes it first.
    await importRows(user, [['2026-03-31T00:00:00Z', 'buy', '1', '50', '0']])
    expect((await tradesOf(user)).map((t) => n(t.pnl))).toEqual([100])
    const days = await dailyOf(user)
    expect(days.map((d) => [d.day, d.fillCount, d.tradeCount])).toEqual([
      ['2026-03-31', 1, 0],
      ['2026-04-01', 1, 0],
      ['2026-04-03', 1, 1],
    ])
  })

  it('should walk a long head of lots page by page when one sell closes most of a big book', async () => {
    const user = await newUser(database)
    const at = (i: number) => new Date(Date.parse('2026-07-01T00:00:00Z') + i * 60_000).toISOString()
    // 150 one-unit lots at rising prices, then one sell of 140.5 and one of 5.
    await importRows(user, Array.from({ length: 150 }, (_, i): Row => [at(i), 'buy', '1', String(100 + i), '0']))
    await importRows(user, [[at(200), 'sell', '140.5', '400', '0']])
    await importRows(user, [[at(201), 'sell', '5', '400', '0']])
    // FIFO: 140.5 closes lots 100..239 and half of 240: cost 140·(100+239)/2 + 0.5·240 = 23,850.
    expect((await tradesOf(user)).map((t) => n(t.pnl))).toEqual([140.5 * 400 - 23_850, 5 * 400 - (0.5 * 240 + 241 + 242 + 243 + 244 + 0.5 * 245)])
    const lots = await lotsOf(user)
    expect(lots.map((l) => [n(l.price), n(l.remaining)])).toEqual([
      [245, 0.5],
      ...Array.from({ length: 4 }, (_, i) => [246 + i, 1]),
    ])
  })

  it('should book same-millisecond fills stored in two transactions in id order, as a rebuild does', async () => {
    const user = await newUser(database)
    const ts = new Date('2026-04-10T00:00:00.000Z')
    // Two instances storing fills of the same millisecond: the later transaction holds the smaller id.
    const [small, large] = [uuidv7(ts.getTime()), uuidv7(ts.getTime())].sort()
    const fill = (id: string, side: 'buy' | 'sell', price: string, at = ts): AnalyticsFill => ({
      id,
      userId: user,
      botId: null,
      mode: 'live',
      venue: 'imported',
      symbol: 'BTC/USDT',
      side,
      amount: '1',
      price,
      fee: '0',
      feeCurrency: 'USDT',
      feeQuote: '0',
      ts: at,
    })
    await storeFills(user, [fill(large!, 'buy', '100')])
    await storeFills(user, [fill(small!, 'buy', '200')])
    // FIFO in (ts, id) order closes the 200 lot first: PnL 300 − 200 = 100 (arrival order: 200).
    await storeFills(user, [fill(uuidv7(ts.getTime() + 1000), 'sell', '300', new Date(ts.getTime() + 1000))])
    expect((await tradesOf(user)).map((t) => n(t.pnl))).toEqual([100])
    await rebuildAnalytics(database.db, store, { userId: user })
    expect((await tradesOf(user)).map((t) => n(t.pnl))).toEqual([100])
    expect((await lotsOf(user)).map((l) => [l.fillId, n(l.price)])).toEqual([[large, 100]])
  })

  it('should give the same rows from a full rebuild as from the incremental path', async () => {
    const user = await newUser(database)
    await importRows(user, [
      ['2026-05-01T00:00:00Z', 'buy', '3', '10', '0.1'],
      ['2026-05-02T00:00:00Z', 'sell', '1', '12', '0.1'],
    ])
    await importRows(user, [
      ['2026-05-02T05:00:00Z', 'buy', '1', '11', '0.05'],
      ['2026-05-04T00:00:00Z', 'sell', '2.5', '9', '0.2'],
    ])
    await importRows(user, [['2026-05-04T01:00:00Z', 'buy', '1', '1', '0']], 'ETH/USDT')
    const before = { trades: await tradesOf(user), days: await dailyOf(user) }
    const report = await rebuildAnalytics(database.db, store, { userId: user })
    expect(report).toEqual({ users: 1, books: 2, fills: 5, trades: 2 })
    const strip = (rows: Awaited<ReturnType<typeof dailyOf>>) =>
      rows.map(({ bookId: _b, ...r }) => ({ ...r, volume: n(r.volume), sumPnlSq: n(r.sumPnlSq) }))
    expect(await tradesOf(user)).toEqual(before.trades)
    expect(strip(await dailyOf(user))).toEqual(strip(before.days))
  })

  it('should roll the fills back with the transaction when the analytics write fails', async () => {
    const user = await newUser(database)
    const bad = createAnalyticsStore()
    const attempt = database.db.transaction(async (tx) => {
      const f: AnalyticsFill = {
        id: uuidv7(),
        userId: user,
        botId: null,
        mode: 'live',
        venue: 'imported',
        symbol: 'NOSLASH',
        side: 'buy',
        amount: '1',
        price: '1',
        fee: '0',
        feeCurrency: null,
        feeQuote: null,
        ts: new Date(),
      }
      await tx.insert(fills).values({
        ...f,
        amount: '1',
        price: '1',
        fee: '0',
        feeQuote: null,
        orderId: null,
        tradeId: 'x',
        cost: '1',
        realizedPnl: '0',
      })
      await bad.applyFills(tx, [f])
    })
    await expect(attempt).rejects.toThrow()
    const [{ count }] = (await database.db.execute(
      sql`select count(*)::int as count from fills where user_id = ${user}`
    )) as unknown as [{ count: number }]
    expect(count).toBe(0)
  })

  it('should record trades from real paper orders through the order path, per bot-less book', async () => {
    const t = tradingApp({ database })
    const user = await newUser(database)
    const order = (key: string, side: 'buy' | 'sell', amount: string) =>
      t.order(user, key, { exchange: 'sim', symbol: 'BTC/USDT', side, type: 'market', amount })
    expect((await order('b1', 'buy', '0.02')).status).toBe(201)
    expect((await order('s1', 'sell', '0.01')).status).toBe(201)
    const stored = await database.db
      .select()
      .from(fills)
      .where(eq(fills.userId, user))
      .orderBy(asc(fills.ts), asc(fills.id))
    const buys = stored.filter((f) => f.side === 'buy')
    const sells = stored.filter((f) => f.side === 'sell')
    const trades = await database.db
      .select()
      .from(analyticsTrades)
      .where(and(eq(analyticsTrades.userId, user), eq(analyticsTrades.venue, 'sim')))
    expect(trades).toHaveLength(sells.length)
    // Small market orders fill at the top of the sim book: one buy fill, one sell fill from it.
    expect([buys.length, sells.length]).toEqual([1, 1])
    const [b, s] = [buys[0]!, sells[0]!]
    expect(trades[0]!.id).toBe(s.id)
    const expected =
      (Number(s.price) - Number(b.price)) * 0.01 -
      Number(s.feeQuote) -
      (Number(b.feeQuote) * 0.01) / Number(b.amount)
    expect(Number(trades[0]!.pnl)).toBeCloseTo(expected, 8)
    expect(Number(s.feeQuote)).toBeGreaterThan(0)
    const [day] = await dailyOf(user)
    expect(day!.fillCount).toBe(stored.length)
    expect(day!.mode).toBe('paper')
  })
})
