/**
 * @module Who may scrape `/metrics`: a scraper presenting `Authorization: Bearer <METRICS_TOKEN>`,
 * or an authenticated admin. Anything else gets 401: the route is in the OpenAPI document, and
 * answering 404 to anonymous requests would only make it look absent, not make it safer.
 */
import type { MiddlewareHandler } from 'hono'
import { assertRole } from '../auth/actor.ts'
import type { AuthGate } from '../auth/auth-gate.ts'
import { requireAuth } from '../http/auth.ts'
import type { AppEnv } from '../http/types.ts'
import { sha256, timingSafeEqual } from '../lib/crypto.ts'
import { problems } from '../lib/problem.ts'

const BEARER_RE = /^Bearer\s+(\S+)\s*$/i

/**
 * @param opts.token - METRICS_TOKEN; undefined → only admins
 * @param opts.gate - verifies access tokens and platform API keys for the admin path
 */
export function metricsAuth({
  token,
  gate,
}: {
  token: string | undefined
  gate: AuthGate
}): MiddlewareHandler<AppEnv> {
  // Comparing digests keeps the comparison constant-time whatever the presented length.
  const expected = token === undefined ? undefined : sha256(token)
  const asUser = requireAuth(gate)

  return async function metricsAuth(c, next) {
    const authorization = c.req.header('authorization')
    const hasCredentials = authorization !== undefined || c.req.header('x-api-key') !== undefined
    if (!hasCredentials) {
      throw problems.unauthorized(
        expected === undefined
          ? 'Sign in as an admin (METRICS_TOKEN is not configured).'
          : 'Send "Authorization: Bearer <metrics token>".'
      )
    }
    const bearer = authorization ? BEARER_RE.exec(authorization)?.[1] : undefined
    if (expected && bearer && bearer.length <= 4096) {
      if (timingSafeEqual(await sha256(bearer), await expected)) return next()
    }
    return asUser(c, async () => {
      const principal = c.get('principal')!
      assertRole({ principal }, 'admin')
      await next()
    })
  }
}
