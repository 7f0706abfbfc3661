/**
 * @module The interfaces the trading core is built around and that other features implement:
 * the pre-trade compliance gate, fill listeners, live exchange access, and the order shapes.
 */
import type { Credentials, ExchangeId, OrderSide, OrderType, VenueId } from '../exchanges/types.ts'
import type { Tx } from '../db/types.ts'
import type { Dec } from '../lib/money.ts'
import type { OrderStatus, TradingMode } from './trading.schema.ts'

export type { OrderStatus, TradingMode }

/** `POST /v1/orders` body after validation (amounts still the client's decimal strings). */
export interface OrderRequest {
  exchange: VenueId
  symbol: string
  side: OrderSide
  type: OrderType
  amount: string
  price?: string
  /** Defaults to the platform's TRADING_MODE; `sim` is always paper. */
  mode?: TradingMode
}

export type PreTradeDecision = 'approved' | 'requires_kyc' | 'review' | 'blocked'

export interface PreTradeCheckInput {
  userId: string
  /** Our order id (written in the same transaction when the order is accepted). */
  orderId: string
  mode: TradingMode
  venue: VenueId
  symbol: string
  side: OrderSide
  amount: Dec
  /** Limit price, or the best opposite quote for a market order; null when none is known. */
  price: Dec | null
  quoteCurrency: string
  now: Date
}

export interface PreTradeCheckResult {
  decision: PreTradeDecision
  reasons: ReadonlyArray<{ code: string; message: string }>
}

/**
 * The compliance gate the order path calls after the kill switch and before risk limits. Injected;
 * `approved` and `review` let the order through, anything else — or a throw — refuses it (fail
 * closed). `tx` is the order's transaction: whatever the gate writes commits or rolls back with it.
 */
export interface PreTradeCompliance {
  check(input: PreTradeCheckInput, tx?: Tx): Promise<PreTradeCheckResult>
}

/** A fill as stored (decimals as Dec), handed to fill listeners. */
export interface RecordedFill {
  id: string
  userId: string
  orderId: string
  botId: string | null
  mode: TradingMode
  venue: string
  symbol: string
  side: OrderSide
  tradeId: string
  price: Dec
  amount: Dec
  cost: Dec
  fee: Dec
  feeCurrency: string | null
  feeQuote: Dec | null
  realizedPnl: Dec
  takerOrMaker: string | null
  ts: Date
}

/**
 * Called inside the transaction that stored `fills` (only newly stored ones, each exactly once);
 * a throw rolls the fills, the position update and the order update back together.
 *
 * `prefetch`, when given, is sent in the same round trip as the fills' INSERT (so it must only read
 * what that INSERT does not change); its result is handed to `onFills`, whose statements are sent
 * after the fills are stored.
 */
export interface FillListener<P = unknown> {
  name: string
  prefetch?(tx: Tx, fills: readonly RecordedFill[]): Promise<P>
  onFills(tx: Tx, fills: readonly RecordedFill[], prefetched?: P): Promise<void>
}

/** Finds the user's validated exchange key (accounts feature), decrypted, for live orders. */
export interface LiveCredentialsProvider {
  credentialsFor(
    userId: string,
    venue: ExchangeId
  ): Promise<{ keyId: string; credentials: Credentials } | null>
}

/** The order as the API shows it. Money as decimal strings. */
export interface OrderView {
  id: string
  clientOrderId: string
  status: OrderStatus
  mode: TradingMode
  exchange: string
  symbol: string
  side: OrderSide
  type: OrderType
  amount: string
  requestedAmount: string
  price: string | null
  referencePrice: string | null
  filled: string
  averagePrice: string | null
  exchangeOrderId: string | null
  botId: string | null
  rejectReason: string | null
  createdAt: string
  updatedAt: string
}

export interface PlaceOrderInput {
  userId: string
  idempotencyKey: string
  request: OrderRequest
  /** The route verified a step-up proof for this request (live orders need one). */
  stepUp?: boolean
  botId?: string | null
}

export interface PlaceOrderResult {
  status: number
  body: OrderView
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean
}
