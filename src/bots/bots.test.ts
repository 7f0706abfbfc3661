import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startExchangeSimulator } from '../../test/exchange-sim/index.ts'
import { createPostgresTestDatabase, type TestDatabase } from '../../test/support/db.ts'
import { newUser, tradingApp } from '../../test/support/trading.ts'
import { createLogger } from '../lib/logger.ts'
import { fills, orders } from '../trading/trading.schema.ts'
import { createBotRunner } from './bot-runner.ts'
import { botRuns } from './bots.schema.ts'

const dcaBot = (extra: Record<string, unknown> = {}) => ({
  name: 'BTC DCA',
  strategy: 'dca',
  exchange: 'sim',
  symbol: 'BTC/USDT',
  config: { quoteAmount: '50' },
  ...extra,
})

describe('bots (PostgreSQL, sim venue)', () => {
  let database: TestDatabase
  let t: ReturnType<typeof tradingApp>
  beforeAll(async () => {
    database = await createPostgresTestDatabase()
    t = tradingApp({ database, env: { BOT_TICK_SECONDS: '60' } })
  })
  afterAll(() => database.close())

  const create = async (user: string, body = dcaBot()) => {
    const res = await t.call(user, 'POST', '/v1/bots', body)
    expect(res.status).toBe(201)
    return res.json()
  }

  it('should create, read, list, rename, and delete a bot; another user gets 404', async () => {
    const user = await newUser(database)
    const bot = await create(user)
    expect(bot).toMatchObject({
      status: 'stopped',
      mode: 'paper',
      strategy: 'dca',
      exchange: 'sim',
      lastTick: 0,
      state: { buys: 0, lastBuyTick: null },
    })
    expect(
      (await (await t.call(user, 'GET', '/v1/bots')).json()).items.map((b: { id: string }) => b.id)
    ).toEqual([bot.id])
    const other = await newUser(database)
    for (const [m, p] of [
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['POST', '/start'],
      ['GET', '/performance'],
      ['GET', '/analysis'],
    ] as const) {
      const res = await t.call(
        other,
        m,
        `/v1/bots/${bot.id}${p}`,
        m === 'PATCH' ? { name: 'x' } : undefined
      )
      expect(res.status).toBe(404)
    }
    expect(
      (await (await t.call(user, 'PATCH', `/v1/bots/${bot.id}`, { name: 'renamed' })).json()).name
    ).toBe('renamed')
    expect((await t.call(user, 'DELETE', `/v1/bots/${bot.id}`)).status).toBe(204)
    expect((await t.call(user, 'GET', `/v1/bots/${bot.id}`)).status).toBe(404)
  })

  it('should answer 422 for a bad strategy config or an unknown market', async () => {
    const user = await newUser(database)
    const cfg = await t.call(user, 'POST', '/v1/bots', dcaBot({ config: { quoteAmount: 10 } }))
    expect([cfg.status, (await cfg.json()).errors[0].path]).toEqual([422, 'config.quoteAmount'])
    const grid = await t.call(
      user,
      'POST',
      '/v1/bots',
      dcaBot({
        strategy: 'grid',
        config: { lower: '2', upper: '1', levels: 3, amountPerLevel: '1' },
      })
    )
    expect((await grid.json()).errors[0].path).toBe('config.upper')
    const sym = await t.call(user, 'POST', '/v1/bots', dcaBot({ symbol: 'XYZ/USDT' }))
    expect([sym.status, (await sym.json()).type]).toEqual([422, '/problems/unknown-symbol'])
  })

  it('should trade a started DCA bot on the next ticks through the order path, and report its performance', async () => {
    const user = await newUser(database)
    const bot = await create(user)
    expect((await (await t.call(user, 'POST', `/v1/bots/${bot.id}/start`)).json()).status).toBe(
      'running'
    )
    const runner = t.services.bots.runner
    expect(await runner.runOnce()).toBe(1)
    expect(await runner.runOnce()).toBe(0) // not due again within the interval
    t.clock.advance(60_000)
    expect(await runner.runOnce()).toBe(1)
    const list = (await (await t.call(user, 'GET', `/v1/orders?botId=${bot.id}`)).json()).items
    expect(list).toHaveLength(2)
    expect(
      list.every(
        (o: { status: string; botId: string }) => o.status === 'filled' && o.botId === bot.id
      )
    ).toBe(true)
    const rows = await database.db
      .select()
      .from(orders)
      .where(eq(orders.botId, bot.id))
      .orderBy(orders.id)
    expect(rows.map((r) => r.idempotencyKey)).toEqual([`bot:${bot.id}:1:0`, `bot:${bot.id}:2:0`])
    const after = await (await t.call(user, 'GET', `/v1/bots/${bot.id}`)).json()
    expect(after).toMatchObject({
      lastTick: 2,
      state: { buys: 2, lastBuyTick: 2 },
      lastError: null,
    })
    const perf = await (await t.call(user, 'GET', `/v1/bots/${bot.id}/performance`)).json()
    expect(perf).toMatchObject({ botId: bot.id, fills: expect.any(Number) })
    expect(perf.performance.fillCount).toBe(perf.fills)
    expect(perf.performance.tradeCount).toBe(0) // buys only: nothing closed yet
    // The bot's performance is the analytics performance of its own book (analytics tables).
    const botFills = await database.db.select().from(fills).where(eq(fills.botId, bot.id))
    expect(perf.fills).toBe(botFills.length)
    expect(perf.performance).toEqual(
      await (await t.call(user, 'GET', `/v1/analytics/performance?botId=${bot.id}`)).json()
    )
    const analysis = await (await t.call(user, 'GET', `/v1/bots/${bot.id}/analysis`)).json()
    expect(analysis).toMatchObject({
      botId: bot.id,
      counts: { fills: perf.fills, orders: 2, trades: 0 },
    })
    expect(Array.isArray(analysis.checks)).toBe(true)
    expect((await (await t.call(user, 'POST', `/v1/bots/${bot.id}/stop`)).json()).status).toBe(
      'stopped'
    )
    t.clock.advance(60_000)
    expect(await runner.runOnce()).toBe(0)
  })

  it('should resume a tick that died after placing its order without placing it again', async () => {
    const user = await newUser(database)
    const bot = await create(user)
    await t.call(user, 'POST', `/v1/bots/${bot.id}/start`)
    const s = t.services
    const dying = createBotRunner({
      db: database.db,
      clock: t.clock,
      logger: createLogger({ level: 'silent' }),
      venues: s.trading.venues,
      repo: s.bots.repo,
      tickSeconds: 60,
      orders: {
        ...s.trading.orders,
        placeOrder: async (input) => {
          await s.trading.orders.placeOrder(input)
          throw new Error('process killed after the order was placed')
        },
      },
    })
    expect(await dying.runOnce()).toBe(1)
    const [run] = await database.db.select().from(botRuns).where(eq(botRuns.botId, bot.id))
    expect(run!.status).toBe('placing')
    expect((await (await t.call(user, 'GET', `/v1/bots/${bot.id}`)).json()).lastTick).toBe(0)

    t.clock.advance(60_000) // the restarted instance picks the bot up on its next interval
    expect(await s.bots.runner.runOnce()).toBe(1)
    const rows = await database.db.select().from(orders).where(eq(orders.botId, bot.id))
    expect(rows).toHaveLength(1)
    const runs = await database.db.select().from(botRuns).where(eq(botRuns.botId, bot.id))
    expect(runs.map((r) => [r.tick, r.status])).toEqual([[1, 'done']])
    expect((runs[0]!.results as Array<{ orderId: string }>)[0]!.orderId).toBe(rows[0]!.id)
    expect((await (await t.call(user, 'GET', `/v1/bots/${bot.id}`)).json()).lastTick).toBe(1)
  })

  it('should record a kill-switch refusal on the run and keep ticking', async () => {
    const user = await newUser(database)
    const bot = await create(user)
    await t.call(user, 'POST', `/v1/bots/${bot.id}/start`)
    await t.call(user, 'POST', '/v1/risk/kill-switch', { active: true })
    await t.services.bots.runner.runOnce()
    const after = await (await t.call(user, 'GET', `/v1/bots/${bot.id}`)).json()
    expect([after.lastTick, after.lastError]).toEqual([
      1,
      'order refused: /problems/kill-switch-active',
    ])
    expect(await database.db.select().from(orders).where(eq(orders.botId, bot.id))).toHaveLength(0)
    await t.call(user, 'POST', '/v1/risk/kill-switch', { active: false })
  })

  it('should refuse to change a running bot’s config and need step-up to start a live bot', async () => {
    const user = await newUser(database)
    const bot = await create(user)
    await t.call(user, 'POST', `/v1/bots/${bot.id}/start`)
    const patch = await t.call(user, 'PATCH', `/v1/bots/${bot.id}`, {
      config: { quoteAmount: '10' },
    })
    expect([patch.status, (await patch.json()).type]).toEqual([409, '/problems/bot-running'])

    const sim = await startExchangeSimulator({
      books: { 'BTC/USDT': { bids: [['29990', '1']], asks: [['30010', '1']] } },
    })
    try {
      const live = tradingApp({
        database,
        env: { TRADING_MODE: 'live' },
        options: {
          trading: { gatewayOptions: { baseUrlOverride: sim.url, ccxtRateLimit: false } },
        },
      })
      const res = await live.call(user, 'POST', '/v1/bots', dcaBot({ exchange: 'binance' }))
      const liveBot = await res.json()
      expect(liveBot.mode).toBe('live')
      expect((await live.call(user, 'POST', `/v1/bots/${liveBot.id}/start`)).status).toBe(403)
      const ok = await live.call(user, 'POST', `/v1/bots/${liveBot.id}/start`, undefined, {
        'x-step-up-token': 'valid-step-up',
      })
      expect((await ok.json()).status).toBe('running')
    } finally {
      await sim.close()
    }
  })
})
