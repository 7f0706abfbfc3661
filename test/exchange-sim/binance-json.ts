/**
 * @module Binance's JSON shapes for the simulator's orders and trades.
 */
import { f8, type SimOrder, type SimTrade } from './types.ts'

/** Binance's JSON for an order (`GET/DELETE /api/v3/order`, `openOrders`). */
export function orderJson(o: SimOrder) {
  return {
    symbol: o.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    price: f8(o.price),
    origQty: f8(o.origQty),
    executedQty: f8(o.executedQty),
    cummulativeQuoteQty: f8(o.cummulativeQuoteQty),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    stopPrice: '0.00000000',
    icebergQty: '0.00000000',
    time: o.time,
    updateTime: o.updateTime,
    isWorking: true,
    workingTime: o.time,
    origQuoteOrderQty: '0.00000000',
    selfTradePreventionMode: 'EXPIRE_MAKER',
  }
}

/** Binance's JSON for an account trade (`GET /api/v3/myTrades`). */
export function tradeJson(t: SimTrade) {
  return {
    symbol: t.symbol,
    id: t.id,
    orderId: t.orderId,
    orderListId: -1,
    price: f8(t.price),
    qty: f8(t.qty),
    quoteQty: f8(t.quoteQty),
    commission: f8(t.commission),
    commissionAsset: t.commissionAsset,
    time: t.time,
    isBuyer: t.isBuyer,
    isMaker: t.isMaker,
    isBestMatch: true,
  }
}
