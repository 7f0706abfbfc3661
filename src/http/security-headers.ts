/**
 * @module Security headers: a strict policy for the JSON API, a looser one for the docs page only.
 */
import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'

const apiHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
  xFrameOptions: 'DENY',
  crossOriginResourcePolicy: 'same-origin',
  referrerPolicy: 'no-referrer',
  strictTransportSecurity: 'max-age=63072000; includeSubDomains',
  permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
})

// The API reference page loads Scalar's bundle from its CDN; nothing else gets these sources.
const docsHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'", "'unsafe-inline'", 'https://cdn.jsdelivr.net'],
    styleSrc: ["'self'", "'unsafe-inline'", 'https://cdn.jsdelivr.net', 'https://fonts.scalar.com'],
    fontSrc: ["'self'", 'https://fonts.scalar.com', 'https://cdn.jsdelivr.net'],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  strictTransportSecurity: 'max-age=63072000; includeSubDomains',
})

export const securityHeaders = ({ docsPath = '/docs' }: { docsPath?: string } = {}): MiddlewareHandler =>
  async function securityHeaders(c, next) {
    return c.req.path === docsPath ? docsHeaders(c, next) : apiHeaders(c, next)
  }
