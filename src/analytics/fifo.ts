/**
 * @module FIFO lot matching per symbol: fills in, closed trades with realized PnL out.
 *
 * A buy opens a lot; a sell consumes the oldest open lots and is ONE trade:
 *   pnl = Σ(sell price − lot price)·matched − sell fee − Σ lot fee·matched/lot amount
 * with fees valued in quote currency (see DEFINITIONS.md). The state is small, serialisable and
 * advanced one fill at a time, so the order path can persist lots and per-trade PnL as fills
 * arrive and answer `/performance` with SQL aggregates over trade rows.
 */
import { ZERO, type Dec } from '../lib/money.ts'
import {
  InvalidFillError,
  OutOfOrderFillError,
  type ApplyResult,
  type FillInput,
  type Lot,
  type LotMatch,
  type Side,
  type SymbolState,
  type Trade,
  type UnpricedFee,
  type Unmatched,
} from './fifo-types.ts'
import { round18, toDec } from './num.ts'
import { splitSymbol } from './symbol.ts'

export * from './fifo-types.ts'

export function emptyState(symbol: string): SymbolState {
  return { symbol, lots: [], lastTs: null }
}

interface NormalFill {
  id: string
  ts: Date
  symbol: string
  side: Side
  amount: Dec
  price: Dec
  /** Base quantity entering (buy) or leaving (sell) the account. */
  baseDelta: Dec
  feeQuote: Dec
  unpriced: UnpricedFee | null
}

function normalize(fill: FillInput): NormalFill {
  const parts = splitSymbol(fill.symbol)
  if (!parts) throw new InvalidFillError(`fill ${fill.id}: symbol must be BASE/QUOTE`)
  if (fill.side !== 'buy' && fill.side !== 'sell') {
    throw new InvalidFillError(`fill ${fill.id}: side must be buy or sell`)
  }
  if (!(fill.ts instanceof Date) || Number.isNaN(fill.ts.getTime())) {
    throw new InvalidFillError(`fill ${fill.id}: ts is not a valid date`)
  }
  const amount = toDec(fill.amount)
  const price = toDec(fill.price)
  const fee = toDec(fill.fee)
  if (!amount.gt(0) || !price.gt(0) || fee.lt(0)) {
    throw new InvalidFillError(`fill ${fill.id}: amount and price must be > 0 and fee ≥ 0`)
  }
  const currency = fill.feeCurrency.toUpperCase()
  let feeQuote = ZERO
  let baseFee = ZERO
  let unpriced: UnpricedFee | null = null
  if (fee.isZero()) {
    // a zero fee needs no valuation, whatever its currency
  } else if (currency === parts.quote) {
    feeQuote = fee
  } else if (currency === parts.base) {
    // The fee leaves the account in base: valued at the fill's own price, and it changes the
    // position (a buy receives amount − fee; a sell delivers amount + fee).
    baseFee = fee
    feeQuote = fee.times(price)
  } else if (fill.feeQuote !== undefined && fill.feeQuote !== null) {
    feeQuote = toDec(fill.feeQuote)
    if (feeQuote.lt(0)) throw new InvalidFillError(`fill ${fill.id}: feeQuote must be ≥ 0`)
  } else {
    unpriced = { currency, amount: fee }
  }
  const baseDelta = fill.side === 'buy' ? amount.minus(baseFee) : amount.plus(baseFee)
  if (!baseDelta.gt(0))
    throw new InvalidFillError(`fill ${fill.id}: base fee consumes the whole amount`)
  return {
    id: fill.id,
    ts: fill.ts,
    symbol: fill.symbol,
    side: fill.side,
    amount,
    price,
    baseDelta,
    feeQuote,
    unpriced,
  }
}

/** A mutable view of one symbol's open lots; `head` skips consumed lots without shifting. */
interface LotBook {
  lots: Lot[]
  head: number
}

function share(x: Dec, part: Dec, whole: Dec): Dec {
  return part.eq(whole) ? x : x.times(part).div(whole)
}

function addUnpriced(into: UnpricedFee[], fee: UnpricedFee | null, part: Dec, whole: Dec): void {
  if (fee === null) return
  const amount = share(fee.amount, part, whole)
  const existing = into.find((u) => u.currency === fee.currency)
  if (existing) existing.amount = existing.amount.plus(amount)
  else into.push({ currency: fee.currency, amount })
}

