/**
 * @module The exchange gateway: one object per (exchange, credentials) over ccxt, with cached
 * market metadata, a shared request budget and circuit breaker, CLIENT spans, Decimal results and
 * the error taxonomy of errors.ts. It never retries; `createOrder` sends at most one request.
 */
import { type Dec, D } from '../lib/money.ts'
import { findOrderByClientId } from './client-order-lookup.ts'
import type { CcxtExchange } from './ccxt-instance.ts'
import { ExchangeRejectedError, type RejectReason } from './errors.ts'
import { createGatewayCore, type ExchangeGatewayOptions } from './gateway-core.ts'
import {
  normalizeBalance,
  normalizeMarket,
  normalizeOrder,
  normalizeOrderBook,
  normalizeTicker,
  normalizeTrade,
} from './normalize.ts'
import { checkOrderSize, toCcxtNumber } from './precision.ts'
import { CLIENT_ORDER_ID_RE, clientOrderIdParams, type ExchangeProfile } from './profiles.ts'
import type { CreateOrderRequest, ExchangeGateway, ExchangeTrade, MarketInfo } from './types.ts'

export type { ExchangeGatewayOptions } from './gateway-core.ts'

/**
 * @param opts.exchange - binance | coinbase | kraken | kucoin
 * @param [opts.sandbox=false]
 * @param [opts.guards=createExchangeGuards()] - share one registry per process
 * @param [opts.marketsTtlMs=900000] - market metadata cache lifetime
 * @param [opts.timeoutMs=10000] - per request; a timeout is an unknown outcome
 * @param [opts.ccxtRateLimit=true]
 * @example
 * const gw = createExchangeGateway({ exchange: 'binance', credentials, guards })
 * const order = await gw.createOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount, price, clientOrderId })
 */
export function createExchangeGateway(opts: ExchangeGatewayOptions): ExchangeGateway {
  const { venue, profile, call, withMarkets, spotMarket, rejectLocal } = createGatewayCore(opts)
  const orderOf = (o: unknown, clientOrderId?: string) =>
    normalizeOrder(venue, o as Record<string, any>, clientOrderId)
  const tradesOf = (ts: unknown[]) =>
    ts
      .map((t) => normalizeTrade(venue, t as Record<string, any>))
      .sort(
        (a, b) =>
          (a.timestamp?.getTime() ?? 0) - (b.timestamp?.getTime() ?? 0) ||
          a.tradeId.localeCompare(b.tradeId)
      )

  const gw: ExchangeGateway = {
    venue,
    synthetic: false,

    async markets(): Promise<MarketInfo[]> {
      return withMarkets('markets', (ex) =>
        Object.values(ex.markets ?? {})
          .filter((m) => m.spot === true)
          .map((m) => normalizeMarket(venue, m))
          .sort((a, b) => a.symbol.localeCompare(b.symbol))
      )
    },
    async market(symbol) {
      return withMarkets('market', (ex) => normalizeMarket(venue, spotMarket(ex, symbol, 'market')))
    },
    async ticker(symbol) {
      return call('fetchTicker', { 'exchange.symbol': symbol }, async (ex) => {
        spotMarket(ex, symbol, 'fetchTicker')
        return normalizeTicker(venue, await ex.fetchTicker(symbol))
      })
    },
    async orderBook(symbol, limit = 20) {
      return call('fetchOrderBook', { 'exchange.symbol': symbol }, async (ex) => {
        spotMarket(ex, symbol, 'fetchOrderBook')
        return normalizeOrderBook(venue, symbol, await ex.fetchOrderBook(symbol, limit))
      })
    },
    async amountToPrecision(symbol, amount) {
      return withMarkets('amountToPrecision', (ex) => {
        spotMarket(ex, symbol, 'amountToPrecision')
        return belowOneStepIsZero(() => ex.amountToPrecision(symbol, amount.toFixed()))
      })
    },
    async priceToPrecision(symbol, price) {
      return withMarkets('priceToPrecision', (ex) => {
        spotMarket(ex, symbol, 'priceToPrecision')
        return belowOneStepIsZero(() => ex.priceToPrecision(symbol, price.toFixed()))
      })
    },
    async checkOrderSize(symbol, { amount, price }) {
      return checkOrderSize(await gw.market(symbol), amount, price)
    },

    async balance() {
      return call('fetchBalance', {}, async (ex) =>
        normalizeBalance(venue, await ex.fetchBalance())
      )
    },

    async createOrder(req: CreateOrderRequest) {
      const method = 'createOrder'
      return call(
        method,
        {
          'exchange.symbol': req.symbol,
          'exchange.order_type': req.type,
          'exchange.side': req.side,
        },
        async (ex) => {
          spotMarket(ex, req.symbol, method)
          const { amount, price, params } = orderArgs(ex, req, profile, (reason, msg) =>
            rejectLocal(reason, method, msg)
          )
          return orderOf(
            await ex.createOrder(req.symbol, req.type, req.side, amount, price, params),
            req.clientOrderId
          )
        }
      )
    },
    async fetchOrderByClientId(symbol, clientOrderId, o = {}) {
      return call('fetchOrderByClientId', { 'exchange.symbol': symbol }, async (ex) => {
        spotMarket(ex, symbol, 'fetchOrderByClientId')
        return findOrderByClientId(ex, venue, symbol, clientOrderId, o.since)
      })
    },
    async fetchOrder(symbol, exchangeOrderId) {
      return call('fetchOrder', { 'exchange.symbol': symbol }, async (ex) => {
        spotMarket(ex, symbol, 'fetchOrder')
        return orderOf(await ex.fetchOrder(exchangeOrderId, symbol))
      })
    },
    async cancelOrder(symbol, exchangeOrderId) {
      return call('cancelOrder', { 'exchange.symbol': symbol }, async (ex) => {
        spotMarket(ex, symbol, 'cancelOrder')
        return orderOf(await ex.cancelOrder(exchangeOrderId, symbol))
      })
    },
    async myTrades(symbol, o = {}): Promise<ExchangeTrade[]> {
      return call('fetchMyTrades', { 'exchange.symbol': symbol }, async (ex) => {
        spotMarket(ex, symbol, 'fetchMyTrades')
        return tradesOf(await ex.fetchMyTrades(symbol, o.since?.getTime(), o.limit))
      })
    },
    async orderTrades(symbol, exchangeOrderId, o = {}) {
      return call('fetchOrderTrades', { 'exchange.symbol': symbol }, async (ex) => {
        spotMarket(ex, symbol, 'fetchOrderTrades')
        if (ex.has.fetchOrderTrades)
          return tradesOf(await ex.fetchOrderTrades(exchangeOrderId, symbol, o.since?.getTime()))
        const all = await ex.fetchMyTrades(symbol, o.since?.getTime())
        return tradesOf(all.filter((t) => String(t.order) === exchangeOrderId))
      })
    },
    async validateCredentials() {
      try {
        await gw.balance()
        return { ok: true }
      } catch (e) {
        if (
          e instanceof ExchangeRejectedError &&
          (e.reason === 'authentication' || e.reason === 'permission')
        ) {
          return { ok: false, reason: e.reason, message: e.message }
        }
        throw e
      }
    },
  }
  return gw
}

