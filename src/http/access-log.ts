/**
 * @module Access log: one JSON line per request, with the request id on every line the request logs.
 */
import type { MiddlewareHandler } from 'hono'
import type { Logger } from '../lib/logger.ts'
import type { AppEnv } from './types.ts'

export const accessLog = ({ logger, now = () => performance.now() }: { logger: Logger; now?: () => number }): MiddlewareHandler<AppEnv> =>
  async function accessLog(c, next) {
    const started = now()
    const log = logger.child({ requestId: c.get('requestId') })
    c.set('logger', log)
    await next()
    const status = c.res.status
    const fields = {
      method: c.req.method,
      // The path only: query strings can carry tokens or personal data.
      path: c.req.path,
      status,
      durationMs: Math.round((now() - started) * 100) / 100,
      ...(c.get('principal') && { userId: c.get('principal')!.userId }),
    }
    if (status >= 500) log.error('request', fields)
    else log.info('request', fields)
  }
