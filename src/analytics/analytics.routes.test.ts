import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFills, type SeedFill } from '../../test/support/analytics.ts'
import { DRIVERS, type TestDatabase } from '../../test/support/db.ts'
import { newUser, tradingApp } from '../../test/support/trading.ts'
import { replayFills, type FillInput } from './fifo.ts'
import { computePerformance } from './performance.ts'
import { pnlByDay, pnlBySymbol, rollingWinRate } from './series.ts'

const f = (
  ts: string,
  side: 'buy' | 'sell',
  amount: string,
  price: string,
  symbol = 'BTC/USDT',
  fee = '0'
): SeedFill => ({ ts, side, amount, price, symbol, fee, feeCurrency: 'USDT' })

/** Trades over three days, several per day, so edge days have something on both sides of a bound. */
const INTRADAY: SeedFill[] = [
  f('2024-03-01T08:00:00Z', 'buy', '1', '100', 'BTC/USDT', '0.1'),
  f('2024-03-01T10:00:00Z', 'sell', '0.5', '110', 'BTC/USDT', '0.05'),
  f('2024-03-01T14:00:00Z', 'sell', '0.5', '90', 'BTC/USDT', '0.05'),
  f('2024-03-01T15:00:00Z', 'buy', '2', '10', 'ETH/USDT'),
  f('2024-03-02T09:00:00Z', 'buy', '1', '100'),
  f('2024-03-02T12:00:00Z', 'sell', '0.25', '120'),
  f('2024-03-02T13:00:00Z', 'sell', '0.25', '100'), // break-even
  f('2024-03-02T18:00:00Z', 'sell', '0.25', '80'),
  f('2024-03-02T20:00:00Z', 'sell', '1', '12', 'ETH/USDT'),
  f('2024-03-03T06:00:00Z', 'sell', '0.5', '105'),
  f('2024-03-03T07:00:00Z', 'buy', '1', '100'),
  f('2024-03-03T23:00:00Z', 'sell', '1', '99'),
]

