/**
 * @module Request body size limit (413 problem), from BODY_LIMIT_BYTES.
 */
import type { MiddlewareHandler } from 'hono'
import { bodyLimit as honoBodyLimit } from 'hono/body-limit'
import { ProblemError } from '../lib/problem.ts'

export const bodyLimit = ({ maxBytes }: { maxBytes: number }): MiddlewareHandler => {
  const limit = honoBodyLimit({
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
  return async function bodyLimit(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next()
    return limit(c, next)
  }
}
