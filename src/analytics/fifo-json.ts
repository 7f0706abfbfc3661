/**
 * @module JSON forms of FIFO state and trades: decimal strings, ISO timestamps.
 *
 * `stateToJSON`/`stateFromJSON` round-trip exactly, so lot state can be persisted between fills
 * (as JSON or as lot rows) and the engine resumed later with identical results.
 */
import { toStr } from '../lib/money.ts'
import type { Lot, SymbolState, Trade, UnpricedFee, Unmatched } from './fifo.ts'
import { money, toDec } from './num.ts'

export interface LotJSON {
  fillId: string
  ts: string
  price: string
  amount: string
  remaining: string
  fee: string
  unpricedFee: { currency: string; amount: string } | null
}

export interface SymbolStateJSON {
  symbol: string
  lots: LotJSON[]
  lastTs: string | null
}

const unpricedToJSON = (u: UnpricedFee) => ({ currency: u.currency, amount: money(u.amount) })

export function stateToJSON(state: SymbolState): SymbolStateJSON {
  return {
    symbol: state.symbol,
    lastTs: state.lastTs?.toISOString() ?? null,
    lots: state.lots.map((l) => ({
      fillId: l.fillId,
      ts: l.ts.toISOString(),
      price: toStr(l.price),
      amount: toStr(l.amount),
      remaining: toStr(l.remaining),
      fee: toStr(l.fee),
      unpricedFee: l.unpricedFee && {
        currency: l.unpricedFee.currency,
        amount: toStr(l.unpricedFee.amount),
      },
    })),
  }
}

export function stateFromJSON(json: SymbolStateJSON): SymbolState {
  return {
    symbol: json.symbol,
    lastTs: json.lastTs === null ? null : new Date(json.lastTs),
    lots: json.lots.map(
      (l): Lot => ({
        fillId: l.fillId,
        ts: new Date(l.ts),
        price: toDec(l.price),
        amount: toDec(l.amount),
        remaining: toDec(l.remaining),
        fee: toDec(l.fee),
        unpricedFee: l.unpricedFee && {
          currency: l.unpricedFee.currency,
          amount: toDec(l.unpricedFee.amount),
        },
      })
    ),
  }
}

export function tradeToJSON(t: Trade) {
  return {
    id: t.id,
    ts: t.ts.toISOString(),
    symbol: t.symbol,
    amount: toStr(t.amount),
    price: toStr(t.price),
    matchedAmount: toStr(t.matchedAmount),
    unmatchedAmount: toStr(t.unmatchedAmount),
    costBasis: money(t.costBasis),
    grossPnl: money(t.grossPnl),
    fees: money(t.fees),
    pnl: money(t.pnl),
    unpricedFees: t.unpricedFees.map(unpricedToJSON),
    matches: t.matches.map((m) => ({
      fillId: m.fillId,
      price: toStr(m.price),
      amount: toStr(m.amount),
      fee: money(m.fee),
    })),
  }
}

export function unmatchedToJSON(u: Unmatched) {
  return {
    fillId: u.fillId,
    ts: u.ts.toISOString(),
    symbol: u.symbol,
    amount: toStr(u.amount),
    fee: money(u.fee),
  }
}
