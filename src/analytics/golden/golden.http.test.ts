/**
 * The golden datasets through HTTP: each dataset's fills are stored for a fresh user (venue
 * `imported`, no order, analytics rows written by the real store's `applyFills`, as the fills import
 * does), and the routes must serve exactly the values derive.py derived — money strings and counts
 * exactly, ratios within 1e-9 relative (as golden.test.ts compares them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeMismatches, goldenDatasets, seedFills } from '../../../test/support/analytics.ts'
import { createPostgresTestDatabase, type TestDatabase } from '../../../test/support/db.ts'
import { newUser, tradingApp } from '../../../test/support/trading.ts'

describe('golden datasets through /v1/analytics (PostgreSQL)', () => {
  let database: TestDatabase
  let t: ReturnType<typeof tradingApp>
  beforeAll(async () => {
    database = await createPostgresTestDatabase()
    t = tradingApp({ database })
  })
  afterAll(() => database.close())

  const get = async (user: string, path: string) => {
    const res = await t.call(user, 'GET', path)
    const body = await res.json()
    expect(res.status, `${path}: ${JSON.stringify(body)}`).toBe(200)
    return body
  }

  it('should cover every dataset', () => {
    expect(goldenDatasets().length).toBeGreaterThanOrEqual(6)
  })

  for (const { file, dataset, expected } of goldenDatasets()) {
    it(`should serve ${file} exactly as derived`, async () => {
      const user = await newUser(database)
      const ids = await seedFills(database, user, dataset.fills)
      const back = new Map([...ids].map(([k, v]) => [v, k]))
      const cap = dataset.startingCapital ? `startingCapital=${dataset.startingCapital}` : ''
      const e = expected as Record<string, unknown> & {
        performance: Record<string, unknown>
        rollingWinRate: Array<{ tradeId: string }>
      }
      const mismatches: string[] = []
      const check = (actual: unknown, want: unknown, path: string) =>
        mismatches.push(...closeMismatches(actual, want, path))

      check(await get(user, `/v1/analytics/performance?${cap}`), e.performance, 'performance')
      check((await get(user, `/v1/analytics/equity-curve?${cap}`)).points, e.equityCurve, 'equityCurve')
      check((await get(user, `/v1/analytics/drawdown?${cap}`)).points, e.drawdown, 'drawdown')
      const pnl = await get(user, '/v1/analytics/pnl')
      check(pnl.byDay, e.pnlByDay, 'pnlByDay')
      check(pnl.bySymbol, e.pnlBySymbol, 'pnlBySymbol')
      check(pnl.bestPair, e.bestPair, 'bestPair')
      check(pnl.worstPair, e.worstPair, 'worstPair')
      const wr = await get(user, `/v1/analytics/win-rate?window=${dataset.window ?? 3}`)
      check(
        wr.points.map((p: { tradeId: string }) => ({ ...p, tradeId: back.get(p.tradeId) })),
        e.rollingWinRate,
        'rollingWinRate'
      )
      const summary = await get(user, '/v1/analytics/summary')
      for (const k of ['realizedPnl', 'tradeCount', 'wins', 'losses', 'winRate', 'fillCount', 'volume'])
        check(summary[k], e.performance[k], `summary.${k}`)
      check(summary.bestPair, e.bestPair, 'summary.bestPair')
      check(summary.worstPair, e.worstPair, 'summary.worstPair')
      expect(mismatches).toEqual([])
    })
  }
})
