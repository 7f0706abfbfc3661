/**
 * @module Every compliance route: KYC, alerts and cases, screening and lists.
 */
import { Hono } from 'hono'
import type { AuthGate } from '../auth/auth-gate.ts'
import type { AppEnv } from '../http/types.ts'
import type { Clock } from '../lib/clock.ts'
import { createCasesRouter } from './cases/cases.routes.ts'
import type { ComplianceServices } from './compliance.ts'
import { createKycRouter } from './kyc/kyc.routes.ts'
import { createSanctionsRouter } from './sanctions/sanctions.routes.ts'

export function createComplianceRouter(
  c: ComplianceServices,
  deps: { gate: AuthGate; clock: Clock }
) {
  return new Hono<AppEnv>()
    .route('/', createKycRouter({ kyc: c.kyc, gate: deps.gate, clock: deps.clock }))
    .route('/', createCasesRouter({ cases: c.cases, gate: deps.gate }))
    .route('/', createSanctionsRouter({ screening: c.screening, gate: deps.gate }))
}
