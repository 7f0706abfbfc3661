/**
 * @module Authentication and authorisation middleware: `requireAuth` (access JWT or platform API
 * key → `c.var.principal`), `requireRole`, `requireScope`, `requireStepUp`, and `actorOf(c)` for
 * handing the caller to a service. Services repeat the role/scope/step-up checks (auth/actor.ts).
 */
import type { Context, MiddlewareHandler } from 'hono'
import { assertRole, assertScope, assertSession, type Actor } from '../auth/actor.ts'
import type { AuthGate } from '../auth/auth-gate.ts'
import { problems } from '../lib/problem.ts'
import type { AppEnv, Role, Scope } from './types.ts'

const BEARER_RE = /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i
const MAX_CREDENTIAL_LENGTH = 4096

function readCredentials(c: Context) {
  const authorization = c.req.header('authorization')
  const apiKey = c.req.header('x-api-key')?.trim()
  if (
    (authorization?.length ?? 0) > MAX_CREDENTIAL_LENGTH ||
    (apiKey?.length ?? 0) > MAX_CREDENTIAL_LENGTH
  ) {
    return null
  }
  let bearer: string | undefined
  if (authorization !== undefined) {
    const m = BEARER_RE.exec(authorization)
    if (!m) return null
    bearer = m[1]
  }
  return { bearer, apiKey: apiKey || undefined }
}

/**
 * @param gate - verifies credentials (auth/auth-gate.ts).
 * @param [opts.apiKeys=true] - accept platform API keys; account management routes pass false.
 * @example
 * router.get('/v1/auth/me', requireAuth(gate), requireScope('read'), handler)
 */
export const requireAuth = (
  gate: AuthGate,
  { apiKeys = true }: { apiKeys?: boolean } = {}
): MiddlewareHandler<AppEnv> =>
  async function requireAuth(c, next) {
    const credentials = readCredentials(c)
    if (!credentials) {
      throw problems.unauthorized(
        'Send credentials as "Authorization: Bearer <token>" or "X-API-Key".',
        'invalid-credentials-format'
      )
    }
    const principal = await gate.authenticate(credentials)
    c.set('principal', principal)
    if (!apiKeys) assertSession({ principal })
    await next()
  }

export const requireRole = (...roles: Role[]): MiddlewareHandler<AppEnv> =>
  async function requireRole(c, next) {
    assertRole(actorOf(c), ...roles)
    await next()
  }

export const requireScope = (...scopes: Scope[]): MiddlewareHandler<AppEnv> =>
  async function requireScope(c, next) {
    assertScope(actorOf(c), ...scopes)
    await next()
  }

/** Demands a valid `X-Step-Up-Token` of the authenticated user; sets `c.var.stepUp`. */
export const requireStepUp = (gate: AuthGate): MiddlewareHandler<AppEnv> =>
  async function requireStepUp(c, next) {
    const token = c.req.header('x-step-up-token')?.trim()
    c.set(
      'stepUp',
      await gate.verifyStepUp(
        actorOf(c).principal,
        token && token.length <= MAX_CREDENTIAL_LENGTH ? token : undefined
      )
    )
    await next()
  }

/** The authenticated caller of this request (after `requireAuth`). */
export function actorOf(c: Context<AppEnv>): Actor {
  const principal = c.get('principal')
  if (!principal) throw problems.unauthorized()
  return {
    principal,
    requestId: c.get('requestId'),
    ip: c.get('clientIp'),
    stepUp: c.get('stepUp'),
  }
}

/** Request facts before authentication (register, login). */
export function metaOf(c: Context<AppEnv>) {
  return { requestId: c.get('requestId'), ip: c.get('clientIp') }
}
