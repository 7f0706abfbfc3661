/**
 * @module Context variables shared by every route, declared once.
 */
import type { Logger } from '../lib/logger.ts'

export type Role = 'user' | 'compliance_officer' | 'admin'
export type Scope = 'read' | 'trade' | 'compliance'

/** Who is calling: set by `requireAuth` (http/auth.ts). */
export interface Principal {
  userId: string
  /** The user's current role, read from the database on every request (not the token's claim). */
  role: Role
  /** How the caller authenticated. */
  via: 'access_token' | 'api_key'
  /** API-key scopes; access tokens carry every scope of their role. */
  scopes: ReadonlyArray<Scope>
  /** Platform API key id when `via` is `api_key`. */
  apiKeyId?: string
}

/** A verified `X-Step-Up-Token` (set by `requireStepUp`): a second factor within 5 minutes. */
export interface StepUpProof {
  jti: string
  /** Expiry of the step-up token (epoch seconds). */
  exp: number
}

export interface AppVariables {
  requestId: string
  logger: Logger
  principal?: Principal
  stepUp?: StepUpProof
  /** Client IP as the runtime reports it (proxy headers only when TRUST_PROXY is on). */
  clientIp?: string
}

export type AppEnv = { Variables: AppVariables }
