/**
 * @module Exchange health probes: a scheduled job that reads one public ticker per configured
 * exchange through the gateway (so the shared budget and circuit breaker apply), and stores the
 * latency, the error class and the circuit state, pruning rows past the retention period.
 *
 * The probe goes through the same guards as trading, so a failing probe counts towards opening
 * the circuit, and an open circuit is recorded without a request being sent.
 */
import type { ExchangeGuards } from '../exchanges/exchange-guards.ts'
import type { ExchangeId, MarketDataSource } from '../exchanges/types.ts'
import type { Clock } from '../lib/clock.ts'
import type { Job } from '../scheduler/scheduler.ts'
import type { NewProbe, ProbesRepository } from './probes.repository.ts'

/** A liquid spot market per exchange, read when the setting names no symbol. */
export const DEFAULT_PROBE_SYMBOLS: Record<ExchangeId, string> = {
  binance: 'BTC/USDT',
  coinbase: 'BTC/USD',
  kraken: 'BTC/USD',
  kucoin: 'BTC/USDT',
}

export interface ProbeTarget {
  exchange: ExchangeId
  symbol: string
}

export interface ExchangeProbeDeps {
  repo: ProbesRepository
  targets: ProbeTarget[]
  /** The public market-data gateway of an exchange (one per exchange, kept across runs). */
  source: (exchange: ExchangeId) => MarketDataSource
  /** The process's shared guards, whose breaker state each probe records. */
  guards: Pick<ExchangeGuards, 'snapshot'>
  clock: Clock
  intervalSeconds: number
  retentionHours: number
  /** Monotonic milliseconds for latency (default `performance.now`). */
  elapsed?: () => number
}

interface GatewayErrorLike {
  name?: string
  kind?: string
  reason?: string
}

/** Probes every target once, in parallel; returns the rows it stored. */
export async function probeExchanges(deps: ExchangeProbeDeps): Promise<NewProbe[]> {
  const elapsed = deps.elapsed ?? (() => performance.now())
  const rows = await Promise.all(
    deps.targets.map(async ({ exchange, symbol }): Promise<NewProbe> => {
      const started = elapsed()
      let error: GatewayErrorLike | null = null
      try {
        await deps.source(exchange).ticker(symbol)
      } catch (e) {
        error = (e ?? {}) as GatewayErrorLike
      }
      const latencyMs = Math.max(0, Math.round(elapsed() - started))
      const circuit = deps.guards.snapshot()[exchange]?.circuit
      return {
        exchange,
        symbol,
        ok: error === null,
        latencyMs,
        errorKind: error === null ? null : typeof error.kind === 'string' ? error.kind : 'internal',
        errorName: error === null ? null : typeof error.name === 'string' ? error.name : 'Error',
        errorReason: typeof error?.reason === 'string' ? error.reason : null,
        circuitState: circuit?.state ?? 'closed',
        consecutiveFailures: circuit?.consecutiveFailures ?? 0,
        probedAt: deps.clock.now(),
      }
    })
  )
  await deps.repo.insert(rows)
  return rows
}

/**
 * The `exchanges.probe` job. Probing is idempotent enough for the scheduler's at-least-once runs:
 * a repeated run only adds one more sample.
 */
export function createExchangeProbeJob(deps: ExchangeProbeDeps): Job {
  return {
    name: 'exchanges.probe',
    intervalSeconds: deps.intervalSeconds,
    leaseSeconds: 120,
    async run({ now }) {
      await probeExchanges(deps)
      await deps.repo.prune(new Date(now.getTime() - deps.retentionHours * 3_600_000))
    },
  }
}
