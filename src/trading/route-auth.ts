/**
 * @module What the trading and bot routers need from authentication, as injected middleware: the
 * accounts feature provides `requireAuth` (sets `c.var.principal`) and `requireStepUp` (checks
 * `X-Step-Up-Token`). Also the small helpers every handler here uses.
 */
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv, Principal } from '../http/types.ts'
import { isUuid } from '../lib/ids.ts'
import { assertScope } from '../auth/actor.ts'
import { problems } from '../lib/problem.ts'

export interface RouteAuth {
  /** 401 unless the request carries valid credentials; sets `c.var.principal`. */
  requireAuth: MiddlewareHandler<AppEnv>
  /** 403 (`step-up-required` / `two-factor-required`) unless a valid step-up token is sent. */
  requireStepUp: MiddlewareHandler<AppEnv>
}

export function principalOf(c: Context<AppEnv>, scope?: 'read' | 'trade'): Principal {
  const p = c.get('principal')
  if (!p) throw problems.unauthorized()
  if (scope) assertScope({ principal: p }, scope)
  return p
}

/** Runs the step-up middleware inline (for routes where only some requests need it). */
export async function assertStepUp(auth: RouteAuth, c: Context<AppEnv>): Promise<void> {
  await auth.requireStepUp(c, async () => {})
}

/** A malformed id is simply not found: ids never leak whether something exists. */
export function idParam(c: Context<AppEnv>, what: string): string {
  const id = c.req.param('id')
  if (!isUuid(id)) throw problems.notFound(`No such ${what}.`)
  return id
}

export const actorOf = (c: Context<AppEnv>, p: Principal) => ({
  userId: p.userId,
  role: p.role,
  requestId: c.get('requestId'),
  ip: c.get('clientIp'),
})
