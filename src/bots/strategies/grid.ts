/**
 * @module Grid: `levels` equal steps between `lower` and `upper`. Each tick the price's grid cell
 * is compared with the last one: every line crossed downwards buys `amountPerLevel`, every line
 * crossed upwards sells `amountPerLevel` (never more than the bot holds). Outside the range the
 * cell is clamped, so nothing trades beyond the bounds. The first tick only records the cell.
 */
import * as v from 'valibot'
import { D, dec, type Dec } from '../../lib/money.ts'
import { int, parseWith, PositiveDecimal } from './config.ts'
import type { OrderIntent, Strategy } from './types.ts'

const Config = v.pipe(
  v.strictObject({
    lower: PositiveDecimal,
    upper: PositiveDecimal,
    levels: int(2, 200),
    amountPerLevel: PositiveDecimal,
  }),
  v.forward(
    v.check((c) => dec(c.upper).gt(dec(c.lower)), 'must be above lower'),
    ['upper']
  )
)
export type GridConfig = v.InferOutput<typeof Config>
export interface GridState {
  /** Cell index 0..levels of the last tick's price; null before the first tick. */
  cell: number | null
}

export function gridCell(c: GridConfig, price: Dec): number {
  const lower = dec(c.lower)
  const step = dec(c.upper).minus(lower).div(c.levels)
  const raw = price.minus(lower).div(step).floor().toNumber()
  return Math.max(0, Math.min(c.levels, raw))
}

export const grid: Strategy<GridConfig, GridState> = {
  name: 'grid',
  parseConfig: (raw) => parseWith(Config, raw),
  initialState: () => ({ cell: null }),
  step({ config, state, market, position }) {
    const cell = gridCell(config, market.price)
    if (state.cell === null || cell === state.cell) return { intents: [], state: { cell } }
    const crossed = Math.abs(cell - state.cell)
    const per = dec(config.amountPerLevel)
    const intents: OrderIntent[] = []
    if (cell < state.cell) {
      intents.push({
        side: 'buy',
        type: 'market',
        amount: per.times(crossed),
        reason: `grid down ${crossed} line(s) to cell ${cell}`,
      })
    } else {
      const amount = D.min(per.times(crossed), position)
      if (amount.gt(0))
        intents.push({
          side: 'sell',
          type: 'market',
          amount,
          reason: `grid up ${crossed} line(s) to cell ${cell}`,
        })
    }
    return { intents, state: { cell } }
  },
}
