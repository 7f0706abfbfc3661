/**
 * @module CORS from settings: explicit origins only in production (settings refuse `*` and `null`).
 */
import type { MiddlewareHandler } from 'hono'
import { cors as honoCors } from 'hono/cors'

export const CORS_ALLOW_HEADERS = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'X-API-Key',
  'X-Step-Up-Token',
  'X-Request-Id',
  'traceparent',
  'tracestate',
]

/** Returns `undefined` when no origin is configured: no CORS headers at all (same-origin only). */
export function corsFromSettings(origins: string[]): MiddlewareHandler | undefined {
  if (origins.length === 0) return undefined
  return honoCors({
    origin: origins.includes('*') ? '*' : origins,
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: CORS_ALLOW_HEADERS,
    exposeHeaders: ['x-request-id', 'retry-after'],
    // Bearer tokens, not cookies: credentials stay off, so `*` in development can never leak cookies.
    credentials: false,
    maxAge: 600,
  })
}