/**
 * The numbers and params ccxt gets for an order, after the checks that must happen before
 * sending: client id format, prices where needed, and amounts already at market precision (ccxt
 * would silently truncate or round them otherwise).
 */
function orderArgs(
  ex: CcxtExchange,
  req: CreateOrderRequest,
  profile: ExchangeProfile,
  reject: (reason: RejectReason, msg: string) => ExchangeRejectedError
): { amount: number; price: number | undefined; params: Record<string, unknown> } {
  if (!CLIENT_ORDER_ID_RE.test(req.clientOrderId)) {
    throw reject('bad-request', 'client order id must match [A-Za-z0-9_-]{1,36}')
  }
  const quoteSized =
    req.type === 'market' && req.side === 'buy' && profile.marketBuyAmount === 'quote-cost'
  const needsPrice = req.type === 'limit' || quoteSized
  if (needsPrice && !req.price) {
    throw reject(
      'invalid-order',
      quoteSized ? 'a market buy here needs a reference price' : 'a limit order needs a price'
    )
  }
  const atAmount = belowOneStepIsZero(() => ex.amountToPrecision(req.symbol, req.amount.toFixed()))
  if (!atAmount.eq(req.amount)) {
    throw reject(
      'precision',
      `amount ${req.amount.toFixed()} is not at the market precision (${atAmount.toFixed()})`
    )
  }
  if (req.type === 'limit') {
    const atPrice = belowOneStepIsZero(() => ex.priceToPrecision(req.symbol, req.price!.toFixed()))
    if (!atPrice.eq(req.price!)) {
      throw reject(
        'precision',
        `price ${req.price!.toFixed()} is not at the market precision (${atPrice.toFixed()})`
      )
    }
  }
  let amount: number
  let price: number | undefined
  try {
    amount = toCcxtNumber(req.amount)
    price = needsPrice ? toCcxtNumber(req.price!) : undefined
  } catch (e) {
    throw reject('precision', (e as Error).message)
  }
  const params: Record<string, unknown> = { ...clientOrderIdParams(profile.id, req.clientOrderId) }
  if (req.type === 'limit' && req.timeInForce) params.timeInForce = req.timeInForce
  if (req.type === 'limit' && req.postOnly) params.postOnly = true
  return { amount, price, params }
}

/** ccxt throws InvalidOrder when truncation leaves nothing; for us that is simply zero. */
function belowOneStepIsZero(fn: () => string): Dec {
  try {
    return new D(fn())
  } catch (e) {
    if (e instanceof Error && /must be greater than minimum/.test(e.message)) return new D(0)
    throw e
  }
}
