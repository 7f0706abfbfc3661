/**
 * @module Everything decided about an order before the database or an exchange's order endpoint is
 * touched: the mode, the venue and market (unknown → 422), amounts at the market's precision
 * (amountToPrecision truncates, priceToPrecision rounds), the reference price, and the venue's
 * minimum amount / notional (violations → 422, so no below-minimum order is ever sent).
 */
import { ExchangeGatewayError, ExchangeRejectedError } from '../exchanges/errors.ts'
import type { MarketDataSource, MarketInfo, OrderBook, VenueId } from '../exchanges/types.ts'
import { dec, toStr, type Dec } from '../lib/money.ts'
import { ProblemError } from '../lib/problem.ts'
import type { OrderRequest, TradingMode } from './trading.types.ts'
import type { Venues } from './venues.ts'

/** Levels a paper order may walk; what they cannot fill is not filled (market) or rests (limit). */
export const PAPER_BOOK_DEPTH = 20

export interface PreparedOrder {
  request: OrderRequest
  mode: TradingMode
  venue: VenueId
  market: MarketInfo
  requestedAmount: Dec
  /** After amountToPrecision. */
  amount: Dec
  /** Limit price after priceToPrecision; null for market orders. */
  price: Dec | null
  /** The limit, or the best opposite quote (market orders); null when the venue shows none. */
  referencePrice: Dec | null
  /** Paper orders: the book they fill against. */
  book: OrderBook | null
}

/** Paper unless the platform trades live and the order asks for (or defaults to) live; `sim` is always paper. */
export function resolveMode(request: OrderRequest, platformMode: TradingMode): TradingMode {
  if (request.exchange === 'sim') {
    if (request.mode === 'live') {
      throw new ProblemError({
        status: 422,
        type: 'live-not-available',
        detail: 'The sim venue is synthetic: it only supports paper orders.',
        errors: [{ path: 'mode', message: 'must be paper on sim' }],
      })
    }
    return 'paper'
  }
  if (request.mode === 'live' && platformMode !== 'live') {
    throw new ProblemError({
      status: 403,
      type: 'live-trading-disabled',
      detail: 'Live trading is not enabled on this platform (TRADING_MODE=paper).',
    })
  }
  return request.mode ?? platformMode
}

/** Exchange failures while preparing: the order was not placed, so they are safe to retry. */
export function venueProblem(e: unknown, venue: string): never {
  if (e instanceof ExchangeRejectedError && e.reason === 'bad-symbol') {
    throw new ProblemError({
      status: 422,
      type: 'unknown-symbol',
      detail: `${venue} has no spot market with this symbol.`,
      errors: [{ path: 'symbol', message: 'is not a market on this exchange' }],
    })
  }
  if (e instanceof ExchangeGatewayError) {
    const retry = 'retryAfterMs' in e ? Math.max(1, Math.ceil(Number(e.retryAfterMs) / 1000)) : 5
    throw new ProblemError({
      status: 503,
      type: 'venue-unavailable',
      detail: `${venue} market data is unavailable right now; nothing was placed.`,
      headers: { 'retry-after': String(retry) },
      cause: e,
    })
  }
  throw e
}

const sizeProblem = (detail: string, extra: Record<string, unknown>) =>
  new ProblemError({
    status: 422,
    type: 'order-size',
    detail,
    errors: [{ path: 'amount', message: detail }],
    extra,
  })

export async function prepareOrder(
  request: OrderRequest,
  mode: TradingMode,
  venues: Venues
): Promise<PreparedOrder> {
  const md: MarketDataSource = venues.marketData(request.exchange)
  const venue = request.exchange
  try {
    const market = await md.market(request.symbol)
    if (market.active === false) {
      throw new ProblemError({
        status: 422,
        type: 'market-inactive',
        detail: `${request.symbol} is not trading on ${venue}.`,
      })
    }
    const requestedAmount = dec(request.amount)
    const amount = await md.amountToPrecision(request.symbol, requestedAmount)
    if (!amount.gt(0)) {
      throw sizeProblem(
        `The amount is below one step (${market.amountStep ? toStr(market.amountStep) : '?'}) of ${request.symbol}.`,
        { code: 'below-step' }
      )
    }
    const price =
      request.price === undefined
        ? null
        : await md.priceToPrecision(request.symbol, dec(request.price))
    if (price !== null && !price.gt(0)) {
      throw new ProblemError({
        status: 422,
        type: 'order-price',
        detail: 'The price rounds to zero at this market’s tick.',
        errors: [{ path: 'price', message: 'is below one tick' }],
      })
    }
    let book: OrderBook | null = null
    let referencePrice: Dec | null = price
    if (mode === 'paper') {
      book = await md.orderBook(request.symbol, PAPER_BOOK_DEPTH)
      const best = request.side === 'buy' ? book.asks[0] : book.bids[0]
      referencePrice ??= best?.price ?? null
    } else if (referencePrice === null) {
      const t = await md.ticker(request.symbol)
      referencePrice = (request.side === 'buy' ? t.ask : t.bid) ?? t.last
    }
    const size = await md.checkOrderSize(request.symbol, { amount, price: referencePrice })
    if (!size.ok) {
      const v = size.violations[0]!
      throw sizeProblem(
        `Order size violates the market's ${v.code} (limit ${v.limit}, order ${v.actual}).`,
        { violations: size.violations }
      )
    }
    return { request, mode, venue, market, requestedAmount, amount, price, referencePrice, book }
  } catch (e) {
    if (e instanceof ProblemError) throw e
    return venueProblem(e, venue)
  }
}
