import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSimVenue } from '../exchanges/sim/sim-venue.ts'
import type { MarketDataSource } from '../exchanges/types.ts'
import { fixedClock } from '../lib/clock.ts'
import { createLogger } from '../lib/logger.ts'
import { dec } from '../lib/money.ts'
import { createPostgresTestDatabase, type TestDatabase } from '../../test/support/db.ts'
import { createUsdMarkRecorder, createUsdMarks } from './usd-marks.ts'

let database: TestDatabase
beforeAll(async () => {
  database = await createPostgresTestDatabase({ max: 2 })
})
afterAll(() => database?.close())

const logger = createLogger({ level: 'error', sink: () => {} })

describe('USD marks', () => {
  it('should record USD-quoted marks and derive others through them', async () => {
    const clock = fixedClock('2026-06-01T12:00:00Z')
    const sim = createSimVenue({ enabled: true, clock })
    const marks = createUsdMarks({ db: database.db, maxAgeSeconds: 900 })
    const recorder = createUsdMarkRecorder({
      marks,
      source: sim,
      symbols: ['USDT/USD', 'BTC/USDT'],
      clock,
      logger,
    })
    const report = await recorder.recordOnce()
    expect(report.failed).toEqual([])
    const usdt = (await marks.rate('USDT', clock.now()))!
    const btc = (await marks.rate('BTC', clock.now()))!
    const mid = async (symbol: string) => {
      const t = await sim.ticker(symbol)
      return t.bid!.plus(t.ask!).div(2)
    }
    expect(usdt.rate.eq(await mid('USDT/USD'))).toBe(true)
    expect(btc.rate.eq((await mid('BTC/USDT')).times(usdt.rate))).toBe(true)
    expect(btc.mark).toMatchObject({ venue: 'sim', symbol: 'BTC/USDT', synthetic: true })
    expect((await marks.rate('USD', clock.now()))!.rate.eq(1)).toBe(true)

    // Fresh for 900 s, then gone: never an old price.
    clock.advance(899_000)
    expect(await marks.rate('BTC', clock.now())).not.toBeNull()
    clock.advance(2_000)
    expect(await marks.rate('BTC', clock.now())).toBeNull()
  })

  it('should report a failing symbol, keep the others, and fail the job when none was recorded', async () => {
    const clock = fixedClock('2026-06-02T00:00:00Z')
    const sim = createSimVenue({ enabled: true, clock })
    const marks = createUsdMarks({ db: database.db, maxAgeSeconds: 900 })
    const flaky: MarketDataSource = {
      ...sim,
      venue: 'kraken',
      synthetic: false,
      ticker: async (symbol) => {
        if (symbol === 'USDC/USD') throw new Error('socket hang up')
        const real = symbol === 'SOL/USDC' ? 'SOL/USDT' : symbol
        return { ...(await sim.ticker(real)), venue: 'kraken', symbol }
      },
    }
    const recorder = createUsdMarkRecorder({
      marks,
      source: flaky,
      symbols: ['USDC/USD', 'USDT/USD', 'SOL/USDC'],
      clock,
      logger,
    })
    const report = await recorder.recordOnce()
    expect(report.recorded.map((r) => r.currency)).toEqual(['USDT'])
    expect(report.failed).toEqual([
      { symbol: 'USDC/USD', reason: 'Error' },
      { symbol: 'SOL/USDC', reason: 'no USD mark for USDC' },
    ])
    expect((await marks.rate('USDT', clock.now()))!.mark).toMatchObject({ synthetic: false })

    const down: MarketDataSource = { ...flaky, ticker: () => Promise.reject(new Error('down')) }
    const job = createUsdMarkRecorder({
      marks,
      source: down,
      symbols: ['USDT/USD'],
      clock,
      logger,
    }).job(60)
    await expect(job.run({ now: clock.now() })).rejects.toThrow('no USD mark recorded')
  })

  it('should ignore a mark stamped in the future beyond a minute of skew', async () => {
    const marks = createUsdMarks({ db: database.db, maxAgeSeconds: 900 })
    const now = new Date('2026-06-03T00:00:00Z')
    await marks.record({
      currency: 'PYUSD',
      usdPrice: dec('0.999'),
      venue: 'kraken',
      symbol: 'PYUSD/USD',
      synthetic: false,
      observedAt: new Date(now.getTime() + 120_000),
      recordedAt: now,
    })
    expect(await marks.rate('PYUSD', now)).toBeNull()
  })
})
