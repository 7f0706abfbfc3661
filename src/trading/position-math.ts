/**
 * @module Average-cost position arithmetic (pure): how one fill changes a spot position and what
 * PnL it realizes. Positions and risk (daily realized loss) use average cost because it is one
 * row per symbol, updated in O(1) in the fill's transaction; the analytics feature computes FIFO
 * trade PnL from the same fills for reporting.
 *
 * - A buy adds `amount` (less a fee paid in base) at `price`; its cost (plus a fee paid in quote)
 *   goes into the average. It realizes nothing.
 * - A sell closes up to the held amount at the average cost and realizes
 *   `(price − average) × matched − fee in quote`. A sell beyond the held amount (coins bought
 *   before we tracked them) realizes nothing on the excess and leaves a negative amount, which a
 *   later buy covers first.
 * - A fee in a third currency (e.g. BNB) has no quote value here: `feeQuote` is null and PnL
 *   excludes it.
 */
import { D, ZERO, type Dec } from '../lib/money.ts'

export interface PositionState {
  amount: Dec
  averagePrice: Dec
  realizedPnl: Dec
}

export interface PositionFill {
  side: 'buy' | 'sell'
  amount: Dec
  price: Dec
  fee: Dec
  feeCurrency: string | null
}

export interface PositionStep {
  position: PositionState
  /** PnL this fill realized (quote). */
  realizedPnl: Dec
  /** The fee valued in quote, or null when it is in a third currency. */
  feeQuote: Dec | null
}

export const FLAT: PositionState = { amount: ZERO, averagePrice: ZERO, realizedPnl: ZERO }

const round18 = (d: Dec) => d.toDecimalPlaces(18, D.ROUND_HALF_UP)

export function applyFillToPosition(
  pos: PositionState,
  fill: PositionFill,
  market: { base: string; quote: string }
): PositionStep {
  const feeInBase = fill.feeCurrency === market.base ? fill.fee : ZERO
  const feeInQuote = fill.feeCurrency === market.quote ? fill.fee : ZERO
  const feeQuote =
    fill.feeCurrency === market.quote
      ? fill.fee
      : fill.feeCurrency === market.base
        ? fill.fee.times(fill.price)
        : fill.fee.isZero()
          ? ZERO
          : null

  if (fill.side === 'buy') {
    const received = fill.amount.minus(feeInBase)
    const cost = fill.amount.times(fill.price).plus(feeInQuote)
    if (pos.amount.gte(0)) {
      const amount = pos.amount.plus(received)
      const averagePrice = amount.gt(0)
        ? round18(pos.amount.times(pos.averagePrice).plus(cost).div(amount))
        : ZERO
      return { position: { ...pos, amount, averagePrice }, realizedPnl: ZERO, feeQuote }
    }
    // A short left by untracked sells is covered first; only the rest gets a cost basis.
    const amount = pos.amount.plus(received)
    const averagePrice = amount.gt(0) ? round18(cost.div(received)) : ZERO
    return { position: { ...pos, amount, averagePrice }, realizedPnl: ZERO, feeQuote }
  }

  const delivered = fill.amount.plus(feeInBase)
  const matched = D.max(ZERO, D.min(delivered, pos.amount))
  const sellFee = feeQuote ?? ZERO
  const realized = round18(fill.price.minus(pos.averagePrice).times(matched).minus(sellFee))
  const amount = pos.amount.minus(delivered)
  return {
    position: {
      amount,
      averagePrice: amount.gt(0) ? pos.averagePrice : ZERO,
      realizedPnl: pos.realizedPnl.plus(realized),
    },
    realizedPnl: realized,
    feeQuote,
  }
}
