/**
 * @module Loopback Binance-compatible spot REST simulator for tests (node:http on 127.0.0.1, random
 * port). It checks API key, HMAC signature and timestamp window like Binance, matches orders on
 * its engine, injects faults, and records every call.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { D } from '../../src/lib/money.ts'
import {
  BinanceApiError,
  SimEngine,
  f8,
  orderJson,
  tradeJson,
  type BookInput,
  type EngineOptions,
} from './engine.ts'
import { FaultTable, type EndpointPattern, type Fault } from './faults.ts'

export interface SimulatorOptions extends EngineOptions {
  apiKey?: string
  secret?: string
  /** Outside liquidity per symbol (`BTCUSDT` or `BTC/USDT`). */
  books?: Record<string, BookInput>
  /** Free balances per asset; defaults to 100000 USDT, 10 BTC, 100 ETH. */
  balances?: Record<string, string>
  /** Server clock in ms (timestamp window checks, order times). */
  now?: () => number
}

export interface CallRecord {
  seq: number
  endpoint: string
  method: string
  path: string
  /** Request parameters as received, without `signature`. */
  params: Record<string, string>
  /** HTTP status sent, or `'destroyed'` when the connection was cut. */
  status: number | 'destroyed'
  fault: Fault['type'] | null
  at: number
}

export interface CallRecorder {
  readonly log: readonly CallRecord[]
  /** Calls to one endpoint (`'POST /api/v3/order'`), or all calls without an argument. */
  count(endpoint?: string): number
  counts(): Record<string, number>
  reset(): void
}

export interface ExchangeSimulator {
  url: string
  apiKey: string
  secret: string
  calls: CallRecorder
  engine: SimEngine
  /** Applies `fault` to the next `times` calls of `endpoint` (`'POST /api/v3/order'` or `'*'`). */
  setFault(endpoint: EndpointPattern, fault: Fault, times?: number): void
  clearFaults(): void
  setBook(symbol: string, book: BookInput): void
  setBalance(asset: string, free: string, locked?: string): void
  close(): Promise<void>
}

type Handler = (p: Record<string, string>, ctx: { now: number; notFound: boolean }) => unknown
const SIGNED = new Set(['GET /api/v3/account', 'POST /api/v3/order', 'POST /api/v3/order/test', 'GET /api/v3/order', 'DELETE /api/v3/order', 'GET /api/v3/openOrders', 'GET /api/v3/myTrades'])
const MAX_RECV_WINDOW = 60_000

const sym = (s: string) => s.replace('/', '')

