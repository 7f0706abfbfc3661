/**
 * @module Moving-average crossover: the bot samples the price once per tick and keeps the last
 * `slow` samples in its state. When the `fast`-sample mean crosses above the `slow`-sample mean it
 * buys `amount`; when it crosses below it sells what it holds. The first full window only sets
 * the side; an unchanged or equal mean never trades.
 */
import * as v from 'valibot'
import { D, dec, sum, type Dec } from '../../lib/money.ts'
import { int, parseWith, PositiveDecimal } from './config.ts'
import type { Strategy } from './types.ts'

const Config = v.pipe(
  v.strictObject({ fast: int(1, 199), slow: int(2, 200), amount: PositiveDecimal }),
  v.forward(
    v.check((c) => c.slow > c.fast, 'must be greater than fast'),
    ['slow']
  )
)
export type MaCrossoverConfig = v.InferOutput<typeof Config>
export interface MaCrossoverState {
  /** Last `slow` price samples, oldest first (decimal strings). */
  prices: string[]
  side: 'above' | 'below' | null
}

const mean = (xs: Dec[]) => sum(xs).div(xs.length)

export const maCrossover: Strategy<MaCrossoverConfig, MaCrossoverState> = {
  name: 'ma_crossover',
  parseConfig: (raw) => parseWith(Config, raw),
  initialState: () => ({ prices: [], side: null }),
  step({ config, state, market, position }) {
    const prices = [...state.prices, market.price.toFixed()].slice(-config.slow)
    if (prices.length < config.slow) return { intents: [], state: { prices, side: state.side } }
    const ds = prices.map((p) => new D(p))
    const fast = mean(ds.slice(-config.fast))
    const slow = mean(ds)
    const side = fast.gt(slow) ? 'above' : fast.lt(slow) ? 'below' : state.side
    const next = { prices, side }
    if (state.side === 'below' && side === 'above') {
      return {
        intents: [
          {
            side: 'buy',
            type: 'market',
            amount: dec(config.amount),
            reason: 'fast MA crossed above slow MA',
          },
        ],
        state: next,
      }
    }
    if (state.side === 'above' && side === 'below' && position.gt(0)) {
      return {
        intents: [
          {
            side: 'sell',
            type: 'market',
            amount: position,
            reason: 'fast MA crossed below slow MA',
          },
        ],
        state: next,
      }
    }
    return { intents: [], state: next }
  },
}
