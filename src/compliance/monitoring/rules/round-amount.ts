/**
 * @module Rule `round-amount`: an order whose USD value is an exact multiple of a round amount
 * (default: a multiple of $1,000, from $5,000 up).
 *
 * Orders are priced in crypto, so an exact round dollar value usually means someone sized the
 * order in dollars; alone it is a weak signal, repeated it is stronger. The score starts at 0.5 and
 * rises by 0.1 per other round order in the last 24 h, which are listed with it.
 */
import { toStr } from '../../../lib/money.ts'
import type { Dec } from '../../../lib/money.ts'
import { usd } from '../../config.ts'
import type { MonitoringRule } from '../types.ts'
import { HOUR_MS, clamp, ordersInWindow } from '../window.ts'

export const roundAmount: MonitoringRule = {
  id: 'round-amount',
  description: 'An order of at least $5,000 that is an exact multiple of $1,000.',
  evaluate(input, config) {
    const min = usd(config.roundAmountMinUsd)
    const multiple = usd(config.roundAmountMultipleUsd)
    const isRound = (v: Dec) => v.gte(min) && v.mod(multiple).isZero()
    if (!isRound(input.order.usd)) return null
    const round = ordersInWindow(input, 24 * HOUR_MS).filter((o) => isRound(o.usd))
    return {
      ruleId: 'round-amount',
      severity: 'review',
      message: `order of ${toStr(input.order.usd)} USD is a multiple of ${toStr(multiple)} USD`,
      inputs: { orderUsd: toStr(input.order.usd), roundOrders24h: round.length },
      thresholds: {
        roundAmountMinUsd: config.roundAmountMinUsd,
        roundAmountMultipleUsd: config.roundAmountMultipleUsd,
      },
      score: clamp(0.5 + 0.1 * (round.length - 1)),
      orderIds: round.map((o) => o.id),
    }
  },
}
