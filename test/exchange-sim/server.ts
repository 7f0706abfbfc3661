/**
 * @module Loopback Binance-compatible spot REST simulator for tests (node:http on 127.0.0.1, random
 * port). It checks API key, HMAC signature and timestamp window like Binance, matches orders on
 * its engine, injects faults, and records every call.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { verify } from './auth.ts'
import { SimEngine } from './engine.ts'
import { FaultTable, type EndpointPattern, type Fault } from './faults.ts'
import { buildRoutes, SIGNED } from './routes.ts'
import { BinanceApiError, type BookInput, type EngineOptions } from './types.ts'

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

const sym = (s: string) => s.replace('/', '')

export async function startExchangeSimulator(
  opts: SimulatorOptions = {}
): Promise<ExchangeSimulator> {
  const apiKey = opts.apiKey ?? 'sim-api-key-0123456789'
  const secret = opts.secret ?? 'sim-secret-abcdefghijklmnopqrstuvwxyz'
  const now = opts.now ?? Date.now
  const engine = new SimEngine(opts)
  for (const [a, v] of Object.entries(opts.balances ?? { USDT: '100000', BTC: '10', ETH: '100' }))
    engine.setBalance(a, v)
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
    const params = Object.fromEntries([
      ...new URLSearchParams(rawQuery),
      ...new URLSearchParams(body),
    ])
    delete params.signature
    const fault = faults.take(endpoint)
    const rec: CallRecord = {
      seq: log.length + 1,
      endpoint,
      method: req.method ?? '',
      path: url.pathname,
      params,
      status: 0,
      fault: fault?.type ?? null,
      at: now(),
    }
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
      return send(
        fault.status,
        fault.body ?? {
          code: -1001,
          msg: 'Internal error; unable to process your request. Please try again.',
        }
      )
    }
    if (fault?.type === 'rate-limit') {
      const msg =
        fault.status === 418
          ? `Way too much request weight used; IP banned until ${now() + fault.retryAfterSeconds * 1000}. Please use WebSocket Streams for live updates to avoid bans.`
          : 'Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute. Please use the websocket for live updates to avoid polling the API.'
      return send(
        fault.status,
        { code: -1003, msg },
        { 'retry-after': String(fault.retryAfterSeconds) }
      )
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
      count: (endpoint) =>
        endpoint ? log.filter((c) => c.endpoint === endpoint).length : log.length,
      counts: () =>
        log.reduce<Record<string, number>>(
          (m, c) => ((m[c.endpoint] = (m[c.endpoint] ?? 0) + 1), m),
          {}
        ),
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
