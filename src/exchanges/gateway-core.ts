/**
 * @module The plumbing under every gateway call: the lazily built ccxt instance, the market cache
 * (TTL, one load at a time), the CLIENT span, the circuit breaker and the error classification.
 */
import {
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api'
import { systemClock, type Clock } from '../lib/clock.ts'
import { buildCcxtExchange, loadCcxt, type CcxtExchange, type CcxtModule } from './ccxt-instance.ts'
import {
  classifyError,
  ExchangeRejectedError,
  ExchangeUnavailableError,
  type ExchangeGatewayError,
  type RejectReason,
} from './errors.ts'
import type { FetchLike } from './exchange-fetch.ts'
import { createExchangeGuards, type ExchangeGuards } from './exchange-guards.ts'
import { PROFILES, type ExchangeProfile } from './profiles.ts'
import type { Credentials, ExchangeId } from './types.ts'

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

export interface GatewayCore {
  venue: ExchangeId
  profile: ExchangeProfile
  instance(): Promise<CcxtExchange>
  /** One traced, breaker-guarded exchange operation (loads markets first when stale). */
  call<T>(method: string, attrs: Attributes, fn: (ex: CcxtExchange) => Promise<T>): Promise<T>
  /** A read served from the market cache; touches the network only when the cache is stale. */
  withMarkets<T>(method: string, fn: (ex: CcxtExchange) => T): Promise<T>
  /** The ccxt market of a spot symbol, or a `bad-symbol` rejection (unsent). */
  spotMarket(ex: CcxtExchange, symbol: string, method: string): Record<string, any>
  rejectLocal(reason: RejectReason, method: string, msg: string): ExchangeRejectedError
}

export function createGatewayCore(opts: ExchangeGatewayOptions): GatewayCore {
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

  async function traced<T>(
    method: string,
    attrs: Attributes,
    fn: (span: Span) => Promise<T>
  ): Promise<T> {
    const attributes = {
      exchange: venue,
      'exchange.method': method,
      'exchange.sandbox': sandbox,
      ...attrs,
    }
    return tracer.startActiveSpan(
      `exchange ${method}`,
      { kind: SpanKind.CLIENT, attributes },
      async (span) => {
        try {
          return await fn(span)
        } catch (e) {
          const err = e as Error
          span.setStatus({ code: SpanStatusCode.ERROR, message: err.name })
          span.setAttribute('error.type', err.name)
          if ((e as ExchangeGatewayError).kind)
            span.setAttribute('exchange.error_kind', (e as ExchangeGatewayError).kind)
          throw e
        } finally {
          span.end()
        }
      }
    )
  }

  const classify = (e: unknown, method: string) =>
    classifyError(e, ccxt!, { venue, method, retryAfterMs: budget.retryAfterMs() })

  function settle(err: ExchangeGatewayError) {
    if (err.kind === 'unknown') breaker.onFailure(err.message)
    else if (err.kind === 'rejected' || err.kind === 'not-found')
      err.sent ? breaker.onSuccess() : breaker.onNeutral()
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
        throw new ExchangeUnavailableError(`markets could not be loaded: ${err.message}`, {
          venue,
          method: 'loadMarkets',
          retryAfterMs: 0,
          cause: err,
        })
      }
    }).finally(() => (marketsLoad = undefined))
    await marketsLoad
  }

  async function call<T>(
    method: string,
    attrs: Attributes,
    fn: (ex: CcxtExchange) => Promise<T>
  ): Promise<T> {
    return traced(method, attrs, async () => {
      const wait = breaker.tryEnter()
      if (wait > 0)
        throw new ExchangeUnavailableError(`circuit open, retry in ${wait} ms`, {
          venue,
          method,
          retryAfterMs: wait,
        })
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

  const rejectLocal = (reason: RejectReason, method: string, msg: string) =>
    new ExchangeRejectedError(reason, msg, { venue, method, sent: false })

  function spotMarket(ex: CcxtExchange, symbol: string, method: string): Record<string, any> {
    const m = ex.markets?.[symbol]
    if (!m || m.spot !== true)
      throw rejectLocal('bad-symbol', method, `unknown spot symbol ${symbol}`)
    return m
  }

  /** For reads served from the market cache: network (and breaker) only when it is stale. */
  async function withMarkets<T>(method: string, fn: (ex: CcxtExchange) => T): Promise<T> {
    const ex = await instance()
    if (fresh() && ex.markets) return fn(ex)
    const wait = breaker.tryEnter()
    if (wait > 0)
      throw new ExchangeUnavailableError(`circuit open, retry in ${wait} ms`, {
        venue,
        method,
        retryAfterMs: wait,
      })
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

  return { venue, profile, instance, call, withMarkets, spotMarket, rejectLocal }
}
