/**
 * @module Composition root: builds every feature's repositories and services from the runtime's
 * dependencies, once per process (or per Worker invocation). Routers, scheduled jobs and readiness
 * checks all come from here, so the HTTP app, the scheduler and the CLIs share one wiring.
 */
import { createAccountServices, type AccountOptions, type AccountServices } from './auth/accounts.ts'
import { createAuditLog, type AuditLog } from './compliance/audit-log/audit-log.ts'
import {
  createComplianceServices,
  type ComplianceOptions,
  type ComplianceServices,
} from './compliance/compliance.ts'
import type { Settings } from './config/settings.ts'
import type { Database } from './db/types.ts'
import type { ReadinessCheck } from './health/health.checks.ts'
import type { Clock } from './lib/clock.ts'
import type { Logger } from './lib/logger.ts'
import type { Job } from './scheduler/scheduler.ts'
import { createUsersRepository } from './auth/users.repository.ts'

export interface CoreDeps {
  settings: Settings
  database: Database
  logger: Logger
  clock: Clock
}

/** Runtime-provided implementations and test overrides (see AccountOptions, ComplianceOptions). */
export type ServiceOptions = AccountOptions & ComplianceOptions

export interface Services {
  core: CoreDeps
  /** Scheduled jobs, run by the Node/Deno interval or the Workers cron trigger. */
  jobs: Job[]
  /** Readiness checks beyond database and migrations. */
  readinessChecks: ReadinessCheck[]
  /** Hash-chained audit log: `auditLog.append({ actor, action, subject, requestId, ip, details }, tx?)`. */
  auditLog: AuditLog
  /**
   * Users, sessions, 2FA, API keys, exchange keys, role administration. Other features use
   * `accounts.gate` (via http/auth.ts middleware), `accounts.exchangeKeys.getDecrypted(userId, keyId)`
   * and the checks in auth/actor.ts. See src/auth/README.md.
   */
  accounts: AccountServices
  /**
   * KYC, screening, alerts and cases, USD marks, and `compliance.preTrade` — the
   * `PreTradeCompliance.check(input, tx?)` the order path calls. See src/compliance/README.md.
   */
  compliance: ComplianceServices
}

export function createServices(core: CoreDeps, options: ServiceOptions = {}): Services {
  const auditLog = createAuditLog({ db: core.database.db, clock: core.clock })
  const accounts = createAccountServices({ ...core, auditLog }, options)
  const compliance = createComplianceServices(
    {
      ...core,
      auditLog,
      envelope: accounts.envelope,
      users: createUsersRepository(core.database.db),
    },
    options
  )
  return {
    core,
    jobs: [...accounts.jobs, ...compliance.jobs],
    readinessChecks: [...compliance.readinessChecks],
    auditLog,
    accounts,
    compliance,
  }
}