function step(book: LotBook, f: NormalFill): { trade: Trade | null; unmatched: Unmatched | null } {
  if (f.side === 'buy') {
    const lot: Lot = {
      fillId: f.id,
      ts: f.ts,
      price: f.price,
      amount: f.baseDelta,
      remaining: f.baseDelta,
      fee: f.feeQuote,
      unpricedFee: f.unpriced,
    }
    book.lots.push(lot)
    return { trade: null, unmatched: null }
  }
  const matches: LotMatch[] = []
  const unpricedFees: UnpricedFee[] = []
  let left = f.baseDelta
  let costBasis = ZERO
  let lotFees = ZERO
  while (left.gt(0) && book.head < book.lots.length) {
    const lot = book.lots[book.head]!
    const take = left.lt(lot.remaining) ? left : lot.remaining
    const fee = share(lot.fee, take, lot.amount)
    matches.push({ fillId: lot.fillId, price: lot.price, amount: take, fee })
    addUnpriced(unpricedFees, lot.unpricedFee, take, lot.amount)
    costBasis = costBasis.plus(lot.price.times(take))
    lotFees = lotFees.plus(fee)
    left = left.minus(take)
    if (take.eq(lot.remaining)) book.head++
    else book.lots[book.head] = { ...lot, remaining: lot.remaining.minus(take) }
  }
  const matched = f.baseDelta.minus(left)
  const unmatched: Unmatched | null = left.gt(0)
    ? {
        fillId: f.id,
        ts: f.ts,
        symbol: f.symbol,
        amount: left,
        fee: round18(f.feeQuote.minus(share(f.feeQuote, matched, f.baseDelta))),
      }
    : null
  if (matched.isZero()) return { trade: null, unmatched }
  // The sell fee is split pro rata between the matched and the unmatched quantity.
  const sellFee = share(f.feeQuote, matched, f.baseDelta)
  addUnpriced(unpricedFees, f.unpriced, matched, f.baseDelta)
  const grossPnl = round18(f.price.times(matched).minus(costBasis))
  const fees = round18(sellFee.plus(lotFees))
  const trade: Trade = {
    id: f.id,
    ts: f.ts,
    symbol: f.symbol,
    amount: f.amount,
    price: f.price,
    matchedAmount: matched,
    unmatchedAmount: left,
    costBasis,
    grossPnl,
    fees,
    pnl: grossPnl.minus(fees),
    unpricedFees,
    matches,
  }
  return { trade, unmatched }
}

function checkOrder(state: SymbolState, f: NormalFill): void {
  if (f.symbol !== state.symbol) {
    throw new InvalidFillError(`fill ${f.id}: symbol ${f.symbol} applied to ${state.symbol} state`)
  }
  if (state.lastTs !== null && f.ts.getTime() < state.lastTs.getTime()) {
    throw new OutOfOrderFillError(
      `fill ${f.id} at ${f.ts.toISOString()} is older than the last applied fill ` +
        `(${state.lastTs.toISOString()}); replay the symbol from before it`
    )
  }
}

/**
 * Applies one fill to a symbol's state. Pure: the input state is not modified.
 * @throws InvalidFillError for a malformed fill, OutOfOrderFillError for one older than the state.
 * @example
 * let s = emptyState('BTC/USDT')
 * s = applyFill(s, buy).state
 * const { state, trades } = applyFill(s, sell) // trades[0].pnl
 */
export function applyFill(state: SymbolState, fill: FillInput): ApplyResult {
  const f = normalize(fill)
  checkOrder(state, f)
  const book: LotBook = { lots: state.lots.slice(), head: 0 }
  const { trade, unmatched } = step(book, f)
  const next: SymbolState = { symbol: state.symbol, lots: book.lots.slice(book.head), lastTs: f.ts }
  return { state: next, trades: trade ? [trade] : [], unmatched }
}

export interface ReplayResult {
  /** Final state per symbol. */
  states: Record<string, SymbolState>
  /** Trades in fill order. */
  trades: Trade[]
  unmatched: Unmatched[]
}

/**
 * Replays many fills over all symbols (batch form of applyFill, linear in the number of fills).
 * Fills are ordered by `ts`; fills with the same `ts` keep the order they are given in.
 * @param [initial={}] states to resume from, keyed by symbol
 */
export function replayFills(
  fills: readonly FillInput[],
  initial: Readonly<Record<string, SymbolState>> = {}
): ReplayResult {
  const ordered = fills
    .map((f, i) => ({ f, i, t: f.ts.getTime() }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
  const books = new Map<string, { state: SymbolState; book: LotBook }>()
  const trades: Trade[] = []
  const unmatched: Unmatched[] = []
  for (const { f: fill } of ordered) {
    const f = normalize(fill)
    let entry = books.get(f.symbol)
    if (!entry) {
      const state = initial[f.symbol] ?? emptyState(f.symbol)
      entry = { state, book: { lots: state.lots.slice(), head: 0 } }
      books.set(f.symbol, entry)
    }
    checkOrder(entry.state, f)
    const r = step(entry.book, f)
    entry.state = { symbol: f.symbol, lots: [], lastTs: f.ts }
    if (r.trade) trades.push(r.trade)
    if (r.unmatched) unmatched.push(r.unmatched)
    if (entry.book.head > 1024 && entry.book.head * 2 > entry.book.lots.length) {
      entry.book.lots = entry.book.lots.slice(entry.book.head)
      entry.book.head = 0
    }
  }
  const states: Record<string, SymbolState> = { ...initial }
  for (const [symbol, { state, book }] of books) {
    states[symbol] = { symbol, lots: book.lots.slice(book.head), lastTs: state.lastTs }
  }
  return { states, trades, unmatched }
}
