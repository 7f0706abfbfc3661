/**
 * @module The exchange gateway: one object per (exchange, credentials) over ccxt, with cached
 * market metadata, a shared request budget and circuit breaker, CLIENT spans, Decimal results and
 * the error taxonomy of errors.ts. It never retries; `createOrder` sends at most one request.
 */
import { SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api'
import { systemClock, type Clock } from '../lib/clock.ts'
import { type Dec, D } from '../lib/money.ts'
import { buildCcxtExchange, loadCcxt, type CcxtExchange, type CcxtModule } from './ccxt-instance.ts'
import {
  classifyError,
  ExchangeNotFoundError,
  ExchangeOutcomeUnknownError,
  ExchangeRejectedError,
  ExchangeUnavailableError,
  type ExchangeGatewayError,
} from './errors.ts'
import type { FetchLike } from './exchange-fetch.ts'
import { createExchangeGuards, type ExchangeGuards } from './exchange-guards.ts'
import { normalizeBalance, normalizeMarket, normalizeOrder, normalizeOrderBook, normalizeTicker, normalizeTrade } from './normalize.ts'
import { checkOrderSize, toCcxtNumber } from './precision.ts'
import { CLIENT_ORDER_ID_RE, clientOrderIdParams, krakenUserref, PROFILES } from './profiles.ts'
import type { CreateOrderRequest, Credentials, ExchangeGateway, ExchangeId, ExchangeOrder, ExchangeTrade, MarketInfo } from './types.ts'

export interface ExchangeGatewayOptions {
  exchange: ExchangeId
  credentials?: Credentials
  /** Use the exchange's testnet (only where ccxt has one: Binance). */
  sandbox?: boolean
  /** Test hook: every `urls.api[k]` is redirected to this origin, paths kept. */
  baseUrlOverride?: string
  /** Shared budgets and breakers; build one per process and pass it to every gateway. */
  guards?: ExchangeGuards
  clock?: Clock
  tracer?: Tracer
  marketsTtlMs?: number
  timeoutMs?: number
  /** ccxt's own per-instance, weight-aware throttle (on in production; tests turn it off). */
  ccxtRateLimit?: boolean
  fetch?: FetchLike
  loadCcxt?: () => Promise<CcxtModule>
}

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
  const venue = opts.exchange
  const profile = PROFILES[venue]
  if (!profile) throw new Error(`unsupported exchange: ${String(venue)}`)
  const clock = opts.clock ?? systemClock
  const tracer = opts.tracer ?? trace.getTracer('tradeworks.exchanges')
  const guards = opts.guards ?? createExchangeGuards({ clock })
  const { budget, breaker } = guards.for(venue)
  const ttl = opts.marketsTtlMs ?? 15 * 60_000
  const sandbox = opts.sandbox ?? false
  if (sandbox && !profile.sandbox) throw new Error(`${venue} has no sandbox in ccxt`)
  let ccxt: CcxtModule | undefined
  let exPromise: Promise<CcxtExchange> | undefined
  let marketsAt = -Infinity
  let marketsLoad: Promise<void> | undefined

  const instance = () =>
    (exPromise ??= (opts.loadCcxt ?? loadCcxt)().then((mod) => {
      ccxt = mod
      return buildCcxtExchange(mod, {
        exchange: venue,
        credentials: opts.credentials,
        sandbox,
        baseUrlOverride: opts.baseUrlOverride,
        budget,
        clock,
        timeoutMs: opts.timeoutMs ?? 10_000,
        ccxtRateLimit: opts.ccxtRateLimit ?? true,
        fetch: opts.fetch,
      })
    }))
  const fresh = () => clock.now().getTime() - marketsAt < ttl

  async function traced<T>(method: string, attrs: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
    const attributes = { exchange: venue, 'exchange.method': method, 'exchange.sandbox': sandbox, ...attrs }
    return tracer.startActiveSpan(`exchange ${method}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      try {
        return await fn(span)
      } catch (e) {
        const err = e as Error
        span.setStatus({ code: SpanStatusCode.ERROR, message: err.name })
        span.setAttribute('error.type', err.name)
        if ((e as ExchangeGatewayError).kind) span.setAttribute('exchange.error_kind', (e as ExchangeGatewayError).kind)
        throw e
      } finally {
        span.end()
      }
    })
  }

  const classify = (e: unknown, method: string) =>
    classifyError(e, ccxt!, { venue, method, retryAfterMs: budget.retryAfterMs() })

  function settle(err: ExchangeGatewayError) {
    if (err.kind === 'unknown') breaker.onFailure(err.message)
    else if (err.kind === 'rejected' || err.kind === 'not-found') err.sent ? breaker.onSuccess() : breaker.onNeutral()
    else breaker.onNeutral()
  }

  /** Loads markets when stale. A failure here means nothing else was sent: never "unknown". */
  async function ensureMarkets(ex: CcxtExchange): Promise<void> {
    if (fresh() && ex.markets) return
    marketsLoad ??= traced('loadMarkets', {}, async () => {
      try {
        await ex.loadMarkets(true, profile.loadMarketsParams)
        marketsAt = clock.now().getTime()
      } catch (e) {
        const err = classify(e, 'loadMarkets')
        if (err.kind !== 'unknown') throw err
        breaker.onFailure(err.message)
        throw new ExchangeUnavailableError(`markets could not be loaded: ${err.message}`, { venue, method: 'loadMarkets', retryAfterMs: 0, cause: err })
      }
    }).finally(() => (marketsLoad = undefined))
    await marketsLoad
  }

  async function call<T>(method: string, attrs: Attributes, fn: (ex: CcxtExchange) => Promise<T>): Promise<T> {
    return traced(method, attrs, async () => {
      const wait = breaker.tryEnter()
      if (wait > 0) throw new ExchangeUnavailableError(`circuit open, retry in ${wait} ms`, { venue, method, retryAfterMs: wait })
      const ex = await instance().catch((e) => {
        breaker.onNeutral()
        throw e
      })
      try {
        await ensureMarkets(ex)
        const result = await fn(ex)
        breaker.onSuccess()
        return result
      } catch (e) {
        const err = classify(e, method)
        settle(err)
        throw err
      }
    })
  }

  const rejectLocal = (reason: 'bad-symbol' | 'invalid-order' | 'bad-request' | 'precision', method: string, msg: string) =>
    new ExchangeRejectedError(reason, msg, { venue, method, sent: false })

  function spotMarket(ex: CcxtExchange, symbol: string, method: string): Record<string, any> {
    const m = ex.markets?.[symbol]
    if (!m || m.spot !== true) throw rejectLocal('bad-symbol', method, `unknown spot symbol ${symbol}`)
    return m
  }

  /** For reads served from the market cache: network (and breaker) only when it is stale. */
  async function withMarkets<T>(method: string, fn: (ex: CcxtExchange) => T): Promise<T> {
    const ex = await instance()
    if (fresh() && ex.markets) return fn(ex)
    const wait = breaker.tryEnter()
    if (wait > 0) throw new ExchangeUnavailableError(`circuit open, retry in ${wait} ms`, { venue, method, retryAfterMs: wait })
    try {
      await ensureMarkets(ex)
      breaker.onSuccess()
    } catch (e) {
      const err = classify(e, method)
      settle(err)
      throw err
    }
    return fn(ex)
  }

  const orderOf = (o: unknown, clientOrderId?: string) => normalizeOrder(venue, o as Record<string, any>, clientOrderId)
  const tradesOf = (ts: unknown[]) =>
    ts.map((t) => normalizeTrade(venue, t as Record<string, any>)).sort((a, b) => (a.timestamp?.getTime() ?? 0) - (b.timestamp?.getTime() ?? 0) || a.tradeId.localeCompare(b.tradeId))

  async function findByClientId(ex: CcxtExchange, symbol: string, id: string, since?: Date): Promise<ExchangeOrder> {
    const method = 'fetchOrderByClientId'
    const notFound = () => new ExchangeNotFoundError(`no order with client order id ${id}`, { venue, method })
    switch (profile.clientOrderIdLookup) {
      case 'direct': {
        const param = venue === 'kucoin' ? { clientOid: id } : { origClientOrderId: id }
        return orderOf(await ex.fetchOrder(undefined, symbol, param), id)
      }
      case 'scan-recent-orders': {
        const found = (await ex.fetchOrders(symbol, since?.getTime(), 100)).filter((o) => o.clientOrderId === id)
        if (found.length === 0) throw notFound()
        return orderOf(found.at(-1), id)
      }
      case 'scan-by-userref': {
        const userref = krakenUserref(id)
        const params = { userref }
        const open = await ex.fetchOpenOrders(symbol, undefined, undefined, params)
        const closed = await ex.fetchClosedOrders(symbol, since?.getTime(), undefined, params)
        const found = [...open, ...closed].filter((o) => String(o.info?.userref) === String(userref) && o.symbol === symbol)
        if (found.length === 0) throw notFound()
        if (found.length > 1) {
          throw new ExchangeOutcomeUnknownError(`${found.length} orders share userref ${userref}`, { venue, method })
        }
        return orderOf(found[0], id)
      }
    }
  }

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
      return call('fetchBalance', {}, async (ex) => normalizeBalance(venue, await ex.fetchBalance()))
    },

    async createOrder(req: CreateOrderRequest) {
      const method = 'createOrder'
      return call(method, { 'exchange.symbol': req.symbol, 'exchange.order_type': req.type, 'exchange.side': req.side }, async (ex) => {
        if (!CLIENT_ORDER_ID_RE.test(req.clientOrderId)) throw rejectLocal('bad-request', method, 'client order id must match [A-Za-z0-9_-]{1,36}')
        spotMarket(ex, req.symbol, method)
        const quoteSized = req.type === 'market' && req.side === 'buy' && profile.marketBuyAmount === 'quote-cost'
        if ((req.type === 'limit' || quoteSized) && !req.price) {
          throw rejectLocal('invalid-order', method, quoteSized ? 'a market buy here needs a reference price' : 'a limit order needs a price')
        }
        // ccxt would silently truncate/round an off-precision value; refuse instead, unsent.
        const atAmount = belowOneStepIsZero(() => ex.amountToPrecision(req.symbol, req.amount.toFixed()))
        if (!atAmount.eq(req.amount)) {
          throw rejectLocal('precision', method, `amount ${req.amount.toFixed()} is not at the market precision (${atAmount.toFixed()})`)
        }
        if (req.type === 'limit') {
          const atPrice = belowOneStepIsZero(() => ex.priceToPrecision(req.symbol, (req.price as Dec).toFixed()))
          if (!atPrice.eq(req.price as Dec)) {
            throw rejectLocal('precision', method, `price ${(req.price as Dec).toFixed()} is not at the market precision (${atPrice.toFixed()})`)
          }
        }
        let amount: number
        let price: number | undefined
        try {
          amount = toCcxtNumber(req.amount)
          price = req.type === 'limit' || quoteSized ? toCcxtNumber(req.price as Dec) : undefined
        } catch (e) {
          throw rejectLocal('precision', method, (e as Error).message)
        }
        const params: Record<string, unknown> = { ...clientOrderIdParams(venue, req.clientOrderId) }
        if (req.type === 'limit' && req.timeInForce) params.timeInForce = req.timeInForce
        if (req.type === 'limit' && req.postOnly) params.postOnly = true
        return orderOf(await ex.createOrder(req.symbol, req.type, req.side, amount, price, params), req.clientOrderId)
      })
    },
    async fetchOrderByClientId(symbol, clientOrderId, o = {}) {
      return call('fetchOrderByClientId', { 'exchange.symbol': symbol }, async (ex) => {
        spotMarket(ex, symbol, 'fetchOrderByClientId')
        return findByClientId(ex, symbol, clientOrderId, o.since)
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
        if (ex.has.fetchOrderTrades) return tradesOf(await ex.fetchOrderTrades(exchangeOrderId, symbol, o.since?.getTime()))
        const all = await ex.fetchMyTrades(symbol, o.since?.getTime())
        return tradesOf(all.filter((t) => String(t.order) === exchangeOrderId))
      })
    },
    async validateCredentials() {
      try {
        await gw.balance()
        return { ok: true }
      } catch (e) {
        if (e instanceof ExchangeRejectedError && (e.reason === 'authentication' || e.reason === 'permission')) {
          return { ok: false, reason: e.reason, message: e.message }
        }
        throw e
      }
    },
  }
  return gw
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
