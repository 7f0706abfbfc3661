/**
 * @module Builds the ccxt instance behind a gateway: lazy `import('ccxt')` (it loads ~100 exchanges,
 * so only code that really talks to an exchange pays for it), the profile's options, credentials,
 * sandbox, our fetch implementation and the test-only base URL override.
 */
import type { Clock } from '../lib/clock.ts'
import type { CcxtErrorClasses } from './errors.ts'
import { createExchangeFetch, type FetchLike } from './exchange-fetch.ts'
import { PROFILES } from './profiles.ts'
import type { RateBudget } from './rate-budget.ts'
import type { Credentials, ExchangeId } from './types.ts'

/** The slice of a ccxt Exchange the gateway uses (ccxt's own types are loose here anyway). */
export interface CcxtExchange {
  id: string
  has: Record<string, boolean | 'emulated' | undefined>
  urls: { api: string | Record<string, string | Record<string, string>> } & Record<string, unknown>
  markets: Record<string, any> | undefined
  loadMarkets(reload?: boolean, params?: Record<string, unknown>): Promise<Record<string, any>>
  setSandboxMode(enabled: boolean): void
  amountToPrecision(symbol: string, amount: string): string
  priceToPrecision(symbol: string, price: string): string
  fetchTicker(symbol: string): Promise<any>
  fetchOrderBook(symbol: string, limit?: number): Promise<any>
  fetchBalance(): Promise<any>
  createOrder(
    symbol: string,
    type: string,
    side: string,
    amount: number,
    price?: number,
    params?: Record<string, unknown>
  ): Promise<any>
  fetchOrder(
    id: string | undefined,
    symbol?: string,
    params?: Record<string, unknown>
  ): Promise<any>
  fetchOrders(
    symbol?: string,
    since?: number,
    limit?: number,
    params?: Record<string, unknown>
  ): Promise<any[]>
  fetchOpenOrders(
    symbol?: string,
    since?: number,
    limit?: number,
    params?: Record<string, unknown>
  ): Promise<any[]>
  fetchClosedOrders(
    symbol?: string,
    since?: number,
    limit?: number,
    params?: Record<string, unknown>
  ): Promise<any[]>
  cancelOrder(id: string, symbol?: string, params?: Record<string, unknown>): Promise<any>
  fetchMyTrades(
    symbol?: string,
    since?: number,
    limit?: number,
    params?: Record<string, unknown>
  ): Promise<any[]>
  fetchOrderTrades(id: string, symbol?: string, since?: number, limit?: number): Promise<any[]>
}

export type CcxtModule = CcxtErrorClasses & Record<string, unknown>

export interface CcxtInstanceOptions {
  exchange: ExchangeId
  credentials?: Credentials
  sandbox: boolean
  baseUrlOverride?: string
  budget: RateBudget
  clock: Clock
  timeoutMs: number
  ccxtRateLimit: boolean
  fetch?: FetchLike
}

export async function loadCcxt(): Promise<CcxtModule> {
  return (await import('ccxt')) as unknown as CcxtModule
}

export function buildCcxtExchange(mod: CcxtModule, o: CcxtInstanceOptions): CcxtExchange {
  const profile = PROFILES[o.exchange]
  if (o.sandbox && !profile.sandbox) throw new Error(`${o.exchange} has no sandbox in ccxt`)
  const Cls = mod[o.exchange] as new (config: Record<string, unknown>) => CcxtExchange
  const ex = new Cls({
    ...structuredClone(profile.ccxtConfig),
    ...(o.credentials && {
      apiKey: o.credentials.apiKey,
      secret: o.credentials.secret,
      ...(o.credentials.passphrase !== undefined && { password: o.credentials.passphrase }),
    }),
    enableRateLimit: o.ccxtRateLimit,
    timeout: o.timeoutMs,
    fetchImplementation: createExchangeFetch({ budget: o.budget, clock: o.clock, fetch: o.fetch }),
  })
  if (o.sandbox) ex.setSandboxMode(true)
  if (o.baseUrlOverride) redirectApiUrls(ex, o.baseUrlOverride)
  return ex
}

/** Points every API URL at `base`, keeping each URL's path (tests talk to the loopback simulator). */
export function redirectApiUrls(ex: Pick<CcxtExchange, 'urls'>, base: string): void {
  const root = base.replace(/\/+$/, '')
  const move = (u: string) => {
    const path = new URL(u).pathname
    return root + (path === '/' ? '' : path)
  }
  const walk = (node: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'string' && /^https?:\/\//.test(v)) node[k] = move(v)
      else if (v && typeof v === 'object') walk(v as Record<string, unknown>)
    }
  }
  if (typeof ex.urls.api === 'string') ex.urls.api = move(ex.urls.api)
  else walk(ex.urls.api as Record<string, unknown>)
}