export async function startExchangeSimulator(opts: SimulatorOptions = {}): Promise<ExchangeSimulator> {
  const apiKey = opts.apiKey ?? 'sim-api-key-0123456789'
  const secret = opts.secret ?? 'sim-secret-abcdefghijklmnopqrstuvwxyz'
  const now = opts.now ?? Date.now
  const engine = new SimEngine(opts)
  for (const [a, v] of Object.entries(opts.balances ?? { USDT: '100000', BTC: '10', ETH: '100' })) engine.setBalance(a, v)
  for (const [s, b] of Object.entries(opts.books ?? {})) engine.setBook(sym(s), b, now())
  const faults = new FaultTable()
  const log: CallRecord[] = []
  const sockets = new Set<Socket>()
  const routes = buildRoutes(engine)

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const body = await readBody(req)
    const endpoint = `${req.method} ${url.pathname}`
    const rawQuery = url.search.slice(1)
    const params = Object.fromEntries([...new URLSearchParams(rawQuery), ...new URLSearchParams(body)])
    delete params.signature
    const fault = faults.take(endpoint)
    const rec: CallRecord = { seq: log.length + 1, endpoint, method: req.method ?? '', path: url.pathname, params, status: 0, fault: fault?.type ?? null, at: now() }
    log.push(rec)
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      rec.status = status
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers })
      res.end(JSON.stringify(payload))
    }
    const destroy = () => {
      rec.status = 'destroyed'
      req.socket.destroy()
    }

    if (fault?.type === 'latency') await sleep(fault.ms)
    if (fault?.type === 'drop') return destroy()
    if (fault?.type === 'server-error') {
      return send(fault.status, fault.body ?? { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' })
    }
    if (fault?.type === 'rate-limit') {
      const msg = fault.status === 418
        ? `Way too much request weight used; IP banned until ${now() + fault.retryAfterSeconds * 1000}. Please use WebSocket Streams for live updates to avoid bans.`
        : 'Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute. Please use the websocket for live updates to avoid polling the API.'
      return send(fault.status, { code: -1003, msg }, { 'retry-after': String(fault.retryAfterSeconds) })
    }

    let status = 200
    let payload: unknown
    try {
      const handler = routes[endpoint]
      if (!handler) throw new BinanceApiError(404, -1, 'Not found.')
      if (SIGNED.has(endpoint)) verify(req, rawQuery, body, params, { apiKey, secret, now: now() })
      payload = handler(params, { now: now(), notFound: fault?.type === 'order-not-found' })
    } catch (e) {
      if (!(e instanceof BinanceApiError)) throw e
      status = e.httpStatus
      payload = { code: e.code, msg: e.message }
    }
    if (fault?.type === 'timeout-after-accept') {
      await sleep(fault.delayMs ?? 0)
      return destroy()
    }
    send(status, payload, { 'x-mbx-used-weight-1m': String(log.length) })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    secret,
    engine,
    calls: {
      log,
      count: (endpoint) => (endpoint ? log.filter((c) => c.endpoint === endpoint).length : log.length),
      counts: () => log.reduce<Record<string, number>>((m, c) => ((m[c.endpoint] = (m[c.endpoint] ?? 0) + 1), m), {}),
      reset: () => void log.splice(0),
    },
    setFault: (endpoint, fault, times = 1) => faults.add(endpoint, fault, times),
    clearFaults: () => faults.clear(),
    setBook: (symbol, book) => engine.setBook(sym(symbol), book, now()),
    setBalance: (asset, free, locked) => engine.setBalance(asset, free, locked),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

function verify(req: IncomingMessage, rawQuery: string, body: string, p: Record<string, string>, k: { apiKey: string; secret: string; now: number }): void {
  const key = req.headers['x-mbx-apikey']
  if (typeof key !== 'string' || key === '') throw new BinanceApiError(401, -2014, 'API-key format invalid.')
  if (key !== k.apiKey) throw new BinanceApiError(401, -2015, 'Invalid API-key, IP, or permissions for action.')
  if (!p.timestamp) throw new BinanceApiError(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.")
  const sent = [rawQuery, body].join('').match(/(?:^|&)signature=([0-9a-fA-F]*)/)
  if (!sent) throw new BinanceApiError(400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.")
  // Binance signs the query string followed by the body, exactly as sent, minus the signature.
  const strip = (s: string) => s.replace(/&?signature=[0-9a-fA-F]*/, '').replace(/^&/, '')
  const payload = strip(rawQuery) + strip(body)
  const expected = createHmac('sha256', k.secret).update(payload).digest()
  const given = Buffer.from(sent[1]!, 'hex')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new BinanceApiError(400, -1022, 'Signature for this request is not valid.')
  }
  const recvWindow = p.recvWindow === undefined ? 5000 : Number(p.recvWindow)
  if (!Number.isFinite(recvWindow) || recvWindow > MAX_RECV_WINDOW) {
    throw new BinanceApiError(400, -1131, 'recvWindow must be less than 60000')
  }
  const ts = Number(p.timestamp)
  if (!Number.isFinite(ts)) throw new BinanceApiError(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.")
  if (ts > k.now + 1000) throw new BinanceApiError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.")
  if (k.now - ts > recvWindow) throw new BinanceApiError(400, -1021, 'Timestamp for this request is outside of the recvWindow.')
}

function buildRoutes(engine: SimEngine): Record<string, Handler> {
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
    const ack = { symbol: order.symbol, orderId: order.orderId, orderListId: -1, clientOrderId: order.clientOrderId, transactTime: now }
    const respType = p.newOrderRespType ?? (order.type === 'LIMIT_MAKER' ? 'ACK' : 'FULL')
    if (respType === 'ACK') return ack
    const { symbol, orderId, orderListId, clientOrderId, time, updateTime, isWorking, stopPrice, icebergQty, ...rest } = orderJson(order)
    const result = { ...ack, ...rest, workingTime: now }
    if (respType === 'RESULT') return result
    return { ...result, fills: fills.map((t) => ({ price: f8(t.price), qty: f8(t.qty), commission: f8(t.commission), commissionAsset: t.commissionAsset, tradeId: t.id })) }
  }
  return {
    'GET /api/v3/ping': () => ({}),
    'GET /api/v3/time': (_p, { now }) => ({ serverTime: now }),
    'GET /api/v3/exchangeInfo': (p, { now }) => ({
      timezone: 'UTC',
      serverTime: now,
      rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }],
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
            { filterType: 'PRICE_FILTER', minPrice: f8(new D(s.minPrice)), maxPrice: f8(new D(s.maxPrice)), tickSize: f8(new D(s.tickSize)) },
            { filterType: 'LOT_SIZE', minQty: f8(new D(s.minQty)), maxQty: f8(new D(s.maxQty)), stepSize: f8(new D(s.stepSize)) },
            { filterType: 'NOTIONAL', minNotional: f8(new D(s.minNotional)), applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
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
        return { symbol: s, bidPrice: f8(bid?.price ?? new D(0)), bidQty: f8(bid?.qty ?? new D(0)), askPrice: f8(ask?.price ?? new D(0)), askQty: f8(ask?.qty ?? new D(0)) }
      }),
    'GET /api/v3/depth': (p) => engine.depth(engine.spec(p.symbol).symbol, Math.min(Number(p.limit ?? 100), 5000)),
    'GET /api/v3/account': (_p, { now }) => ({
      makerCommission: 10,
      takerCommission: 10,
      buyerCommission: 0,
      sellerCommission: 0,
      commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
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
      return { ...orderJson(o), origClientOrderId: o.clientOrderId, clientOrderId: p.newClientOrderId ?? `cancel_${o.orderId}`, transactTime: now }
    },
    'GET /api/v3/openOrders': (p) => {
      if (p.symbol) engine.spec(p.symbol)
      return engine.openOrders(p.symbol).map(orderJson)
    },
    'GET /api/v3/myTrades': (p) => {
      const num = (k: string) => (p[k] === undefined ? undefined : Number(p[k]))
      const q = { orderId: p.orderId, startTime: num('startTime'), endTime: num('endTime'), fromId: num('fromId'), limit: num('limit') }
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

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (data += c))
    req.on('end', () => resolve(data))
    req.on('error', reject)
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
