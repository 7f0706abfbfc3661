/**
 * @module Builds the trading core from its dependencies: venues, repositories, the fill recorder,
 * risk, the order service, reconciliation (job + readiness check). The composition root
 * (`services.ts`) calls this once per process.
 */
import type { Db } from '../db/types.ts'
import type { Clock } from '../lib/clock.ts'
import type { Logger } from '../lib/logger.ts'
import { createFillRecorder } from './fill-recorder.ts'
import { createOrderService } from './order.service.ts'
import { createOrdersRepository } from './orders.repository.ts'
import { createReconciler, type ReconcileOptions } from './reconcile.ts'
import { createRiskService, type AuditSink } from './risk.service.ts'
import type {
  FillListener,
  LiveCredentialsProvider,
  PreTradeCompliance,
  TradingMode,
} from './trading.types.ts'
import { createVenues, type ExchangeGateways, type VenuesOptions, type Venues } from './venues.ts'

export interface TradingDeps {
  db: Db
  clock: Clock
  logger: Logger
  tradingMode: TradingMode
  enableMockData: boolean
  compliance: PreTradeCompliance
  credentials?: LiveCredentialsProvider
  audit?: AuditSink
  listeners?: FillListener[]
  /** Real exchanges (Node/Deno entries); without it only `sim`. */
  gateways?: ExchangeGateways
  /** Tests: `{ baseUrlOverride, ccxtRateLimit: false }` to reach the loopback simulator. */
  gatewayOptions?: VenuesOptions['gatewayOptions']
  /** Replace the venue registry (tests wrap it to simulate crashes around the exchange call). */
  venues?: Venues
  reconcile?: ReconcileOptions
  replayWaitMs?: number
}

export function createTrading(deps: TradingDeps) {
  const { db, clock, logger } = deps
  const venues =
    deps.venues ??
    createVenues({
      enableMockData: deps.enableMockData,
      clock,
      gateways: deps.gateways,
      credentials: deps.credentials,
      gatewayOptions: deps.gatewayOptions,
    })
  const repo = createOrdersRepository(db)
  const recorder = createFillRecorder({ listeners: deps.listeners })
  const risk = createRiskService({ db, clock, orders: repo, audit: deps.audit })
  const orders = createOrderService({
    db,
    clock,
    logger,
    venues,
    repo,
    risk,
    recorder,
    compliance: deps.compliance,
    tradingMode: deps.tradingMode,
    replayWaitMs: deps.replayWaitMs,
  })
  const reconciler = createReconciler(
    { db, clock, logger, venues, repo, recorder, cancelNow: orders.cancelNow },
    deps.reconcile
  )
  return {
    venues,
    repo,
    recorder,
    risk,
    orders,
    reconciler,
    jobs: [reconciler.job],
    readinessChecks: [reconciler.readiness],
  }
}

export type Trading = ReturnType<typeof createTrading>
