/**
 * @module `createApp(deps)`: the one Hono app every runtime serves.
 *
 * Runtime entries build the dependencies (settings, database, logger, clock) and pass them in; nothing
 * in here reads globals, so the same app runs on Node, Deno and Workers and in tests.
 */
import { Hono } from 'hono'
import {
  createFillImportRouter,
  FILL_IMPORT_MAX_BYTES,
  FILL_IMPORT_PATH,
} from './analytics/import/import.routes.ts'
import type { Settings } from './config/settings.ts'
import type { Database } from './db/types.ts'
import { createAccountsRouter } from './auth/accounts.index.ts'
import { createComplianceRouter } from './compliance/compliance.index.ts'
import { databaseCheck, migrationsCheck, type ReadinessCheck } from './health/health.checks.ts'
import { createHealthRouter } from './health/health.routes.ts'
import { accessLog } from './http/access-log.ts'
import { bodyLimit } from './http/body-limit.ts'
import { clientIp, type GetClientIp } from './http/client-ip.ts'
import type { EarlyHeaders } from './http/early-headers.ts'
import { corsFromSettings } from './http/cors.ts'
import { notFound, onError } from './http/errors.ts'
import { mountOpenApi } from './http/openapi.ts'
import { requestId } from './http/request-id.ts'
import { securityHeaders } from './http/security-headers.ts'
import type { AppEnv } from './http/types.ts'
import { systemClock, type Clock } from './lib/clock.ts'
import type { Logger } from './lib/logger.ts'
import { createAnalyticsRouter } from './analytics/analytics.routes.ts'
import { createBotsRouter } from './bots/bots.routes.ts'
import { createMarketplaceRouter } from './marketplace/marketplace.routes.ts'
import { createMonitoringRouter } from './monitoring/monitoring.routes.ts'
import { createServices, type Services } from './services.ts'
import { httpSpans } from './telemetry/http-spans.ts'
import { createMarketRouter } from './trading/market.routes.ts'
import { createOrdersRouter } from './trading/orders.routes.ts'
import { createRiskRouter } from './trading/risk.routes.ts'

export const API_VERSION = '0.1.0'

export interface AppDeps {
  settings: Settings
  database: Database
  logger: Logger
  clock?: Clock
  /** Feature services; built from the other deps when not given (tests may pass their own). */
  services?: Services
  /** Extra readiness checks (tests). */
  readinessChecks?: ReadinessCheck[]
  /** The runtime's way to read the peer address. */
  getClientIp?: GetClientIp
  /** The runtime's way to write fixed response headers on the transport (Node). */
  earlyHeaders?: EarlyHeaders
}

export function createApp(deps: AppDeps) {
  const { settings, database, logger } = deps
  const clock = deps.clock ?? systemClock
  const services = deps.services ?? createServices({ settings, database, logger, clock })
  const app = new Hono<AppEnv>()

  app.use(requestId({ early: deps.earlyHeaders }))
  app.use(httpSpans())
  app.use(accessLog({ logger }))
  app.use(securityHeaders({ early: deps.earlyHeaders }))
  const cors = corsFromSettings(settings.corsOrigins)
  if (cors) app.use(cors)
  app.use(
    bodyLimit({
      maxBytes: settings.bodyLimitBytes,
      routes: { [FILL_IMPORT_PATH]: Math.max(settings.bodyLimitBytes, FILL_IMPORT_MAX_BYTES) },
    })
  )
  app.use(clientIp({ trustProxy: settings.trustProxy, fromRuntime: deps.getClientIp }))

  const checks = [
    databaseCheck(database),
    migrationsCheck(database),
    ...services.readinessChecks,
    ...(deps.readinessChecks ?? []),
  ]
  app.route('/', createHealthRouter({ checks }))
  app.route('/', createAccountsRouter(services.accounts, services.auditLog))
  const auth = services.routeAuth
  const { trading, bots } = services
  app.route('/', createMarketRouter({ venues: trading.venues, auth }))
  app.route('/', createOrdersRouter({ orders: trading.orders, repo: trading.repo, auth }))
  app.route('/', createRiskRouter({ risk: trading.risk, orders: trading.orders, auth }))
  app.route('/', createFillImportRouter({ fillImport: services.analytics.import, auth }))
  app.route('/', createBotsRouter({ bots: bots.service, repo: bots.repo, auth }))
  app.route('/', createAnalyticsRouter({ analytics: services.analytics.read, auth }))
  app.route('/', createComplianceRouter(services.compliance, { gate: services.accounts.gate, clock }))
  const gate = services.accounts.gate
  app.route('/', createMarketplaceRouter({ gate, ...services.marketplace }))
  app.route(
    '/',
    createMonitoringRouter({
      monitoring: services.monitoring.service,
      gate,
      metricsToken: settings.metricsToken,
    })
  )

  app.get('/', (c) => c.json({ name: 'tradeworks', version: API_VERSION, docs: '/docs', openapi: '/openapi.json' }))
  mountOpenApi(app, { version: API_VERSION })

  app.onError(onError(logger))
  app.notFound(notFound(app))
  return app
}

export type AppType = ReturnType<typeof createApp>
