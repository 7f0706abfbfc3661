/**
 * @module Builds the monitoring feature: the probe job (when exchanges are configured and the
 * runtime provides gateways), the monitoring service and its routes' dependencies.
 */
import type { Settings } from '../config/settings.ts'
import type { Db } from '../db/types.ts'
import type { ExchangeGuards } from '../exchanges/exchange-guards.ts'
import type { ExchangeId, MarketDataSource } from '../exchanges/types.ts'
import type { Clock } from '../lib/clock.ts'
import type { Job } from '../scheduler/scheduler.ts'
import { createMonitoringService } from './monitoring.service.ts'
import { createProbesRepository } from './probes.repository.ts'
import { createExchangeProbeJob, DEFAULT_PROBE_SYMBOLS, type ProbeTarget } from './probes.ts'
import { createSqlTradingMetrics, type TradingMetricsSource } from './trading-metrics.ts'

/** What the probes read through: trading's public gateways and the process's shared guards. */
export interface ExchangeProbeRuntime {
  source(exchange: ExchangeId): MarketDataSource
  guards: Pick<ExchangeGuards, 'snapshot'>
  /** Monotonic ms for latency (tests). */
  elapsed?: () => number
}

export interface MonitoringDeps {
  db: Db
  clock: Clock
  probes: Settings['exchangeProbes']
  /** Absent (Workers: no ccxt in the bundle) → no probe job on this runtime. */
  probeRuntime?: ExchangeProbeRuntime
  /** Default: SQL over the trading tables. */
  tradingMetrics?: TradingMetricsSource
}

export function createMonitoring(deps: MonitoringDeps) {
  const { db, clock } = deps
  const repo = createProbesRepository(db)
  const targets: ProbeTarget[] = deps.probes.targets.map((t) => ({
    exchange: t.exchange,
    symbol: t.symbol ?? DEFAULT_PROBE_SYMBOLS[t.exchange],
  }))
  const jobs: Job[] = []
  if (deps.probeRuntime && targets.length > 0) {
    const runtime = deps.probeRuntime
    jobs.push(
      createExchangeProbeJob({
        repo,
        targets,
        source: (exchange) => runtime.source(exchange),
        guards: runtime.guards,
        elapsed: runtime.elapsed,
        clock,
        intervalSeconds: deps.probes.intervalSeconds,
        retentionHours: deps.probes.retentionHours,
      })
    )
  }
  const service = createMonitoringService({
    db,
    probes: repo,
    targets,
    tradingMetrics: deps.tradingMetrics ?? createSqlTradingMetrics(db),
    clock,
  })
  return { service, jobs, repo, targets }
}

export type Monitoring = ReturnType<typeof createMonitoring>
