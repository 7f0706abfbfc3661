import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DRIVERS, type TestDatabase } from '../../test/support/db.ts'
import { newUser, tradingApp } from '../../test/support/trading.ts'
import { createSimVenue } from '../exchanges/sim/sim-venue.ts'
import { fixedClock } from '../lib/clock.ts'
import { createLogger } from '../lib/logger.ts'
import { D, dec } from '../lib/money.ts'
import { createScheduler } from '../scheduler/scheduler.ts'
import { createFillRecorder } from './fill-recorder.ts'
import { fills, positions } from './trading.schema.ts'
import type { RecordedFill } from './trading.types.ts'

describe.each(DRIVERS)('reconciliation and fills on %s', (_driver, open) => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await open()
  })
  afterAll(() => database.close())

  it('should store each trade once however often it is recorded, and tell listeners once', async () => {
    const seen: RecordedFill[] = []
    const recorder = createFillRecorder({
      listeners: [{ name: 'spy', onFills: async (_tx, fs) => void seen.push(...fs) }],
    })
    const t = tradingApp({ database })
    const user = await newUser(database)
    const placed = await (
      await t.order(user, 'r', {
        exchange: 'sim',
        symbol: 'ETH/USDT',
        side: 'buy',
        type: 'market',
        amount: '0.01',
      })
    ).json()
    const owner = {
      id: placed.id,
      userId: user,
      botId: null,
      mode: 'live' as const,
      venue: 'binance',
      symbol: 'ETH/USDT',
      side: 'buy' as const,
    }
    const trade = (id: string, amount: string) => ({
      tradeId: id,
      price: dec('3000'),
      amount: dec(amount),
      fee: dec('0.001'),
      feeCurrency: 'ETH',
      ts: new Date('2026-06-01T12:00:00Z'),
    })
    await database.db.transaction((tx) =>
      recorder.record(tx, owner, [trade('t1', '1'), trade('t2', '2')])
    )
    await database.db.transaction((tx) =>
      recorder.record(tx, owner, [trade('t2', '2'), trade('t3', '3'), trade('t3', '3')])
    )
    const stored = await database.db.select().from(fills).where(eq(fills.venue, 'binance'))
    expect(stored.map((f) => f.tradeId).sort()).toEqual(['t1', 't2', 't3'])
    expect(seen.map((f) => f.tradeId)).toEqual(['t1', 't2', 't3'])
    const [pos] = await database.db.select().from(positions).where(eq(positions.venue, 'binance'))
    expect(new D(pos!.amount).toFixed()).toBe('5.997')
  })

  it('should keep a resting paper limit order open, then fill it as a maker when the book crosses it', async () => {
    const start = new Date('2026-06-01T12:00:00Z')
    const sim = createSimVenue({ enabled: true, clock: fixedClock(start) })
    const bid = (await sim.ticker('BTC/USDT')).bid!
    const limit = bid.times('0.995').toDecimalPlaces(2)
    // The sim market is deterministic: find when its asks first reach the limit.
    const probe = fixedClock(start)
    const at = createSimVenue({ enabled: true, clock: probe })
    let crossAt: number | null = null
    for (let m = 10; m <= 14 * 24 * 60 && crossAt === null; m += 10) {
      probe.set(start.getTime() + m * 60_000)
      if ((await at.orderBook('BTC/USDT', 1)).asks[0]!.price.lte(limit))
        crossAt = probe.now().getTime()
    }
    expect(crossAt).not.toBeNull()

    const clock = fixedClock(start)
    const t = tradingApp({ database, clock })
    const user = await newUser(database)
    const order = await (
      await t.order(user, 'rest', {
        exchange: 'sim',
        symbol: 'BTC/USDT',
        side: 'buy',
        type: 'limit',
        amount: '0.01',
        price: limit.toFixed(),
      })
    ).json()
    expect(order.status).toBe('open')
    clock.set(crossAt! - 10 * 60_000)
    await t.services.trading.reconciler.runOnce()
    expect((await (await t.call(user, 'GET', `/v1/orders/${order.id}`)).json()).status).toBe('open')
    clock.set(crossAt!)
    await t.services.trading.reconciler.runOnce()
    const after = await (await t.call(user, 'GET', `/v1/orders/${order.id}`)).json()
    expect(after.status).toBe('filled')
    expect(new D(after.averagePrice).lte(limit)).toBe(true)
    const f = (await (await t.call(user, 'GET', `/v1/fills?orderId=${order.id}`)).json()).items
    expect(f.every((x: { takerOrMaker: string }) => x.takerOrMaker === 'maker')).toBe(true)
  })

  it('should fail readiness while orders wait and the job has not succeeded, and pass once it has', async () => {
    const clock = fixedClock('2026-06-02T00:00:00Z')
    const t = tradingApp({
      database,
      clock,
      options: { trading: { reconcile: { maxAgeSeconds: 60 } } },
    })
    await t.order(await newUser(database), 'ready', {
      exchange: 'sim',
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'limit',
      amount: '0.01',
      price: '1000',
    })
    // Earlier tests' job rows would make this depend on test order; start from none.
    await database.db.execute(sql`delete from job_leases`)
    clock.advance(120_000)
    const rec = t.services.trading.reconciler
    expect((await rec.readiness.run()).status).toBe('fail')
    const ready = await t.app.request('/health/ready')
    expect([ready.status, (await ready.json()).checks.reconciliation.status]).toEqual([503, 'fail'])
    const scheduler = createScheduler({
      db: database.db,
      clock,
      logger: createLogger({ level: 'silent' }),
      jobs: [rec.job],
      owner: 'test',
    })
    expect(await scheduler.runDue()).toEqual(['orders.reconcile'])
    expect(await rec.readiness.run()).toMatchObject({ status: 'pass', ageSeconds: 0 })
  })
})
