/**
 * @module Request body size limit (413 problem), from BODY_LIMIT_BYTES; `routes` gives single
 * paths their own limit instead (e.g. the trade-history import, whose files are larger).
 */
import type { MiddlewareHandler } from 'hono'
import { bodyLimit as honoBodyLimit } from 'hono/body-limit'
import { ProblemError } from '../lib/problem.ts'

function limiter(maxBytes: number): MiddlewareHandler {
  return honoBodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ProblemError({
        status: 413,
        type: 'body-too-large',
        detail: `The request body exceeds the limit of ${maxBytes} bytes.`,
        extra: { limitBytes: maxBytes },
      })
    },
  })
}

export const bodyLimit = ({
  maxBytes,
  routes = {},
}: {
  maxBytes: number
  /** Exact request path → its own limit in bytes. */
  routes?: Record<string, number>
}): MiddlewareHandler => {
  const limit = limiter(maxBytes)
  const perRoute = new Map(Object.entries(routes).map(([path, bytes]) => [path, limiter(bytes)]))
  return async function bodyLimit(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next()
    return (perRoute.get(c.req.path) ?? limit)(c, next)
  }
}
