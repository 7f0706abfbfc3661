/**
 * @module Benchmark of the analytics core in memory: the FIFO replay of N fills next to a bare
 * Σ amount·price over the same fills, in one run. (`/v1/analytics/performance` against PostgreSQL
 * is bench/analytics.)
 *
 *   npx tsx bench/analytics-core/run.ts [--fills 1000000]
 */
import { performance as perf } from 'node:perf_hooks'
import { replayFills, type FillInput } from '../../src/analytics/fifo.ts'
import { fillActivity } from '../../src/analytics/performance.ts'
import { D } from '../../src/lib/money.ts'
import { option } from '../lib/setup.ts'

const N = Number(option('fills', '1000000'))

/** Deterministic synthetic fills: a random walk per symbol, buys and sells around a position. */
function generate(n: number): FillInput[] {
  let seed = 42
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const symbols = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']
  const price = [60000, 3000, 150]
  const pos = [0, 0, 0]
  const out: FillInput[] = []
  const t0 = Date.UTC(2021, 0, 1)
  for (let i = 0; i < n; i++) {
    const s = i % 3
    price[s] = price[s]! * (1 + (rnd() - 0.5) * 0.004)
    const amount = Math.round((0.001 + rnd() * 0.05) * 1e6) / 1e6
    const sell = pos[s]! > amount && rnd() < 0.5
    pos[s] = pos[s]! + (sell ? -amount : amount)
    const p = price[s]!.toFixed(2)
    out.push({
      id: String(i + 1),
      ts: new Date(t0 + i * 60_000),
      symbol: symbols[s]!,
      side: sell ? 'sell' : 'buy',
      amount: amount.toFixed(6),
      price: p,
      fee: new D(amount.toFixed(6)).times(p).times('0.001').toDecimalPlaces(8).toFixed(),
      feeCurrency: 'USDT',
    })
  }
  return out
}

function time<T>(fn: () => T): [T, number] {
  const t = perf.now()
  const r = fn()
  return [r, perf.now() - t]
}


console.log(`generating ${N} fills …`)
const fills = generate(N)

const [, baseMs] = time(() => fillActivity(fills))
const [replay, replayMs] = time(() => replayFills(fills))
console.log(
  `in memory: replayFills ${replayMs.toFixed(0)} ms for ${N} fills → ${replay.trades.length} trades`
)
console.log(`in memory: baseline Σ amount·price over the same fills ${baseMs.toFixed(0)} ms`)
console.log(
  `ratio replay / baseline = ${(replayMs / baseMs).toFixed(2)}×  (per fill ${((replayMs * 1000) / N).toFixed(1)} µs)`
)
