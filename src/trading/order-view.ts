/**
 * @module Rows → API bodies for orders, fills and positions (money as canonical decimal strings).
 */
import { fromDb, toStr } from '../lib/money.ts'
import type { fills, orders, positions } from './trading.schema.ts'
import type { OrderView } from './trading.types.ts'

export type OrderRow = typeof orders.$inferSelect
export type FillRow = typeof fills.$inferSelect
export type PositionRow = typeof positions.$inferSelect

const money = (s: string | null) => (s === null ? null : toStr(fromDb(s)!))

export function orderView(r: OrderRow): OrderView {
  return {
    id: r.id,
    clientOrderId: r.clientOrderId,
    status: r.status,
    mode: r.mode,
    exchange: r.venue,
    symbol: r.symbol,
    side: r.side,
    type: r.type,
    amount: money(r.amount)!,
    requestedAmount: money(r.requestedAmount)!,
    price: money(r.price),
    referencePrice: money(r.referencePrice),
    filled: money(r.filled)!,
    averagePrice: money(r.averagePrice),
    exchangeOrderId: r.exchangeOrderId,
    botId: r.botId,
    rejectReason: r.rejectReason,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }
}

export function fillView(r: FillRow) {
  return {
    id: r.id,
    orderId: r.orderId,
    botId: r.botId,
    mode: r.mode,
    exchange: r.venue,
    symbol: r.symbol,
    side: r.side,
    tradeId: r.tradeId,
    price: money(r.price)!,
    amount: money(r.amount)!,
    cost: money(r.cost)!,
    fee: money(r.fee)!,
    feeCurrency: r.feeCurrency,
    feeQuote: money(r.feeQuote),
    realizedPnl: money(r.realizedPnl)!,
    takerOrMaker: r.takerOrMaker,
    ts: r.ts.toISOString(),
  }
}

export function positionView(r: PositionRow) {
  return {
    mode: r.mode,
    exchange: r.venue,
    symbol: r.symbol,
    amount: money(r.amount)!,
    averagePrice: money(r.averagePrice)!,
    realizedPnl: money(r.realizedPnl)!,
    updatedAt: r.updatedAt.toISOString(),
  }
}
