/**
 * @module Monitoring reads: exchange probe status with history, trading metrics, scheduler job
 * status from `job_leases`, and all of them as Prometheus families.
 */
import { asc } from 'drizzle-orm'
import type { Db } from '../db/types.ts'
import type { ExchangeId } from '../exchanges/types.ts'
import type { Clock } from '../lib/clock.ts'
import { jobLeases } from '../scheduler/scheduler.schema.ts'
import type { ProbeRow, ProbesRepository } from './probes.repository.ts'
import type { ProbeTarget } from './probes.ts'
import { tradingFamilies, probeFamilies, jobFamilies } from './metric-families.ts'
import { renderPrometheus } from './prometheus.ts'
import type { TradingMetricsSource } from './trading-metrics.ts'

export const probeView = (p: ProbeRow) => ({
  symbol: p.symbol,
  ok: p.ok,
  latencyMs: p.latencyMs,
  errorKind: p.errorKind,
  errorName: p.errorName,
  errorReason: p.errorReason,
  circuitState: p.circuitState,
  consecutiveFailures: p.consecutiveFailures,
  probedAt: p.probedAt.toISOString(),
})
export type ProbeView = ReturnType<typeof probeView>

export type JobLeaseRow = typeof jobLeases.$inferSelect

export function createMonitoringService(deps: {
  db: Db
  probes: ProbesRepository
  targets: ProbeTarget[]
  tradingMetrics: TradingMetricsSource
  clock: Clock
}) {
  const { db, probes, targets, tradingMetrics, clock } = deps

  async function exchanges(historyLimit: number) {
    const configured = new Map<string, string>(targets.map((t) => [t.exchange, t.symbol]))
    const names = [...new Set([...configured.keys(), ...(await probes.exchanges())])].sort()
    const items = await Promise.all(
      names.map(async (exchange) => {
        const history = await probes.recent(exchange, historyLimit)
        const failures = history.filter((p) => !p.ok).length
        return {
          exchange: exchange as ExchangeId,
          configured: configured.has(exchange),
          symbol: configured.get(exchange) ?? history[0]?.symbol ?? null,
          latest: history[0] ? probeView(history[0]) : null,
          history: history.map(probeView),
          summary: {
            probes: history.length,
            failures,
            successRate: history.length === 0 ? null : (history.length - failures) / history.length,
          },
        }
      })
    )
    return { generatedAt: clock.now().toISOString(), exchanges: items }
  }

  const jobs = (): Promise<JobLeaseRow[]> =>
    db.select().from(jobLeases).orderBy(asc(jobLeases.name))

  return {
    exchanges,
    metrics: () => tradingMetrics.compute(clock.now()),
    jobs,

    /** The Prometheus text body of `/metrics`. */
    async prometheus(): Promise<string> {
      const now = clock.now()
      const [trading, status, leases] = await Promise.all([
        tradingMetrics.compute(now),
        exchanges(1),
        jobs(),
      ])
      return renderPrometheus([
        ...tradingFamilies(trading),
        ...probeFamilies(
          status.exchanges.flatMap((e) =>
            e.latest ? [{ exchange: e.exchange, probe: e.latest }] : []
          )
        ),
        ...jobFamilies(leases, now),
      ])
    },
  }
}

export type MonitoringService = ReturnType<typeof createMonitoringService>
