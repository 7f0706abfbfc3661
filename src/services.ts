/**
 * @module Composition root: builds every feature's repositories and services from the runtime's
 * dependencies, once per process (or per Worker invocation). Routers, scheduled jobs and readiness
 * checks all come from here, so the HTTP app, the scheduler and the CLIs share one wiring.
 */
import { createAccountServices, type AccountOptions, type AccountServices } from './auth/accounts.ts'
import { createAuditLog, type AuditLog } from './compliance/audit-log/audit-log.ts'
import type { Settings } from './config/settings.ts'
import type { Database } from './db/types.ts'
import type { ReadinessCheck } from './health/health.checks.ts'
import type { Clock } from './lib/clock.ts'
import type { Logger } from './lib/logger.ts'
import { createFillsPerformance } from './marketplace/fills-performance.ts'
import { createMarketplace, type Marketplace } from './marketplace/marketplace.ts'
import type { ProviderPerformanceSource } from './marketplace/performance-source.ts'
import { screeningNotConfigured, type ProviderScreening } from './marketplace/screening.ts'
import { createMonitoring, type ExchangeProbeRuntime, type Monitoring } from './monitoring/monitoring.ts'
import type { TradingMetricsSource } from './monitoring/trading-metrics.ts'
import type { Job } from './scheduler/scheduler.ts'

export interface CoreDeps {
  settings: Settings
  database: Database
  logger: Logger
  clock: Clock
}

/** Runtime-provided implementations and test overrides (see AccountOptions). */
export interface ServiceOptions extends AccountOptions {
  /** Sanctions screening of marketplace providers; until compliance wires it, see screening.ts. */
  providerScreening?: ProviderScreening
  /** Listing performance; default: the provider's fills through the analytics engine. */
  providerPerformance?: ProviderPerformanceSource
  /** Public gateways and shared guards for exchange health probes (Node/Deno boot). */
  exchangeProbes?: ExchangeProbeRuntime
  /** Trading metrics; default: SQL over the orders and fills tables. */
  tradingMetrics?: TradingMetricsSource
}

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
  /** Strategy marketplace: providers, listings, subscriptions, signals (src/marketplace/README.md). */
  marketplace: Marketplace
  /** Exchange probes, trading metrics, Prometheus exposition (src/monitoring/README.md). */
  monitoring: Monitoring
}

export function createServices(core: CoreDeps, options: ServiceOptions = {}): Services {
  const auditLog = createAuditLog({ db: core.database.db, clock: core.clock })
  const accounts = createAccountServices({ ...core, auditLog }, options)
  const { settings, database, clock } = core
  const marketplace = createMarketplace({
    db: database.db,
    auditLog,
    clock,
    screening:
      options.providerScreening ?? screeningNotConfigured({ production: settings.production }),
    performance: options.providerPerformance ?? createFillsPerformance(database.db),
  })
  const monitoring = createMonitoring({
    db: database.db,
    clock,
    probes: settings.exchangeProbes,
    probeRuntime: options.exchangeProbes,
    tradingMetrics: options.tradingMetrics,
  })
  return {
    core,
    jobs: [...accounts.jobs, ...monitoring.jobs],
    readinessChecks: [],
    auditLog,
    accounts,
    marketplace,
    monitoring,
  }
}
