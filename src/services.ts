/**
 * @module Composition root: builds every feature's repositories and services from the runtime's
 * dependencies, once per process (or per Worker invocation). Routers, scheduled jobs and readiness
 * checks all come from here, so the HTTP app, the scheduler and the CLIs share one wiring.
 */
import { createAnalyticsStore, type AnalyticsStore } from './analytics/store/fill-listener.ts'
import {
  createFillImportService,
  type FillImportService,
  type ImportAnalytics,
} from './analytics/import/import.service.ts'
import {
  createAccountServices,
  type AccountOptions,
  type AccountServices,
} from './auth/accounts.ts'
import { createAnalyticsQueries } from './analytics/analytics.queries.ts'
import { createAnalyticsService, type AnalyticsService } from './analytics/analytics.service.ts'
import { createBotRunner, type BotRunner } from './bots/bot-runner.ts'
import { createBotsRepository, type BotsRepository } from './bots/bots.repository.ts'
import { createBotsService, type BotsService } from './bots/bots.service.ts'
import { createAuditLog, type AuditEvent, type AuditLog } from './compliance/audit-log/audit-log.ts'
import {
  createComplianceServices,
  type ComplianceOptions,
  type ComplianceServices,
} from './compliance/compliance.ts'
import { ordersTableHistory } from './compliance/order-history.ts'
import type { Settings } from './config/settings.ts'
import type { Database } from './db/types.ts'
import type { ReadinessCheck } from './health/health.checks.ts'
import { requireAuth, requireStepUp } from './http/auth.ts'
import type { Clock } from './lib/clock.ts'
import type { Logger } from './lib/logger.ts'
import { analyticsPerformance } from './marketplace/analytics-performance.ts'
import { createMarketplace, type Marketplace } from './marketplace/marketplace.ts'
import type { ProviderPerformanceSource } from './marketplace/performance-source.ts'
import { providerScreeningFromCompliance } from './marketplace/compliance-screening.ts'
import type { ProviderScreening } from './marketplace/screening.ts'
import { createMonitoring, type Monitoring } from './monitoring/monitoring.ts'
import type { TradingMetricsSource } from './monitoring/trading-metrics.ts'
import type { Job } from './scheduler/scheduler.ts'
import { liveCredentialsFromAccounts } from './trading/live-credentials.ts'
import type { RouteAuth } from './trading/route-auth.ts'
import type { ExchangeGateways } from './trading/venues.ts'
import { createUsersRepository } from './auth/users.repository.ts'
import {
  createTrading,
  type Trading,
  type TradingDeps,
} from './trading/trading.ts'
import type {
  FillListener,
  LiveCredentialsProvider,
  PreTradeCompliance,
} from './trading/trading.types.ts'

export interface CoreDeps {
  settings: Settings
  database: Database
  logger: Logger
  clock: Clock
}

/** Implementations the trading core takes from other features (defaults wired below). */
export interface TradingOptions {
  /** Pre-trade compliance gate; default: the compliance feature's `preTrade` (fails closed). */
  compliance?: PreTradeCompliance
  /** Called in the transaction that stores fills (analytics). */
  fillListeners?: FillListener[]
  /** Default: the user's validated exchange key from the accounts feature. */
  liveCredentials?: LiveCredentialsProvider
  /** Default: `requireAuth` / `requireStepUp` over the accounts gate. Tests may pass their own. */
  routeAuth?: RouteAuth
  /** Real exchanges (ccxt gateway + the process's guards), given by the Node/Deno entries only. */
  exchangeGateways?: ExchangeGateways
  /** Test overrides of the trading core (simulator URL, venue wrappers, timings). */
  trading?: Pick<TradingDeps, 'gatewayOptions' | 'venues' | 'reconcile' | 'replayWaitMs'>
}

/** Runtime-provided implementations and test overrides (see AccountOptions, ComplianceOptions, TradingOptions). */
export type ServiceOptions = AccountOptions &
  ComplianceOptions &
  TradingOptions &
  MarketOptions &
  FillImportOptions

/** Trade-history import (POST /v1/fills/import). */
export interface FillImportOptions {
  /** Analytics store the import feeds, in its transaction; default: `analytics.store`. */
  fillImportAnalytics?: ImportAnalytics
  /** Rows per import; default 50,000. */
  fillImportMaxRows?: number
}

