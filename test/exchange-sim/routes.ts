/**
 * @module The simulator's REST endpoints, Binance spot paths and response shapes.
 */
import { D } from '../../src/lib/money.ts'
import { orderJson, tradeJson } from './binance-json.ts'
import type { SimEngine } from './engine.ts'
import { BinanceApiError, f8 } from './types.ts'

export type Handler = (
  p: Record<string, string>,
  ctx: { now: number; notFound: boolean }
) => unknown

/** Endpoints that need an API key and a signature. */
export const SIGNED = new Set([
  'GET /api/v3/account',
  'POST /api/v3/order',
  'POST /api/v3/order/test',
  'GET /api/v3/order',
  'DELETE /api/v3/order',
  'GET /api/v3/openOrders',
  'GET /api/v3/myTrades',
])

export function buildRoutes(engine: SimEngine): Record<string, Handler> {
  const symbolsParam = (p: Record<string, string>): string[] | null =>
    p.symbol ? [p.symbol] : p.symbols ? (JSON.parse(p.symbols) as string[]) : null
  const each = <T>(p: Record<string, string>, fn: (s: string) => T) => {
    const list = symbolsParam(p)
    if (!list) return [...engine.symbols.keys()].map(fn)
    for (const s of list) engine.spec(s)
    return p.symbol ? fn(p.symbol) : list.map(fn)
  }
  const orderFull = (p: Record<string, string>, now: number) => {
    const { order, fills } = engine.placeOrder(p, now)
    const ack = {
      symbol: order.symbol,
      orderId: order.orderId,
      orderListId: -1,
      clientOrderId: order.clientOrderId,
      transactTime: now,
    }
    const respType = p.newOrderRespType ?? (order.type === 'LIMIT_MAKER' ? 'ACK' : 'FULL')
    if (respType === 'ACK') return ack
    const {
      symbol,
      orderId,
      orderListId,
      clientOrderId,
      time,
      updateTime,
      isWorking,
      stopPrice,
      icebergQty,
      ...rest
    } = orderJson(order)
    const result = { ...ack, ...rest, workingTime: now }
    if (respType === 'RESULT') return result
    return {
      ...result,
      fills: fills.map((t) => ({
        price: f8(t.price),
        qty: f8(t.qty),
        commission: f8(t.commission),
        commissionAsset: t.commissionAsset,
        tradeId: t.id,
      })),
    }
  }
  return {
    'GET /api/v3/ping': () => ({}),
    'GET /api/v3/time': (_p, { now }) => ({ serverTime: now }),
    'GET /api/v3/exchangeInfo': (p, { now }) => ({
      timezone: 'UTC',
      serverTime: now,
      rateLimits: [
        { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      ],
      exchangeFilters: [],
      symbols: [...engine.symbols.values()]
        .filter((s) => !symbolsParam(p) || symbolsParam(p)!.includes(s.symbol))
        .map((s) => ({
          symbol: s.symbol,
          status: 'TRADING',
          baseAsset: s.base,
          baseAssetPrecision: 8,
          quoteAsset: s.quote,
          quotePrecision: 8,
          quoteAssetPrecision: 8,
          baseCommissionPrecision: 8,
          quoteCommissionPrecision: 8,
          orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET'],
          icebergAllowed: false,
          ocoAllowed: false,
          quoteOrderQtyMarketAllowed: true,
          allowTrailingStop: false,
          cancelReplaceAllowed: false,
          isSpotTradingAllowed: true,
          isMarginTradingAllowed: false,
          filters: [
            {
              filterType: 'PRICE_FILTER',
              minPrice: f8(new D(s.minPrice)),
              maxPrice: f8(new D(s.maxPrice)),
              tickSize: f8(new D(s.tickSize)),
            },
            {
              filterType: 'LOT_SIZE',
              minQty: f8(new D(s.minQty)),
              maxQty: f8(new D(s.maxQty)),
              stepSize: f8(new D(s.stepSize)),
            },
            {
              filterType: 'NOTIONAL',
              minNotional: f8(new D(s.minNotional)),
              applyMinToMarket: true,
              maxNotional: '9000000.00000000',
              applyMaxToMarket: false,
              avgPriceMins: 5,
            },
          ],
          permissions: [],
          permissionSets: [['SPOT']],
          defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
          allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
        })),
    }),
    'GET /api/v3/ticker/24hr': (p, { now }) => each(p, (s) => ticker24h(engine, s, now)),
    'GET /api/v3/ticker/price': (p) =>
      each(p, (s) => ({ symbol: s, price: f8(engine.referencePrice(s) ?? new D(0)) })),
    'GET /api/v3/ticker/bookTicker': (p) =>
      each(p, (s) => {
        const { bid, ask } = engine.bestBidAsk(s)
        return {
          symbol: s,
          bidPrice: f8(bid?.price ?? new D(0)),
          bidQty: f8(bid?.qty ?? new D(0)),
          askPrice: f8(ask?.price ?? new D(0)),
          askQty: f8(ask?.qty ?? new D(0)),
        }
      }),
    'GET /api/v3/depth': (p) =>
      engine.depth(engine.spec(p.symbol).symbol, Math.min(Number(p.limit ?? 100), 5000)),
    'GET /api/v3/account': (_p, { now }) => ({
      makerCommission: 10,
      takerCommission: 10,
      buyerCommission: 0,
      sellerCommission: 0,
      commissionRates: {
        maker: '0.00100000',
        taker: '0.00100000',
        buyer: '0.00000000',
        seller: '0.00000000',
      },
      canTrade: true,
      canWithdraw: true,
      canDeposit: true,
      brokered: false,
      requireSelfTradePrevention: false,
      preventSor: false,
      updateTime: now,
      accountType: 'SPOT',
      balances: engine.accountBalances(),
      permissions: ['SPOT'],
      uid: 1,
    }),
    'POST /api/v3/order': (p, { now }) => orderFull(p, now),
    'POST /api/v3/order/test': () => ({}),
    'GET /api/v3/order': (p, { notFound }) => {
      if (notFound) throw new BinanceApiError(400, -2013, 'Order does not exist.')
      return orderJson(engine.findOrder(p.symbol ?? '', p.orderId, p.origClientOrderId))
    },
    'DELETE /api/v3/order': (p, { now, notFound }) => {
      if (notFound) throw new BinanceApiError(400, -2011, 'Unknown order sent.')
      const o = engine.cancelOrder(p.symbol ?? '', p.orderId, p.origClientOrderId, now)
      return {
        ...orderJson(o),
        origClientOrderId: o.clientOrderId,
        clientOrderId: p.newClientOrderId ?? `cancel_${o.orderId}`,
        transactTime: now,
      }
    },
    'GET /api/v3/openOrders': (p) => {
      if (p.symbol) engine.spec(p.symbol)
      return engine.openOrders(p.symbol).map(orderJson)
    },
    'GET /api/v3/myTrades': (p) => {
      const num = (k: string) => (p[k] === undefined ? undefined : Number(p[k]))
      const q = {
        orderId: p.orderId,
        startTime: num('startTime'),
        endTime: num('endTime'),
        fromId: num('fromId'),
        limit: num('limit'),
      }
      return engine.myTrades(engine.spec(p.symbol).symbol, q).map(tradeJson)
    },
  }
}

function ticker24h(engine: SimEngine, s: string, now: number) {
  const { bid, ask } = engine.bestBidAsk(s)
  const recent = engine.tradesOf(s).filter((t) => t.time >= now - 86_400_000)
  const last = engine.referencePrice(s) ?? new D(0)
  const open = recent[0]?.price ?? last
  const prices = recent.map((t) => t.price)
  const volume = recent.reduce((a, t) => a.plus(t.qty), new D(0))
  const quoteVolume = recent.reduce((a, t) => a.plus(t.quoteQty), new D(0))
  return {
    symbol: s,
    priceChange: f8(last.minus(open)),
    priceChangePercent: open.isZero() ? '0.000' : last.minus(open).div(open).times(100).toFixed(3),
    weightedAvgPrice: f8(volume.isZero() ? last : quoteVolume.div(volume)),
    prevClosePrice: f8(open),
    lastPrice: f8(last),
    lastQty: f8(recent.at(-1)?.qty ?? new D(0)),
    bidPrice: f8(bid?.price ?? new D(0)),
    bidQty: f8(bid?.qty ?? new D(0)),
    askPrice: f8(ask?.price ?? new D(0)),
    askQty: f8(ask?.qty ?? new D(0)),
    openPrice: f8(open),
    highPrice: f8(prices.length ? D.max(...prices) : last),
    lowPrice: f8(prices.length ? D.min(...prices) : last),
    volume: f8(volume),
    quoteVolume: f8(quoteVolume),
    openTime: now - 86_400_000,
    closeTime: now,
    firstId: recent[0]?.id ?? -1,
    lastId: recent.at(-1)?.id ?? -1,
    count: recent.length,
  }
}
