/**
 * @module Context variables shared by every route, declared once.
 */
import type { Logger } from '../lib/logger.ts'

/** Who is calling: set by the auth middleware (accounts feature). */
export interface Principal {
  userId: string
  role: 'user' | 'compliance_officer' | 'admin'
  /** How the caller authenticated. */
  via: 'access_token' | 'api_key'
  /** API-key scopes; access tokens carry every scope of their role. */
  scopes: ReadonlyArray<'read' | 'trade' | 'compliance'>
  /** Platform API key id when `via` is `api_key`. */
  apiKeyId?: string
}

export interface AppVariables {
  requestId: string
  logger: Logger
  principal?: Principal
  /** Client IP as the runtime reports it (proxy headers only when TRUST_PROXY is on). */
  clientIp?: string
}

export type AppEnv = { Variables: AppVariables }
