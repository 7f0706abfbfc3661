/**
 * The golden datasets through HTTP: each dataset's fills are imported for a fresh user with
 * `POST /v1/fills/import` (venue `imported`; the one dataset with a caller-priced third-currency fee
 * is stored directly and applied with the store's `applyFills`, the call the import makes), and the
 * `/v1/analytics/*` routes must serve exactly the values derive.py derived — money strings and counts
 * exactly, ratios within 1e-9 relative (as golden.test.ts compares them).
 */
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { analyticsHarness, closeMismatches, goldenDatasets, seedFills } from '../../../test/support/analytics.ts'
import { newUser } from '../../../test/support/trading.ts'
import { fills } from '../../trading/trading.schema.ts'

describe('golden datasets through /v1/analytics (PostgreSQL)', () => {
  const h = analyticsHarness()
  const { get } = h

  it('should cover every dataset', () => {
    expect(goldenDatasets().length).toBeGreaterThanOrEqual(6)
  })

  for (const { file, dataset, expected } of goldenDatasets()) {
    it(`should serve ${file} exactly as derived`, async () => {
      const user = await newUser(h.database)
      const back = new Map<string, string>() // fill uuid → dataset id
      if (dataset.fills.some((x) => x.feeQuote != null)) {
        // The import values fees itself; a third-currency fee priced by the caller (feeQuote) cannot
        // be sent, so this dataset goes through the same store call the import makes.
        const ids = await seedFills(h.database, user, dataset.fills)
        for (const [k, v] of ids) back.set(v, k)
      } else {
        const res = await h.t.call(
          user,
          'POST',
          '/v1/fills/import',
          dataset.fills.map(({ id, ts, symbol, side, amount, price, fee, feeCurrency }) => ({
            ts,
            symbol,
            side,
            amount,
            price,
            fee,
            feeCurrency,
            tradeId: id,
          }))
        )
        expect(res.status, await res.clone().text()).toBe(dataset.fills.length > 0 ? 201 : 200)
        const stored = await h.database.db
          .select({ id: fills.id, tradeId: fills.tradeId })
          .from(fills)
          .where(eq(fills.userId, user))
        expect(stored).toHaveLength(dataset.fills.length)
        for (const r of stored) back.set(r.id, r.tradeId.split(':').at(-1)!)
      }
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
