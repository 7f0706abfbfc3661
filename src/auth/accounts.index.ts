/**
 * @module Every account route (auth, two-factor, admin, API keys, exchange keys, audit-log verify).
 */
import { Hono } from 'hono'
import { createApiKeysRouter } from '../api-keys/api-keys.routes.ts'
import { createAuditLogRouter } from '../compliance/audit-log/audit-log.routes.ts'
import type { AuditLog } from '../compliance/audit-log/audit-log.ts'
import { createExchangeKeysRouter } from '../exchange-keys/exchange-keys.routes.ts'
import type { AppEnv } from '../http/types.ts'
import type { AccountServices } from './accounts.ts'
import { createAdminRouter } from './admin.routes.ts'
import { createAuthRouter } from './auth.routes.ts'
import { createTwoFactorRouter } from './two-factor.routes.ts'

export function createAccountsRouter(a: AccountServices, auditLog: AuditLog) {
  const { gate, limits } = a
  return new Hono<AppEnv>()
    .route(
      '/',
      createAuthRouter({ auth: a.auth, sessions: a.sessions, gate, limits, policy: a.policy })
    )
    .route('/', createTwoFactorRouter({ twoFactor: a.twoFactor, gate, limits }))
    .route('/', createAdminRouter({ users: a.users, gate }))
    .route('/', createApiKeysRouter({ apiKeys: a.apiKeys, gate }))
    .route('/', createExchangeKeysRouter({ exchangeKeys: a.exchangeKeys, gate, limits }))
    .route('/', createAuditLogRouter({ auditLog, gate }))
}
