/**
 * @module Unrealized PnL of open FIFO lots at a given latest price per symbol.
 *
 * For each open lot: (price − lot price)·remaining − lot fee·remaining/lot amount, i.e. what
 * selling the open quantity at that price would realize before the (unknown) sell fee. A symbol
 * with open lots and no price has `unrealizedPnl: null`, and then so does the total.
 */
import { ZERO, toStr, type Dec } from '../lib/money.ts'
import type { SymbolState } from './fifo.ts'
import { money, moneyOrNull, round18, toDec, type DecLike } from './num.ts'

export interface UnrealizedRow {
  symbol: string
  openAmount: string
  costBasis: string
  openFees: string
  price: string | null
  unrealizedPnl: string | null
}

export interface UnrealizedSummary {
  total: string | null
  bySymbol: UnrealizedRow[]
}

/**
 * @param prices latest recorded price per symbol; a missing or null entry leaves it unpriced
 * @example unrealizedPnl(result.states, { 'BTC/USDT': '64000' }).total
 */
export function unrealizedPnl(
  states: Readonly<Record<string, SymbolState>>,
  prices: Readonly<Record<string, DecLike | null | undefined>>
): UnrealizedSummary {
  const rows: UnrealizedRow[] = []
  let total: Dec | null = ZERO
  for (const symbol of Object.keys(states).sort()) {
    const lots = states[symbol]!.lots
    if (lots.length === 0) continue
    let open = ZERO
    let cost = ZERO
    let fees = ZERO
    for (const l of lots) {
      open = open.plus(l.remaining)
      cost = cost.plus(l.price.times(l.remaining))
      fees = fees.plus(l.remaining.eq(l.amount) ? l.fee : l.fee.times(l.remaining).div(l.amount))
    }
    const raw = prices[symbol]
    const price = raw === undefined || raw === null ? null : toDec(raw)
    const pnl = price === null ? null : price.times(open).minus(cost).minus(fees)
    total = total === null || pnl === null ? null : total.plus(round18(pnl))
    rows.push({
      symbol,
      openAmount: toStr(open),
      costBasis: money(cost),
      openFees: money(fees),
      price: price === null ? null : toStr(price),
      unrealizedPnl: moneyOrNull(pnl),
    })
  }
  return { total: moneyOrNull(total), bySymbol: rows }
}
