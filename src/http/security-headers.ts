/**
 * @module Security headers: a strict policy for the JSON API, a looser CSP for the docs page only.
 *
 * The header set is fixed, so it is built once; per request the middleware only hands the prepared
 * list to the runtime (or sets it on the response).
 */
import type { MiddlewareHandler } from 'hono'
import { withHeaders, type EarlyHeaders, type HeaderList } from './early-headers.ts'

const COMMON: HeaderList = [
  ['cross-origin-opener-policy', 'same-origin'],
  ['cross-origin-resource-policy', 'same-origin'],
  ['origin-agent-cluster', '?1'],
  ['referrer-policy', 'no-referrer'],
  ['strict-transport-security', 'max-age=63072000; includeSubDomains'],
  ['x-content-type-options', 'nosniff'],
  ['x-dns-prefetch-control', 'off'],
  ['x-download-options', 'noopen'],
  ['x-frame-options', 'DENY'],
  ['x-permitted-cross-domain-policies', 'none'],
  ['x-xss-protection', '0'],
]

export const API_HEADERS: HeaderList = [
  ...COMMON,
  ['content-security-policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"],
  ['permissions-policy', 'camera=(), microphone=(), geolocation=()'],
]

// The API reference page loads Scalar's bundle from its CDN; nothing else gets these sources.
export const DOCS_HEADERS: HeaderList = [
  ...COMMON,
  [
    'content-security-policy',
    [
      "default-src 'none'",
      "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net",
      "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.scalar.com",
      "font-src 'self' https://fonts.scalar.com https://cdn.jsdelivr.net",
      "img-src 'self' data:",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
  ],
]

/**
 * @param [options.docsPath='/docs'] - the one path that gets the docs CSP
 * @param [options.early] - the runtime's early-header capability, when it has one
 */
export const securityHeaders = ({ docsPath = '/docs', early }: { docsPath?: string; early?: EarlyHeaders } = {}): MiddlewareHandler =>
  async function securityHeaders(c, next) {
    return withHeaders(c, next, c.req.path === docsPath ? DOCS_HEADERS : API_HEADERS, early)
  }
