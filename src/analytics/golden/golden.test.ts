import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { applyFill, emptyState, replayFills, type FillInput, type SymbolState } from '../fifo.ts'
import { stateFromJSON, stateToJSON, tradeToJSON, unmatchedToJSON } from '../fifo-json.ts'
import { computePerformance, dailyRealized, fillActivity, tradeStats } from '../performance.ts'
import {
  bestWorstPair,
  drawdownPoints,
  equityCurveSeries,
  pnlByDay,
  pnlBySymbol,
  rollingWinRate,
} from '../series.ts'
import { fromRollups, rollupDelta } from '../rollup.ts'
import { unrealizedPnl } from '../unrealized.ts'

interface Dataset {
  name: string
  startingCapital?: string
  window?: number
  prices?: Record<string, string>
  fills: (Omit<FillInput, 'ts'> & { ts: string })[]
}

const dir = import.meta.dirname
const names = readdirSync(join(dir, 'datasets')).filter((f) => f.endsWith('.json'))
const load = (sub: string, name: string) => JSON.parse(readFileSync(join(dir, sub, name), 'utf8'))

/** Money strings and counts must match exactly; ratios (non-integers) within 1e-9 relative. */
function expectClose(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const tol = 1e-9 * Math.max(Math.abs(expected), Math.abs(actual))
    expect(Math.abs(actual - expected) <= tol, `${path}: ${actual} vs ${expected}`).toBe(true)
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true)
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length)
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${path}[${i}]`))
  } else if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', path).toBe(true)
    const a = actual as Record<string, unknown>
    expect(Object.keys(a).sort(), `${path} keys`).toEqual(Object.keys(expected).sort())
    for (const [k, v] of Object.entries(expected)) expectClose(a[k], v, `${path}.${k}`)
  } else {
    expect(actual, path).toBe(expected)
  }
}

function analyse(ds: Dataset) {
  const fills: FillInput[] = ds.fills.map((f) => ({ ...f, ts: new Date(f.ts) }))
  const { trades, unmatched, states } = replayFills(fills)
  const startingCapital = ds.startingCapital ?? '10000'
  const { bestPair, worstPair } = bestWorstPair(pnlBySymbol(trades, fills))
  return {
    fills,
    trades,
    states,
    result: {
      name: ds.name,
      performance: computePerformance({ trades, fills, startingCapital }),
      trades: trades.map((t) => {
        const { amount: _a, price: _p, costBasis: _c, ...rest } = tradeToJSON(t)
        return rest
      }),
      unmatched: unmatched.map(unmatchedToJSON),
      equityCurve: equityCurveSeries({ trades, fills, startingCapital }),
      drawdown: drawdownPoints({ trades, fills, startingCapital }),
      rollingWinRate: rollingWinRate(trades, ds.window ?? 3),
      pnlByDay: pnlByDay(trades),
      pnlBySymbol: pnlBySymbol(trades, fills),
      bestPair,
      worstPair,
      unrealized: unrealizedPnl(states, ds.prices ?? {}),
    },
  }
}

describe('golden datasets', () => {
  it('should have an expected file for every dataset (run derive.py to refresh)', () => {
    expect(names.length).toBeGreaterThanOrEqual(6)
    expect(readdirSync(join(dir, 'expected')).sort()).toEqual([...names].sort())
  })

  for (const name of names) {
    describe(name, () => {
      const ds = load('datasets', name) as Dataset
      const expected = load('expected', name)
      const { fills, trades, states, result } = analyse(ds)

      it('should match the independently derived values', () => {
        expectClose(result, expected, name)
      })

      it('should give the same trades when resumed fill by fill from persisted state', () => {
        const persisted = new Map<string, ReturnType<typeof stateToJSON>>()
        const resumed = []
        for (const f of [...fills].sort((a, b) => a.ts.getTime() - b.ts.getTime())) {
          const json = persisted.get(f.symbol)
          const state: SymbolState = json ? stateFromJSON(json) : emptyState(f.symbol)
          const r = applyFill(state, f)
          persisted.set(f.symbol, stateToJSON(r.state))
          resumed.push(...r.trades)
        }
        expect(resumed.map(tradeToJSON)).toEqual(trades.map(tradeToJSON))
        for (const [symbol, json] of persisted) expect(json).toEqual(stateToJSON(states[symbol]!))
      })

      it('should compute the same performance from SQL-style aggregates', () => {
        const fromAggregates = computePerformance({
          trades: tradeStats(trades),
          fills: fillActivity(fills),
          dailyRealized: dailyRealized(trades),
          startingCapital: ds.startingCapital ?? '10000',
        })
        expect(fromAggregates).toEqual(result.performance)
      })

      it('should compute the same performance from per-day rollups built fill by fill', () => {
        const byFill = new Map(trades.map((t) => [t.id, t]))
        const rows = fills.map((f) => rollupDelta(f, byFill.get(f.id) ?? null))
        const startingCapital = ds.startingCapital ?? '10000'
        expect(computePerformance({ ...fromRollups(rows), startingCapital })).toEqual(
          result.performance
        )
      })
    })
  }
})
