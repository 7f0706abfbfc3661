/**
 * @module Paper fill engine (pure): how an order would fill against a venue's current order book,
 * or against its ticker when there is no book.
 *
 * - Market orders walk the opposite side from the best level until the amount is filled; what the
 *   book cannot fill is not filled (`remaining`, `rests: false`).
 * - Limit orders walk only levels at or better than the limit, at each level's price (price
 *   improvement); the unfilled remainder rests (`rests: true`). A later call with the remainder
 *   and a newer book continues the order.
 * - With only a ticker, the whole amount fills at the ask (buy) or bid (sell), falling back to
 *   the last price: a ticker has no size, so this is optimistic and flagged `liquidity: 'ticker'`.
 * - Fees are in quote currency: each fill's cost × `feeRate`, kept exact (round when storing).
 */
import { D, SCALE, type Dec, ZERO } from '../lib/money.ts'

export interface PaperOrder {
  side: 'buy' | 'sell'
  type: 'market' | 'limit'
  /** Base amount still to fill. */
  amount: Dec
  /** Limit price (required for limit orders). */
  price?: Dec
}

export interface PaperLevel {
  price: Dec
  amount: Dec
}

export type PaperMarket =
  | { book: { bids: PaperLevel[]; asks: PaperLevel[] } }
  | { ticker: { bid: Dec | null; ask: Dec | null; last?: Dec | null } }

export interface PaperFill {
  price: Dec
  amount: Dec
  /** price × amount, quote currency. */
  cost: Dec
  /** cost × feeRate, quote currency. */
  fee: Dec
}

export interface PaperFillResult {
  fills: PaperFill[]
  filled: Dec
  remaining: Dec
  /** True when a limit order leaves a remainder that keeps resting. */
  rests: boolean
  cost: Dec
  fee: Dec
  /** cost / filled, rounded half-up to 18 decimals; null when nothing filled. */
  averagePrice: Dec | null
  status: 'filled' | 'partially_filled' | 'unfilled'
  liquidity: 'book' | 'ticker'
}

export class InvalidPaperOrder extends Error {
  override name = 'InvalidPaperOrder'
}

/** The venue has no usable price on the side the order needs. */
export class NoPaperLiquidity extends Error {
  override name = 'NoPaperLiquidity'
}

/**
 * @param input.order - side, type, amount and (limit) price
 * @param input.market - `{ book }` (preferred) or `{ ticker }`
 * @param input.feeRate - fraction of cost, e.g. 0.001 for 0.1 %
 * @example
 * const r = fillPaperOrder({ order: { side: 'buy', type: 'market', amount: dec('0.5') }, market: { book }, feeRate: dec('0.001') })
 */
export function fillPaperOrder(input: {
  order: PaperOrder
  market: PaperMarket
  feeRate: Dec
}): PaperFillResult {
  const { order, market, feeRate } = input
  if (!order.amount.gt(0)) throw new InvalidPaperOrder('amount must be positive')
  if (order.type === 'limit' && !order.price?.gt(0))
    throw new InvalidPaperOrder('a limit order needs a positive price')
  if (feeRate.lt(0) || feeRate.gte(1)) throw new InvalidPaperOrder('fee rate must be in [0, 1)')
  const buy = order.side === 'buy'
  const crosses = (p: Dec) =>
    order.type === 'market' || (buy ? p.lte(order.price!) : p.gte(order.price!))

  const fills: PaperFill[] = []
  const take = (price: Dec, amount: Dec) => {
    const cost = price.times(amount)
    fills.push({ price, amount, cost, fee: cost.times(feeRate) })
  }

  let liquidity: PaperFillResult['liquidity']
  if ('book' in market) {
    liquidity = 'book'
    const levels = [...(buy ? market.book.asks : market.book.bids)]
      .filter((l) => l.amount.gt(0) && l.price.gt(0))
      .sort((a, b) => (buy ? a.price.cmp(b.price) : b.price.cmp(a.price)))
    let left = order.amount
    for (const l of levels) {
      if (left.isZero() || !crosses(l.price)) break
      const q = D.min(left, l.amount)
      take(l.price, q)
      left = left.minus(q)
    }
    if (levels.length === 0 && order.type === 'market')
      throw new NoPaperLiquidity(`no ${buy ? 'asks' : 'bids'} in the book`)
  } else {
    liquidity = 'ticker'
    const t = market.ticker
    const price = (buy ? t.ask : t.bid) ?? t.last ?? null
    if (!price || !price.gt(0)) throw new NoPaperLiquidity('the ticker has no usable price')
    if (crosses(price)) take(price, order.amount)
  }

  const filled = fills.reduce((s, f) => s.plus(f.amount), ZERO)
  const cost = fills.reduce((s, f) => s.plus(f.cost), ZERO)
  const remaining = order.amount.minus(filled)
  return {
    fills,
    filled,
    remaining,
    rests: order.type === 'limit' && remaining.gt(0),
    cost,
    fee: fills.reduce((s, f) => s.plus(f.fee), ZERO),
    averagePrice: filled.gt(0) ? cost.div(filled).toDecimalPlaces(SCALE, D.ROUND_HALF_UP) : null,
    status: remaining.isZero() ? 'filled' : filled.gt(0) ? 'partially_filled' : 'unfilled',
    liquidity,
  }
}
