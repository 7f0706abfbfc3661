/**
 * @module Types and errors of the FIFO engine (fifo.ts).
 */
import type { Dec } from '../lib/money.ts'
import type { DecLike } from './num.ts'

export type Side = 'buy' | 'sell'

export interface FillInput {
  /** Stable id of the fill; a sell's trade takes this id. */
  id: string
  ts: Date
  /** Unified spot symbol `BASE/QUOTE`. */
  symbol: string
  side: Side
  /** Base quantity traded (> 0). */
  amount: DecLike
  /** Quote per base (> 0). */
  price: DecLike
  /** Fee in `feeCurrency` (≥ 0). */
  fee: DecLike
  feeCurrency: string
  /** Quote value of a third-currency fee (e.g. BNB), priced by the caller; ignored otherwise. */
  feeQuote?: DecLike | null
}

export interface UnpricedFee {
  currency: string
  amount: Dec
}

export interface Lot {
  fillId: string
  ts: Date
  price: Dec
  /** Base quantity the buy added: its amount minus a fee paid in base. */
  amount: Dec
  remaining: Dec
  /** The whole buy fee valued in quote (0 when it could not be valued). */
  fee: Dec
  /** A third-currency fee with no quote value: excluded from PnL, reported alongside it. */
  unpricedFee: UnpricedFee | null
}

export interface SymbolState {
  symbol: string
  /** Open lots, oldest first. */
  lots: readonly Lot[]
  /** Timestamp of the last fill applied; fills must not go back in time. */
  lastTs: Date | null
}

export interface LotMatch {
  fillId: string
  price: Dec
  amount: Dec
  /** This match's share of the lot's quote fee. */
  fee: Dec
}

export interface Trade {
  /** The sell fill's id. */
  id: string
  ts: Date
  symbol: string
  amount: Dec
  price: Dec
  /** Base quantity closed against lots (the sell amount plus a fee paid in base). */
  matchedAmount: Dec
  /** Base quantity the open lots could not cover; it carries no cost basis and no PnL. */
  unmatchedAmount: Dec
  costBasis: Dec
  /** Σ(sell price − lot price)·matched, rounded to 18 decimals. */
  grossPnl: Dec
  /** Sell fee share plus lot fee shares, in quote, rounded to 18 decimals. */
  fees: Dec
  /** grossPnl − fees. */
  pnl: Dec
  unpricedFees: UnpricedFee[]
  matches: LotMatch[]
}

/** The part of a sell that no open lot covered. */
export interface Unmatched {
  fillId: string
  ts: Date
  symbol: string
  amount: Dec
  /** The sell fee share that belongs to the unmatched quantity (quote). */
  fee: Dec
}

export interface ApplyResult {
  state: SymbolState
  /** Zero or one trade: a sell with at least some matched quantity makes exactly one. */
  trades: Trade[]
  unmatched: Unmatched | null
}

export class InvalidFillError extends Error {
  override name = 'InvalidFillError'
}

export class OutOfOrderFillError extends Error {
  override name = 'OutOfOrderFillError'
}