describe.each(DRIVERS)('analytics routes (%s)', (_driver, open) => {
  let database: TestDatabase
  let t: ReturnType<typeof tradingApp>
  beforeAll(async () => {
    database = await open()
    t = tradingApp({ database })
  })
  afterAll(() => database.close())

  const get = async (user: string, path: string, status = 200) => {
    const res = await t.call(user, 'GET', path)
    const body = await res.json()
    expect(res.status, `${path}: ${JSON.stringify(body)}`).toBe(status)
    return body
  }

  it('should answer zeros and nulls, never invented numbers, for a user without fills', async () => {
    const user = await newUser(database)
    const perf = await get(user, '/v1/analytics/performance')
    expect(perf).toEqual(computePerformance({ trades: [], fills: [] }))
    expect(perf).toMatchObject({
      realizedPnl: '0',
      tradeCount: 0,
      fillCount: 0,
      volume: '0',
      winRate: null,
      profitFactor: null,
      expectancy: null,
      bestTrade: null,
      endingEquity: null,
      maxDrawdownAbs: null,
      sharpe: null,
      sortino: null,
      cagr: null,
      calmar: null,
      sqn: null,
      days: 0,
    })
    expect(await get(user, '/v1/analytics/summary')).toEqual({
      realizedPnl: '0',
      unrealizedPnl: '0',
      tradeCount: 0,
      wins: 0,
      losses: 0,
      winRate: null,
      fillCount: 0,
      volume: '0',
      firstFillAt: null,
      lastFillAt: null,
      openBooks: 0,
      bestPair: null,
      worstPair: null,
      unrealized: [],
    })
    expect(await get(user, '/v1/analytics/equity-curve')).toEqual({
      startingCapital: '10000',
      points: [],
    })
    expect(await get(user, '/v1/analytics/drawdown')).toEqual({
      startingCapital: '10000',
      maxDrawdownAbs: null,
      maxDrawdownRel: null,
      drawdownStart: null,
      drawdownEnd: null,
      points: [],
    })
    expect(await get(user, '/v1/analytics/pnl')).toEqual({
      realizedPnl: '0',
      tradeCount: 0,
      byDay: [],
      bySymbol: [],
      bestPair: null,
      worstPair: null,
    })
    expect(await get(user, '/v1/analytics/win-rate?window=5')).toEqual({
      window: 5,
      tradeCount: 0,
      points: [],
      nextCursor: null,
    })
  })

  describe('time ranges', () => {
    let user: string
    let fifo: FillInput[]
    let all: ReturnType<typeof replayFills>['trades']
    beforeAll(async () => {
      user = await newUser(database)
      const ids = await seedFills(database, user, INTRADAY)
      fifo = INTRADAY.map((x, i) => ({ ...x, id: ids.get(String(i))!, ts: new Date(x.ts) }))
      all = replayFills(fifo).trades
    })

    /** The in-memory definition: trades whose sell is in [from, to), fills in [from, to). */
    const expectedIn = (from: number, to: number) => {
      const inside = (d: Date) => d.getTime() >= from && d.getTime() < to
      const trades = all.filter((x) => inside(x.ts))
      const fills = fifo.filter((x) => inside(x.ts))
      return { trades, fills, perf: computePerformance({ trades, fills }) }
    }
    const ms = (iso: string) => Date.parse(iso)

    const cases: Array<[string, string, number, number]> = [
      ['whole days', 'from=2024-03-02&to=2024-03-02', ms('2024-03-02T00:00:00Z'), ms('2024-03-03T00:00:00Z')],
      ['both bounds inside a day', 'from=2024-03-01T12:00:00Z&to=2024-03-03T06:00:00Z', ms('2024-03-01T12:00:00Z'), ms('2024-03-03T06:00:00.001Z')],
      ['both bounds inside the same day', 'from=2024-03-02T10:00:00Z&to=2024-03-02T19:00:00Z', ms('2024-03-02T10:00:00Z'), ms('2024-03-02T19:00:00.001Z')],
      ['adjacent edge days', 'from=2024-03-01T12:00:00Z&to=2024-03-02T12:00:00Z', ms('2024-03-01T12:00:00Z'), ms('2024-03-02T12:00:00.001Z')],
      ['only from, inside a day', 'from=2024-03-02T12:00:00.000Z', ms('2024-03-02T12:00:00Z'), Infinity],
      ['only to, inside a day', 'to=2024-03-02T11:59:59.999Z', -Infinity, ms('2024-03-02T12:00:00Z')],
      ['a day and a timestamp', 'from=2024-03-02&to=2024-03-03T06:30:00Z', ms('2024-03-02T00:00:00Z'), ms('2024-03-03T06:30:00.001Z')],
      ['an offset (+ unencoded, read as a space)', 'from=2024-03-01T16:00:00+02:00&to=2024-03-03T01:00:00%2B02:00', ms('2024-03-01T14:00:00Z'), ms('2024-03-02T23:00:00.001Z')],
      ['no offset means UTC', 'from=2024-03-01T14:00&to=2024-03-02T23:00', ms('2024-03-01T14:00:00Z'), ms('2024-03-02T23:00:00.001Z')],
      ['a range without fills', 'from=2025-01-01&to=2025-01-31', ms('2025-01-01T00:00:00Z'), ms('2025-02-01T00:00:00Z')],
    ]
    for (const [name, q, from, to] of cases) {
      it(`should match the definition for ${name}`, async () => {
        const { trades, fills, perf } = expectedIn(from, to)
        expect(await get(user, `/v1/analytics/performance?${q}`)).toEqual(perf)
        const pnl = await get(user, `/v1/analytics/pnl?${q}`)
        expect(pnl.byDay).toEqual(pnlByDay(trades))
        expect(pnl.bySymbol).toEqual(
          pnlBySymbol(trades, fills)
        )
        const wr = await get(user, `/v1/analytics/win-rate?${q}&window=2`)
        expect(wr.points).toEqual(rollingWinRate(trades, 2))
      })
    }

    it('should filter by symbol, mode and venue', async () => {
      const eth = await get(user, '/v1/analytics/performance?symbol=ETH/USDT')
      const ethTrades = all.filter((x) => x.symbol === 'ETH/USDT')
      const ethFills = fifo.filter((x) => x.symbol === 'ETH/USDT')
      expect(eth).toEqual(computePerformance({ trades: ethTrades, fills: ethFills }))
      expect((await get(user, '/v1/analytics/performance?mode=paper')).fillCount).toBe(0)
      expect((await get(user, '/v1/analytics/performance?venue=sim')).fillCount).toBe(0)
      expect((await get(user, '/v1/analytics/performance?mode=live&venue=imported')).fillCount).toBe(
        INTRADAY.length
      )
    })
  })

  it('should value open lots at the latest price recorded for the venue and symbol', async () => {
    const user = await newUser(database)
    await seedFills(database, user, [
      f('2024-05-01T10:00:00Z', 'buy', '2', '100', 'BTC/USDT', '1'),
      f('2024-05-02T10:00:00Z', 'sell', '1', '130', 'BTC/USDT'),
      f('2024-05-03T10:00:00Z', 'buy', '1', '10', 'ETH/USDT'),
      f('2024-05-04T10:00:00Z', 'sell', '1', '9', 'ETH/USDT'),
    ])
    // Another user's upload at a silly price is not a market price for `imported`.
    const other = await newUser(database)
    await seedFills(database, other, [f('2024-06-01T00:00:00Z', 'buy', '1', '1000000')])
    const s = await get(user, '/v1/analytics/summary')
    // BTC: 1 of 2 left @100, half the 1 USDT lot fee: (130 − 100)·1 − 0.5 at the last own price 130.
    expect(s).toMatchObject({
      realizedPnl: '28.5', // (130 − 100) − 0.5, and ETH −1
      tradeCount: 2,
      wins: 1,
      losses: 1,
      winRate: 0.5,
      fillCount: 4,
      volume: '349',
      unrealizedPnl: '29.5',
      openBooks: 1,
      firstFillAt: '2024-05-01T10:00:00.000Z',
      lastFillAt: '2024-05-04T10:00:00.000Z',
      bestPair: { symbol: 'BTC/USDT', realizedPnl: '29.5' },
      worstPair: { symbol: 'ETH/USDT', realizedPnl: '-1' },
    })
    expect(s.unrealized).toEqual([
      {
        mode: 'live',
        venue: 'imported',
        botId: null,
        symbol: 'BTC/USDT',
        openAmount: '1',
        costBasis: '100',
        openFees: '0.5',
        price: '130',
        priceAt: '2024-05-02T10:00:00.000Z',
        unrealizedPnl: '29.5',
      },
    ])
  })

  it('should filter by one of your bots and answer 404 for anyone else’s', async () => {
    const user = await newUser(database)
    const res = await t.call(user, 'POST', '/v1/bots', {
      name: 'b',
      strategy: 'dca',
      exchange: 'sim',
      symbol: 'BTC/USDT',
      config: { quoteAmount: '50' },
    })
    const bot = await res.json()
    await seedFills(database, user, [f('2024-05-01T10:00:00Z', 'buy', '1', '100')])
    await seedFills(
      database,
      user,
      [f('2024-05-01T11:00:00Z', 'buy', '1', '100'), f('2024-05-01T12:00:00Z', 'sell', '1', '110')],
      { botId: bot.id }
    )
    const perf = await get(user, `/v1/analytics/performance?botId=${bot.id}`)
    expect([perf.fillCount, perf.tradeCount, perf.realizedPnl]).toEqual([2, 1, '10'])
    expect((await get(user, '/v1/analytics/performance')).fillCount).toBe(3)
    // The bot's analysis reads its trades from analytics_trades, its fills and orders as before.
    const analysis = await get(user, `/v1/bots/${bot.id}/analysis`)
    expect(analysis.counts).toEqual({ trades: 1, fills: 2, orders: 0 })
    expect((await get(user, `/v1/bots/${bot.id}/performance`)).performance).toEqual(perf)
    const other = await newUser(database)
    for (const path of ['performance', 'summary', 'equity-curve', 'drawdown', 'pnl', 'win-rate']) {
      const body = await get(other, `/v1/analytics/${path}?botId=${bot.id}`, 404)
      expect(body.type).toBe('/problems/not-found')
    }
    await get(user, `/v1/analytics/performance?botId=${crypto.randomUUID()}`, 404)
    // A deleted bot's history stays yours to filter by; still nobody else's.
    expect((await t.call(user, 'DELETE', `/v1/bots/${bot.id}`)).status).toBeLessThan(300)
    expect(await get(user, `/v1/analytics/performance?botId=${bot.id}`)).toEqual(perf)
    await get(other, `/v1/analytics/performance?botId=${bot.id}`, 404)
  })

  it('should answer 422 naming each bad query field', async () => {
    const user = await newUser(database)
    const bad: Array<[string, string[]]> = [
      ['from=yesterday', ['from']],
      ['to=2024-02-30', ['to']],
      ['from=2024-13-01', ['from']],
      ['from=2024-01-01T25:00:00Z', ['from']],
      ['from=2024-03-02&to=2024-03-01', ['from', 'to']],
      ['from=2024-03-01T12:00:00Z&to=2024-03-01T11:59:59Z', ['from', 'to']],
      ['botId=123', ['botId']],
      ['startingCapital=0', ['startingCapital']],
      ['startingCapital=-5', ['startingCapital']],
      ['startingCapital=1e5', ['startingCapital']],
      ['startingCapital=abc', ['startingCapital']],
      ['mode=demo', ['mode']],
      ['venue=nasdaq', ['venue']],
      ['symbol=btcusdt', ['symbol']],
      ['from=x&startingCapital=0&botId=1', ['botId', 'from', 'startingCapital']],
    ]
    for (const [q, fields] of bad) {
      const res = await t.call(user, 'GET', `/v1/analytics/performance?${q}`)
      expect(res.status, q).toBe(422)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      const body = await res.json()
      expect(body.errors.map((e: { path: string }) => e.path).sort(), q).toEqual(fields)
    }
    for (const w of ['0', '1001', '1.5', 'ten', '-1']) {
      const res = await t.call(user, 'GET', `/v1/analytics/win-rate?window=${w}`)
      expect(res.status, w).toBe(422)
      expect((await res.json()).errors.map((e: { path: string }) => e.path)).toEqual(['window'])
    }
    expect((await get(user, '/v1/analytics/win-rate?window=1000')).window).toBe(1000)
    for (const [q, field] of [['limit=0', 'limit'], ['limit=1001', 'limit'], ['limit=x', 'limit'], ['cursor=not-a-cursor', 'cursor']]) {
      const res = await t.call(user, 'GET', `/v1/analytics/win-rate?${q}`)
      expect(res.status, q).toBe(422)
      expect((await res.json()).errors.map((e: { path: string }) => e.path), q).toEqual([field])
    }
    expect((await get(user, '/v1/analytics/summary?botId=nope', 422)).errors[0].path).toBe('botId')
  })

  it('should need the read scope and a signed-in user', async () => {
    const user = await newUser(database)
    const res = await t.call(user, 'GET', '/v1/analytics/performance?from=bad', undefined, {
      'x-test-scopes': 'trade',
    })
    expect(res.status).toBe(403)
    const anon = await t.app.request('/v1/analytics/summary')
    expect(anon.status).toBe(401)
  })
})
