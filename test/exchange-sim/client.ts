/**
 * @module A minimal signed Binance REST client for tests that talk to the simulator without ccxt.
 */
import { createHmac } from 'node:crypto'

export interface SignedCallOptions {
  apiKey?: string
  secret?: string
  /** Overrides the `timestamp` param (ms); `null` leaves it out. */
  timestamp?: number | null
  recvWindow?: number
  /** Replaces the computed signature. */
  signature?: string
  /** Sends POST params in the query string instead of the body. */
  paramsInQuery?: boolean
}

export async function binanceCall(
  baseUrl: string,
  method: string,
  path: string,
  params: Record<string, string | number> = {},
  opts: SignedCallOptions = {}
): Promise<{ status: number; body: any; headers: Headers }> {
  const q = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))
  const signed = opts.secret !== undefined
  if (signed) {
    if (opts.timestamp !== null) q.set('timestamp', String(opts.timestamp ?? Date.now()))
    if (opts.recvWindow !== undefined) q.set('recvWindow', String(opts.recvWindow))
    const sig =
      opts.signature ?? createHmac('sha256', opts.secret!).update(q.toString()).digest('hex')
    q.set('signature', sig)
  }
  const inBody = method === 'POST' && !opts.paramsInQuery
  const url = `${baseUrl}${path}${!inBody && q.size ? `?${q}` : ''}`
  const headers: Record<string, string> = {}
  if (opts.apiKey !== undefined) headers['x-mbx-apikey'] = opts.apiKey
  if (inBody) headers['content-type'] = 'application/x-www-form-urlencoded'
  const res = await fetch(url, { method, headers, body: inBody ? q.toString() : undefined })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers }
}
