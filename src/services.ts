/**
 * @module Composition root: builds every feature's repositories and services from the runtime's
 * dependencies, once per process (or per Worker invocation). Routers, scheduled jobs and readiness
 * checks all come from here, so the HTTP app, the scheduler and the CLIs share one wiring.
 */
import { createBotRunner, type BotRunner } from './bots/bot-runner.ts'
import { createBotsRepository, type BotsRepository } from './bots/bots.repository.ts'
import { createBotsService, type BotsService } from './bots/bots.service.ts'
import type { Settings } from './config/settings.ts'
import type { Database } from './db/types.ts'
import type { ReadinessCheck } from './health/health.checks.ts'
import type { Clock } from './lib/clock.ts'
import type { Logger } from './lib/logger.ts'
import { problems } from './lib/problem.ts'
import type { Job } from './scheduler/scheduler.ts'
import type { AuditSink } from './trading/risk.service.ts'
import type { RouteAuth } from './trading/route-auth.ts'
import { complianceNotConfigured, createTrading, type Trading, type TradingDeps } from './trading/trading.ts'
import type { FillListener, LiveCredentialsProvider, PreTradeCompliance } from './trading/trading.types.ts'

export interface CoreDeps {
  settings: Settings
  database: Database
  logger: Logger
  clock: Clock
}

/** Implementations other features (or tests) plug in. */
export interface ServiceOptions {
  /** Pre-trade compliance gate; until wired, `complianceNotConfigured` (refuses in production). */
  compliance?: PreTradeCompliance
  /** The user's validated, decrypted exchange key for live orders (accounts feature). */
  liveCredentials?: LiveCredentialsProvider
  /** Audit log for risk changes (accounts feature's `auditLog`). */
  audit?: AuditSink
  /** Called in the transaction that stores fills (analytics). */
  fillListeners?: FillListener[]
  /** Authentication middleware for the trading and bot routes (accounts feature). */
  routeAuth?: RouteAuth
  /** Test overrides of the trading core (simulator URL, venue wrappers, timings). */
  trading?: Pick<TradingDeps, 'gatewayOptions' | 'venues' | 'reconcile' | 'replayWaitMs' | 'guards'>
}

export interface Services {
  core: CoreDeps
  /** Scheduled jobs, run by the Node/Deno interval or the Workers cron trigger. */
  jobs: Job[]
  /** Readiness checks beyond database and migrations. */
  readinessChecks: ReadinessCheck[]
  routeAuth: RouteAuth
  trading: Trading
  bots: { service: BotsService; repo: BotsRepository; runner: BotRunner }
}

/** Until authentication is wired every protected route answers 401: nothing is open by default. */
const authNotConfigured: RouteAuth = {
  requireAuth: async () => {
    throw problems.unauthorized('Authentication is not configured on this deployment.', 'auth-not-configured')
  },
  requireStepUp: async () => {
    throw problems.forbidden('Step-up is not configured on this deployment.', 'step-up-required')
  },
}

export function createServices(core: CoreDeps, options: ServiceOptions = {}): Services {
  const { settings, database, logger, clock } = core
  const db = database.db
  const trading = createTrading({
    db,
    clock,
    logger,
    tradingMode: settings.tradingMode,
    enableMockData: settings.enableMockData,
    compliance: options.compliance ?? complianceNotConfigured({ production: settings.production }),
    credentials: options.liveCredentials,
    audit: options.audit,
    listeners: options.fillListeners,
    ...options.trading,
    reconcile: {
      intervalSeconds: settings.scheduler.reconcileIntervalSeconds,
      maxAgeSeconds: settings.scheduler.reconcileMaxAgeSeconds,
      ...options.trading?.reconcile,
    },
  })
  const botsRepo = createBotsRepository(db)
  const botsService = createBotsService({ db, clock, venues: trading.venues, repo: botsRepo, tradingMode: settings.tradingMode })
  const runner = createBotRunner({ db, clock, logger, venues: trading.venues, orders: trading.orders, repo: botsRepo, tickSeconds: settings.scheduler.botTickSeconds })
  return {
    core,
    jobs: [...trading.jobs, runner.job],
    readinessChecks: [...trading.readinessChecks],
    routeAuth: options.routeAuth ?? authNotConfigured,
    trading,
    bots: { service: botsService, repo: botsRepo, runner },
  }
}
