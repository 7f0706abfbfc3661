/**
 * @module The caller as services see it, and the role, scope and step-up checks every service runs
 * itself — routes check too, but a service never trusts that they did.
 */
import type { Principal, Role, Scope, StepUpProof } from '../http/types.ts'
import { problems, ProblemError } from '../lib/problem.ts'

/** Who is acting, from where, and with which proofs; built by `actorOf(c)` in http/auth.ts. */
export interface Actor {
  principal: Principal
  requestId?: string
  ip?: string
  stepUp?: StepUpProof
}

/** Request facts for calls made before anyone is authenticated (register, login). */
export interface RequestMeta {
  requestId?: string
  ip?: string
}

/** Every scope an access token of this role carries; API keys get a subset. */
export const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  user: ['read', 'trade'],
  compliance_officer: ['read', 'trade', 'compliance'],
  admin: ['read', 'trade', 'compliance'],
}

export function assertRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.principal.role)) {
    throw problems.forbidden('Your role does not allow this.', 'insufficient-role')
  }
}

export function assertScope(actor: Actor, ...scopes: Scope[]): void {
  const granted = actor.principal.scopes
  if (!scopes.every((s) => granted.includes(s))) {
    throw new ProblemError({
      status: 403,
      type: 'insufficient-scope',
      detail: `This needs the scope(s): ${scopes.join(', ')}.`,
      headers: {
        'www-authenticate': `Bearer error="insufficient_scope", scope="${scopes.join(' ')}"`,
      },
    })
  }
}

/** Account management (keys, 2FA, step-up) is for interactive sessions, not platform API keys. */
export function assertSession(actor: Actor): void {
  if (actor.principal.via !== 'access_token') {
    throw problems.forbidden('Sign in to do this; API keys cannot.', 'session-required')
  }
}

/** For services behind `requireStepUp`: refuses when the route did not verify a step-up token. */
export function assertStepUp(actor: Actor): void {
  if (!actor.stepUp) throw stepUpRequired()
}

export const stepUpRequired = () =>
  problems.forbidden(
    'Confirm with a fresh two-factor code: POST /v1/auth/step-up, then send X-Step-Up-Token.',
    'step-up-required'
  )

export const twoFactorRequired = () =>
  problems.forbidden(
    'Enable two-factor authentication first (POST /v1/auth/2fa/enroll).',
    'two-factor-required'
  )

/** Audit fields of an actor. */
export function auditMeta(actor: Actor | (RequestMeta & { principal?: Principal })) {
  return {
    actor: actor.principal?.userId ?? null,
    requestId: actor.requestId ?? null,
    ip: actor.ip ?? null,
  }
}
