/**
 * @module DCA (dollar-cost averaging): buy a fixed quote amount at market every `everyTicks`
 * ticks, at most `maxBuys` times. The amount is `quoteAmount / ask` (mid when the venue shows no
 * ask), rounded down to 18 decimals; the order path truncates it to the market step.
 */
import * as v from 'valibot'
import { dec, D } from '../../lib/money.ts'
import { int, parseWith, PositiveDecimal } from './config.ts'
import type { Strategy } from './types.ts'

const Config = v.strictObject({
  quoteAmount: PositiveDecimal,
  everyTicks: v.optional(int(1, 100_000), 1),
  maxBuys: v.optional(int(1, 1_000_000)),
})
export type DcaConfig = v.InferOutput<typeof Config>
export interface DcaState {
  buys: number
  lastBuyTick: number | null
}

export const dca: Strategy<DcaConfig, DcaState> = {
  name: 'dca',
  parseConfig: (raw) => parseWith(Config, raw),
  initialState: () => ({ buys: 0, lastBuyTick: null }),
  step({ config, state, market, tick }) {
    const due = state.lastBuyTick === null || tick - state.lastBuyTick >= config.everyTicks
    const capped = config.maxBuys !== undefined && state.buys >= config.maxBuys
    if (!due || capped) return { intents: [], state }
    const price = market.ask ?? market.price
    const amount = dec(config.quoteAmount).div(price).toDecimalPlaces(18, D.ROUND_DOWN)
    return {
      intents: [
        {
          side: 'buy',
          type: 'market',
          amount,
          reason: `dca buy ${state.buys + 1}${config.maxBuys ? `/${config.maxBuys}` : ''}`,
        },
      ],
      state: { buys: state.buys + 1, lastBuyTick: tick },
    }
  },
}