/** Marketplace and monitoring implementations from other features (or tests). */
export interface MarketOptions {
  /** Sanctions screening of marketplace providers; default: the compliance feature's. */
  providerScreening?: ProviderScreening
  /** Listing performance; default: the provider's fills through the analytics engine. */
  providerPerformance?: ProviderPerformanceSource
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
  /** Authentication of the trading and bot routes. */
  routeAuth: RouteAuth
  /** Orders, fills, positions, risk, reconciliation (src/trading/README.md). */
  trading: Trading
  bots: { service: BotsService; repo: BotsRepository; runner: BotRunner }
  /**
   * KYC, screening, alerts and cases, USD marks, and `compliance.preTrade` — the
   * `PreTradeCompliance.check(input, tx?)` the order path calls. See src/compliance/README.md.
   */
  compliance: ComplianceServices
  /** Strategy marketplace: providers, listings, subscriptions, signals (src/marketplace/README.md). */
  marketplace: Marketplace
  /** Exchange probes, trading metrics, Prometheus exposition (src/monitoring/README.md). */
  monitoring: Monitoring
  /**
   * FIFO books, trade rows and daily rollups kept in step with fills (`store`), the import of
   * trade history from elsewhere (`import`, POST /v1/fills/import), and the `/v1/analytics/*`
   * queries over the tables (`read`). See src/analytics/README.md.
   */
  analytics: { store: AnalyticsStore; import: FillImportService; read: AnalyticsService }
}

export function createServices(core: CoreDeps, options: ServiceOptions = {}): Services {
  const { settings, database, logger, clock } = core
  const db = database.db
  const auditLog = createAuditLog({ db, clock })
  const analyticsStore = createAnalyticsStore()
  const accounts = createAccountServices({ ...core, auditLog }, options)
  const compliance = createComplianceServices(
    { ...core, auditLog, envelope: accounts.envelope, users: createUsersRepository(db) },
    // Limits and monitoring count the orders that exist and were not rejected by the exchange.
    { orderHistory: ordersTableHistory(), ...options }
  )
  const trading = createTrading({
    db,
    clock,
    logger,
    tradingMode: settings.tradingMode,
    enableMockData: settings.enableMockData,
    compliance: options.compliance ?? compliance.preTrade,
    credentials:
      options.liveCredentials ?? liveCredentialsFromAccounts({ db, keys: accounts.exchangeKeys }),
    audit: { append: (event, tx) => auditLog.append(event as AuditEvent, tx) },
    listeners: [analyticsStore.listener, ...(options.fillListeners ?? [])],
    gateways: options.exchangeGateways,
    ...options.trading,
    reconcile: {
      intervalSeconds: settings.scheduler.reconcileIntervalSeconds,
      maxAgeSeconds: settings.scheduler.reconcileMaxAgeSeconds,
      ...options.trading?.reconcile,
    },
  })
  const analyticsRead = createAnalyticsService({ queries: createAnalyticsQueries(db) })
  const botsRepo = createBotsRepository(db)
  const botsService = createBotsService({
    db,
    clock,
    venues: trading.venues,
    repo: botsRepo,
    tradingMode: settings.tradingMode,
    limitsOf: (userId) => trading.risk.limits(userId),
    analytics: analyticsRead,
  })
  const runner = createBotRunner({
    db,
    clock,
    logger,
    venues: trading.venues,
    orders: trading.orders,
    repo: botsRepo,
    tickSeconds: settings.scheduler.botTickSeconds,
  })
  const marketplace = createMarketplace({
    db,
    auditLog,
    clock,
    screening:
      options.providerScreening ?? providerScreeningFromCompliance(compliance.screening),
    performance: options.providerPerformance ?? analyticsPerformance(analyticsRead),
  })
  const gateways = options.exchangeGateways
  const monitoring = createMonitoring({
    db,
    clock,
    probes: settings.exchangeProbes,
    // Probes read through trading's public gateways: same market cache, same guards.
    probeRuntime: gateways && {
      source: (exchange) => trading.venues.marketData(exchange),
      guards: gateways.guards,
    },
    tradingMetrics: options.tradingMetrics,
  })
  const fillImport = createFillImportService({
    db,
    clock,
    analytics: options.fillImportAnalytics ?? analyticsStore,
    audit: auditLog,
    maxRows: options.fillImportMaxRows,
  })
  return {
    core,
    jobs: [...accounts.jobs, ...compliance.jobs, ...trading.jobs, runner.job, ...monitoring.jobs],
    readinessChecks: [...trading.readinessChecks, ...compliance.readinessChecks],
    auditLog,
    accounts,
    routeAuth: options.routeAuth ?? {
      requireAuth: requireAuth(accounts.gate),
      requireStepUp: requireStepUp(accounts.gate),
    },
    trading,
    bots: { service: botsService, repo: botsRepo, runner },
    compliance,
    marketplace,
    monitoring,
    analytics: { store: analyticsStore, import: fillImport, read: analyticsRead },
  }
}
