/**
 * @module The HTTP edge of the error model: everything leaves as RFC 9457 problem+json.
 *
 * - `ProblemError` (and subclasses) render themselves.
 * - Hono's `HTTPException` (malformed JSON, body limit…) keeps its status with a generic text.
 * - Anything else is logged by class and location only, and answered with a bare 500 whose only
 *   detail is the request id — no message, stack, SQL or secret reaches the client.
 */
import type { Context, ErrorHandler, Hono, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { TrieRouter } from 'hono/router/trie-router'
import { trace } from '@opentelemetry/api'
import { describeError, type Logger } from '../lib/logger.ts'
import { ProblemError } from '../lib/problem.ts'
import { recordFailure } from '../telemetry/tracer.ts'
import type { AppEnv } from './types.ts'

const SAFE_HTTP_EXCEPTION_DETAIL: Record<number, string> = {
  400: 'The request body is not valid JSON.',
  401: 'Authentication is required.',
  403: 'You are not allowed to do this.',
  413: 'The request body is too large.',
}

export function toProblem(err: unknown): ProblemError | undefined {
  if (err instanceof ProblemError) return err
  if (err instanceof HTTPException) {
    const status = err.status
    const detail = status === 400 && !/json/i.test(err.message) ? 'The request is malformed.' : SAFE_HTTP_EXCEPTION_DETAIL[status]
    return new ProblemError({
      status,
      type: status === 400 ? 'malformed-request' : undefined,
      detail: detail ?? 'The request could not be processed.',
      cause: err,
    })
  }
  return undefined
}

export const onError = (fallbackLogger: Logger): ErrorHandler<AppEnv> =>
  function onError(err, c) {
    const requestId = c.get('requestId')
    const problem = toProblem(err)
    if (problem) {
      if (problem.status >= 500) logFailure(c, fallbackLogger, err)
      return problem.toResponse(requestId)
    }
    logFailure(c, fallbackLogger, err)
    return new ProblemError({
      status: 500,
      type: 'internal-error',
      detail: `An unexpected error occurred. Quote request id ${requestId} when reporting it.`,
    }).toResponse(requestId)
  }

function logFailure(c: Context<AppEnv>, fallback: Logger, err: unknown) {
  const span = trace.getActiveSpan()
  if (span) recordFailure(span, err)
  const log = c.get('logger') ?? fallback.child({ requestId: c.get('requestId') })
  log.error('unhandled error', { method: c.req.method, path: c.req.path, error: describeError(err) })
}

/**
 * 404 for unknown paths, 405 with `Allow` when the path exists for other methods. The method table is
 * built lazily from the app's routes on the first miss.
 */
export function notFound(app: Hono<AppEnv>): NotFoundHandler<AppEnv> {
  let router: TrieRouter<string> | undefined
  const allowedMethods = (path: string): string[] => {
    if (!router) {
      router = new TrieRouter<string>()
      for (const r of app.routes) if (r.method !== 'ALL') router.add('ALL', r.path, r.method)
    }
    const [matches] = router.match('GET', path) as unknown as [[string, unknown][]]
    return [...new Set(matches.map(([method]) => method))].sort()
  }
  return function notFound(c) {
    const requestId = c.get('requestId')
    const methods = allowedMethods(c.req.path)
    if (methods.length > 0 && !methods.includes(c.req.method)) {
      const allow = methods.includes('GET') && !methods.includes('HEAD') ? [...methods, 'HEAD'] : methods
      return new ProblemError({
        status: 405,
        type: 'method-not-allowed',
        detail: `${c.req.method} is not supported here. Allowed: ${allow.join(', ')}.`,
        headers: { allow: allow.join(', ') },
      }).toResponse(requestId)
    }
    return new ProblemError({
      status: 404,
      type: 'not-found',
      detail: `No route matches ${c.req.method} ${c.req.path}.`,
    }).toResponse(requestId)
  }
}
