/**
 * The analytics routes end to end: fills come from paper orders on the `sim` venue through the real
 * order path (fill recorder → analytics fill listener, one transaction), and every number the routes
 * serve is checked against the core run in memory over the same stored fills.
 */
import { and, asc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { analyticsHarness } from '../../test/support/analytics.ts'
import { newUser } from '../../test/support/trading.ts'
import { fifoInput } from './store/fill-listener.ts'
import { fills } from '../trading/trading.schema.ts'
import { replayFills, type FillInput } from './fifo.ts'
import { computePerformance } from './performance.ts'
import { bestWorstPair, drawdownPoints, equityCurveSeries, pnlByDay, pnlBySymbol, rollingWinRate } from './series.ts'
import { unrealizedPnl } from './unrealized.ts'

type FillRow = typeof fills.$inferSelect

const fifo = (rows: readonly FillRow[]): FillInput[] => rows.map(fifoInput)

describe('analytics routes over paper orders (PostgreSQL, sim venue)', () => {
  const h = analyticsHarness()
  const { get } = h
  const market = async (user: string, key: string, side: 'buy' | 'sell', amount: string, symbol = 'BTC/USDT') => {
    const res = await h.t.order(user, key, { exchange: 'sim', symbol, side, type: 'market', amount })
    expect(res.status, await res.clone().text()).toBe(201)
  }
  const storedFills = (user: string) =>
    h.database.db.select().from(fills).where(eq(fills.userId, user)).orderBy(asc(fills.ts), asc(fills.id))

  it('should serve performance, series, PnL and summary that match the core over the stored fills', async () => {
    const user = await newUser(h.database)
    // Five days of trading: buys, sells that close lots at other prices, two symbols.
    await market(user, 'd1-b', 'buy', '0.05')
    await market(user, 'd1-e', 'buy', '0.5', 'ETH/USDT')
    for (let day = 2; day <= 5; day++) {
      h.t.clock.advance(86_400_000 + 3_600_000)
      await market(user, `d${day}-s`, 'sell', '0.01')
      if (day % 2 === 0) await market(user, `d${day}-e`, 'sell', '0.1', 'ETH/USDT')
      if (day === 3) await market(user, `d${day}-b`, 'buy', '0.02')
    }
    const rows = await storedFills(user)
    expect(rows.length).toBeGreaterThanOrEqual(9)
    const inputs = fifo(rows)
    // One book per symbol here (same mode, venue, no bot).
    const { trades, states } = replayFills(inputs)
    expect(trades.length).toBe(rows.filter((r) => r.side === 'sell').length)

    const perf = await get(user, '/v1/analytics/performance?startingCapital=2500')
    expect(perf).toEqual(computePerformance({ trades, fills: inputs, startingCapital: '2500' }))
    expect(perf.tradeCount).toBe(6)
    expect(perf.days).toBe(5)
    expect(
      (await get(user, '/v1/analytics/equity-curve?startingCapital=2500')).points
    ).toEqual(equityCurveSeries({ trades, fills: inputs, startingCapital: '2500' }))
    expect((await get(user, '/v1/analytics/drawdown')).points).toEqual(
      drawdownPoints({ trades, fills: inputs })
    )
    const pnl = await get(user, '/v1/analytics/pnl')
    const bySymbol = pnlBySymbol(trades, inputs)
    expect(pnl).toMatchObject({
      byDay: pnlByDay(trades),
      bySymbol,
      ...bestWorstPair(bySymbol),
    })
    const winRate = await get(user, '/v1/analytics/win-rate?window=3')
    expect(winRate.points).toEqual(rollingWinRate(trades, 3))
    expect([winRate.tradeCount, winRate.nextCursor]).toEqual([trades.length, null])
    // The same series in pages of two, following nextCursor.
    const paged: unknown[] = []
    let cursor: string | null = ''
    for (let pages = 0; cursor !== null; pages++) {
      expect(pages).toBeLessThan(5)
      const page = await get(user, `/v1/analytics/win-rate?window=3&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(page.points.length).toBeLessThanOrEqual(2)
      paged.push(...page.points)
      cursor = page.nextCursor
    }
    expect(paged).toEqual(rollingWinRate(trades, 3))

    // A bound inside a day: the edge days come from the raw rows.
    const mid = new Date(rows[Math.floor(rows.length / 2)]!.ts.getTime() - 1).toISOString()
    const inRange = (d: Date) => d.toISOString() >= mid
    expect(await get(user, `/v1/analytics/performance?from=${mid}`)).toEqual(
      computePerformance({ trades: trades.filter((x) => inRange(x.ts)), fills: inputs.filter((x) => inRange(x.ts)) })
    )

    // Summary: open lots valued at the latest fill recorded on sim for the symbol — any user's.
    const other = await newUser(h.database)
    h.t.clock.advance(3_600_000)
    await market(other, 'o-b', 'buy', '0.001')
    const [latest] = await h.database.db
      .select()
      .from(fills)
      .where(and(eq(fills.venue, 'sim'), eq(fills.symbol, 'BTC/USDT')))
      .orderBy(asc(fills.ts), asc(fills.id))
      .then((r) => r.slice(-1))
    expect(latest!.userId).toBe(other)
    const [eth] = await h.database.db
      .select()
      .from(fills)
      .where(and(eq(fills.venue, 'sim'), eq(fills.symbol, 'ETH/USDT')))
      .orderBy(asc(fills.ts), asc(fills.id))
      .then((r) => r.slice(-1))
    const summary = await get(user, '/v1/analytics/summary')
    const expectedOpen = unrealizedPnl(states, {
      'BTC/USDT': latest!.price,
      'ETH/USDT': eth!.price,
    })
    expect(summary).toMatchObject({
      realizedPnl: perf.realizedPnl,
      tradeCount: perf.tradeCount,
      fillCount: perf.fillCount,
      volume: perf.volume,
      winRate: perf.winRate,
      unrealizedPnl: expectedOpen.total,
      openBooks: expectedOpen.bySymbol.length,
      firstFillAt: rows[0]!.ts.toISOString(),
      lastFillAt: rows.at(-1)!.ts.toISOString(),
      ...bestWorstPair(bySymbol),
    })
    expect(summary.unrealized).toEqual(
      expectedOpen.bySymbol.map((r) => ({
        mode: 'paper',
        venue: 'sim',
        botId: null,
        ...r,
        priceAt: (r.symbol === 'BTC/USDT' ? latest! : eth!).ts.toISOString(),
      }))
    )
  })

  it('should give a bot the same performance as /v1/analytics/performance?botId=', async () => {
    const user = await newUser(h.database)
    const bot = await (
      await h.t.call(user, 'POST', '/v1/bots', {
        name: 'dca',
        strategy: 'dca',
        exchange: 'sim',
        symbol: 'BTC/USDT',
        config: { quoteAmount: '50' },
      })
    ).json()
    await h.t.call(user, 'POST', `/v1/bots/${bot.id}/start`)
    const runner = h.t.services.bots.runner
    for (let i = 0; i < 3; i++) {
      await runner.runOnce()
      h.t.clock.advance(86_400_000)
    }
    await h.t.call(user, 'POST', `/v1/bots/${bot.id}/stop`)
    await market(user, 'manual', 'buy', '0.01') // not the bot's
    const botFills = (await storedFills(user)).filter((f) => f.botId === bot.id)
    expect(botFills.length).toBeGreaterThanOrEqual(3)
    const viaBots = await get(user, `/v1/bots/${bot.id}/performance`)
    const viaAnalytics = await get(user, `/v1/analytics/performance?botId=${bot.id}`)
    expect(viaBots).toEqual({
      botId: bot.id,
      mode: 'paper',
      exchange: 'sim',
      symbol: 'BTC/USDT',
      fills: botFills.length,
      performance: viaAnalytics,
    })
    expect(viaAnalytics).toEqual(computePerformance({ trades: [], fills: fifo(botFills) }))
    const bounded = await get(user, `/v1/bots/${bot.id}/performance?from=${botFills[1]!.ts.toISOString()}`)
    expect(bounded.fills).toBe(botFills.length - 1)
    const bad = await h.t.call(user, 'GET', `/v1/bots/${bot.id}/performance?startingCapital=0&to=x`)
    expect(bad.status).toBe(422)
    expect((await bad.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'startingCapital',
      'to',
    ])
  })
})
