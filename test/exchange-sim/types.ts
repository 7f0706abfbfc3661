/**
 * @module Shared types of the exchange simulator: Binance-style errors, symbol filters, orders,
 * trades and the default symbols.
 */
import type { Dec } from '../../src/lib/money.ts'

export class BinanceApiError extends Error {
  override name = 'BinanceApiError'
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    msg: string
  ) {
    super(msg)
  }
}

export interface SymbolConfig {
  symbol: string
  base: string
  quote: string
  tickSize: string
  stepSize: string
  minQty: string
  maxQty: string
  minPrice: string
  maxPrice: string
  minNotional: string
}

export const DEFAULT_SYMBOLS: SymbolConfig[] = [
  {
    symbol: 'BTCUSDT',
    base: 'BTC',
    quote: 'USDT',
    tickSize: '0.01',
    stepSize: '0.00001',
    minQty: '0.00001',
    maxQty: '9000',
    minPrice: '0.01',
    maxPrice: '1000000',
    minNotional: '5',
  },
  {
    symbol: 'ETHUSDT',
    base: 'ETH',
    quote: 'USDT',
    tickSize: '0.01',
    stepSize: '0.0001',
    minQty: '0.0001',
    maxQty: '100000',
    minPrice: '0.01',
    maxPrice: '1000000',
    minNotional: '5',
  },
]

export type BookInput = { bids: Array<[string, string]>; asks: Array<[string, string]> }
export type Level = { price: Dec; qty: Dec }
export type Side = 'BUY' | 'SELL'
export type Status = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED'

export interface SimOrder {
  orderId: number
  clientOrderId: string
  symbol: string
  side: Side
  type: 'LIMIT' | 'MARKET' | 'LIMIT_MAKER'
  timeInForce: string
  price: Dec
  origQty: Dec
  executedQty: Dec
  cummulativeQuoteQty: Dec
  status: Status
  time: number
  updateTime: number
}

export interface SimTrade {
  id: number
  orderId: number
  symbol: string
  price: Dec
  qty: Dec
  quoteQty: Dec
  commission: Dec
  commissionAsset: string
  time: number
  isBuyer: boolean
  isMaker: boolean
}

export interface EngineOptions {
  symbols?: SymbolConfig[]
  makerFee?: string
  takerFee?: string
  /** Binance refuses a reused `newClientOrderId` only while the earlier order is open. */
  duplicateClientOrderIdScope?: 'open' | 'all'
}

/** Binance prints amounts and prices with 8 decimals. */
export const f8 = (d: Dec) => d.toFixed(8)
export const OPEN: ReadonlySet<Status> = new Set(['NEW', 'PARTIALLY_FILLED'])
