/**
 * @module Synthetic prices for the `sim` venue: a pure function of (symbol, time, seed).
 *
 * The log price is fractal value noise: 16 octaves of deterministic hash noise, the octave of
 * period 2^k minutes weighted by 2^(k/2), so moves scale like a random walk (about the square root
 * of the horizon) but stay bounded around the anchor (roughly ±6 % one sigma). Octave 0 is
 * interpolated linearly between minutes, so the price moves continuously. Computation uses floats
 * (it is synthetic); results are Decimals on the market's ticks and steps.
 */
import { D, type Dec } from '../../lib/money.ts'
import { roundToStep, truncateToStep } from '../precision.ts'
import type { BookLevel } from '../types.ts'
import type { SimMarketSpec } from './sim-markets.ts'

const OCTAVES = 16
const BASE_AMPLITUDE = 0.0004

/** 32-bit string hash (FNV-1a) to seed the noise per (seed, symbol). */
function hashString(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0
  return h
}

/** Deterministic uniform value in [-1, 1] for (key, octave, index): integer mixing, no state. */
function noise(key: number, octave: number, index: number): number {
  let h =
    (key ^
      Math.imul(octave + 1, 0x9e3779b1) ^
      Math.imul(index | 0, 0x85ebca6b) ^
      Math.imul(Math.floor(index / 2 ** 32), 0xc2b2ae35)) >>>
    0
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0
  h = (h ^ (h >>> 16)) >>> 0
  return (h / 0xffffffff) * 2 - 1
}

/** Log-price offset from the anchor at a time in minutes since the epoch. */
function logOffset(key: number, minutes: number): number {
  let sum = 0
  for (let k = 0; k < OCTAVES; k++) {
    const period = 2 ** k
    const x = minutes / period
    const i = Math.floor(x)
    const frac = x - i
    const v = noise(key, k, i) * (1 - frac) + noise(key, k, i + 1) * frac
    sum += v * BASE_AMPLITUDE * Math.sqrt(period)
  }
  return sum
}

/** Synthetic mid price of `spec` at `at`, on the market's price tick. */
export function simMidPrice(spec: SimMarketSpec, at: Date, seed: string): Dec {
  const key = hashString(`${seed}|${spec.symbol}`)
  const factor = Math.exp(logOffset(key, at.getTime() / 60_000) * (spec.volatility ?? 1))
  const step = new D(spec.priceStep)
  const mid = roundToStep(new D(spec.anchorPrice).times(factor.toPrecision(15)), step)
  return D.max(mid, step)
}

/** A synthetic order book around the mid: `depth` levels a side, amounts varying per minute. */
export function simBook(
  spec: SimMarketSpec,
  at: Date,
  seed: string,
  depth: number
): { bids: BookLevel[]; asks: BookLevel[]; mid: Dec } {
  const mid = simMidPrice(spec, at, seed)
  const key = hashString(`${seed}|${spec.symbol}|book`)
  const minute = Math.floor(at.getTime() / 60_000)
  const tick = new D(spec.priceStep)
  const step = new D(spec.amountStep)
  const side = (dir: 1 | -1): BookLevel[] => {
    const out: BookLevel[] = []
    let last: Dec | null = null
    for (let i = 0; i < depth; i++) {
      const bps = new D(spec.halfSpreadBps).plus(new D(spec.levelGapBps).times(i)).div(10_000)
      let price = mid.times(new D(1).plus(bps.times(dir)))
      price = dir === 1 ? price.div(tick).ceil().times(tick) : price.div(tick).floor().times(tick)
      // Never two levels on one tick, never a crossed book.
      if (last && (dir === 1 ? price.lte(last) : price.gte(last)))
        price = last.plus(tick.times(dir))
      if (!last && (dir === 1 ? price.lte(mid) : price.gte(mid))) price = mid.plus(tick.times(dir))
      if (price.lte(0)) break
      const u = (noise(key, dir === 1 ? 100 + i : 200 + i, minute) + 1) / 2
      const amount = truncateToStep(new D(spec.levelAmount).times(0.5 + u), step)
      if (amount.gt(0)) out.push({ price, amount })
      last = price
    }
    return out
  }
  return { bids: side(-1), asks: side(1), mid }
}
