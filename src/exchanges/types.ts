/**
 * @module Venue-neutral types of the exchange layer: markets, tickers, books, orders, trades and the
 * two interfaces the rest of the app codes against — `MarketDataSource` (the gateway and the
 * synthetic `sim` venue both implement it) and `ExchangeGateway` (real exchanges).
 */
import type { Dec } from '../lib/money.ts'

/** Real exchanges reached through ccxt. */
export const EXCHANGE_IDS = ['binance', 'coinbase', 'kraken', 'kucoin'] as const
export type ExchangeId = (typeof EXCHANGE_IDS)[number]
/** Every venue an order may name: the real exchanges plus the synthetic `sim` market. */
export type VenueId = ExchangeId | 'sim'

export function isExchangeId(x: unknown): x is ExchangeId {
  return typeof x === 'string' && (EXCHANGE_IDS as readonly string[]).includes(x)
}

export interface MarketInfo {
  venue: VenueId
  /** Unified symbol, `BASE/QUOTE`. */
  symbol: string
  base: string
  quote: string
  /** null when the exchange does not say. */
  active: boolean | null
  /** Amount tick: amounts are truncated to a multiple of it. */
  amountStep: Dec | null
  /** Price tick: prices are rounded to a multiple of it. */
  priceStep: Dec | null
  minAmount: Dec | null
  maxAmount: Dec | null
  /** Minimum order value in quote currency (Binance NOTIONAL, Kraken costmin, …). */
  minNotional: Dec | null
  makerFee: Dec | null
  takerFee: Dec | null
}

export interface Ticker {
  venue: VenueId
  symbol: string
  bid: Dec | null
  ask: Dec | null
  last: Dec | null
  /** Exchange time of the quote; null when the exchange sends none. */
  timestamp: Date | null
}

export interface BookLevel {
  price: Dec
  amount: Dec
}

export interface OrderBook {
  venue: VenueId
  symbol: string
  /** Best (highest) first. */
  bids: BookLevel[]
  /** Best (lowest) first. */
  asks: BookLevel[]
  timestamp: Date | null
}

export interface OrderSizeViolation {
  code:
    | 'amount-not-positive'
    | 'amount-below-min'
    | 'amount-above-max'
    | 'notional-below-min'
    | 'price-not-positive'
  /** The limit that was crossed, as a decimal string (`'0'` for the not-positive checks). */
  limit: string
  actual: string
}

export interface OrderSizeCheck {
  ok: boolean
  violations: OrderSizeViolation[]
  /** amount × price when a price was known, else null (notional not checked). */
  notional: Dec | null
}

/** The read side shared by real exchanges and the synthetic `sim` venue. */
export interface MarketDataSource {
  readonly venue: VenueId
  /** True only for `sim`: its prices are synthetic, never a real market. */
  readonly synthetic: boolean
  markets(): Promise<MarketInfo[]>
  /** Throws `ExchangeRejectedError` (reason `bad-symbol`) for an unknown symbol. */
  market(symbol: string): Promise<MarketInfo>
  ticker(symbol: string): Promise<Ticker>
  orderBook(symbol: string, limit?: number): Promise<OrderBook>
  /** Truncates to the amount step (ccxt semantics); 0 when less than one step. */
  amountToPrecision(symbol: string, amount: Dec): Promise<Dec>
  /** Rounds half-up to the price step (ccxt semantics). */
  priceToPrecision(symbol: string, price: Dec): Promise<Dec>
  /** Min/max amount and min notional checks on an amount (and price, when known). */
  checkOrderSize(symbol: string, order: { amount: Dec; price: Dec | null }): Promise<OrderSizeCheck>
}

export type OrderSide = 'buy' | 'sell'
export type OrderType = 'market' | 'limit'

/** Our lifecycle vocabulary; null when the exchange's status has no safe mapping (treat as open). */
export type ExchangeOrderStatus = 'open' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected'

export interface CreateOrderRequest {
  symbol: string
  side: OrderSide
  type: OrderType
  /** Base amount, already through `amountToPrecision`. */
  amount: Dec
  /** Limit price; for a market buy on a venue that buys by quote cost (Coinbase) the reference price. */
  price?: Dec
  /** OUR client order id (`[A-Za-z0-9_-]{1,36}`), mapped to the exchange's field. */
  clientOrderId: string
  timeInForce?: 'GTC' | 'IOC' | 'FOK'
  postOnly?: boolean
}

export interface ExchangeTrade {
  venue: VenueId
  /** Exchange trade id: the de-duplication key for fills. */
  tradeId: string
  exchangeOrderId: string | null
  symbol: string
  side: OrderSide | null
  price: Dec
  amount: Dec
  /** price × amount in quote currency. */
  cost: Dec
  fee: { cost: Dec; currency: string | null } | null
  takerOrMaker: 'taker' | 'maker' | null
  timestamp: Date | null
  /** Fields taken from ccxt floats rather than exchange strings (see README, precision). */
  inexact: string[]
}

export interface ExchangeOrder {
  venue: VenueId
  exchangeOrderId: string
  clientOrderId: string | null
  symbol: string
  side: OrderSide | null
  type: string | null
  status: ExchangeOrderStatus | null
  /** The exchange's own status string, for evidence and logs. */
  rawStatus: string | null
  amount: Dec | null
  filled: Dec | null
  remaining: Dec | null
  /** Limit price (null for market orders). */
  price: Dec | null
  average: Dec | null
  /** Filled value in quote currency. */
  cost: Dec | null
  /** Trades carried in the response itself (Binance FULL responses); others: fetch them. */
  trades: ExchangeTrade[]
  timestamp: Date | null
  inexact: string[]
}

export interface BalanceEntry {
  asset: string
  free: Dec
  used: Dec
  total: Dec
}

export type CredentialCheck =
  { ok: true } | { ok: false; reason: 'authentication' | 'permission'; message: string }

export interface Credentials {
  apiKey: string
  secret: string
  /** KuCoin's API passphrase. */
  passphrase?: string
}

/** The full gateway over one exchange: market data plus the signed order operations. */
export interface ExchangeGateway extends MarketDataSource {
  readonly venue: ExchangeId
  balance(): Promise<BalanceEntry[]>
  /** Sends exactly one order request, never retried. Unknown outcome → ExchangeOutcomeUnknownError. */
  createOrder(req: CreateOrderRequest): Promise<ExchangeOrder>
  /** Finds an order by OUR client order id; ExchangeNotFoundError when the exchange has none. */
  fetchOrderByClientId(
    symbol: string,
    clientOrderId: string,
    opts?: { since?: Date }
  ): Promise<ExchangeOrder>
  fetchOrder(symbol: string, exchangeOrderId: string): Promise<ExchangeOrder>
  cancelOrder(symbol: string, exchangeOrderId: string): Promise<ExchangeOrder>
  /** Account trades on a symbol, oldest first, optionally since a time. */
  myTrades(symbol: string, opts?: { since?: Date; limit?: number }): Promise<ExchangeTrade[]>
  /** Trades of one order (for fill import), de-duplicate by `tradeId`. */
  orderTrades(
    symbol: string,
    exchangeOrderId: string,
    opts?: { since?: Date }
  ): Promise<ExchangeTrade[]>
  /** A signed read (balance). ok:false for rejected keys; other failures throw. */
  validateCredentials(): Promise<CredentialCheck>
}
