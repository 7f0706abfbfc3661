/**
 * @module The `/metrics` families: trading figures, the latest probe per exchange and scheduler
 * job status. Values that are undefined (no orders, never succeeded) are left out, not zeroed.
 */
import type { MetricFamily } from './prometheus.ts'
import type { TradingMetrics } from './trading-metrics.ts'

const seconds = (d: Date | null | undefined) => (d ? d.getTime() / 1000 : null)
const ms = (v: number | null) => (v === null ? null : v / 1000)
const CIRCUIT_STATES = ['closed', 'half-open', 'open'] as const

export function tradingFamilies(m: TradingMetrics): MetricFamily[] {
  const w = `${m.windowHours}h`
  return [
    {
      name: 'tradeworks_recent_orders',
      help: `Orders created in the last ${w}, by current status.`,
      type: 'gauge',
      samples: Object.entries(m.orders.byStatus).map(([status, n]) => ({
        labels: { status, window: w },
        value: n,
      })),
    },
    {
      name: 'tradeworks_recent_fills',
      help: `Fills with a trade time in the last ${w}.`,
      type: 'gauge',
      samples: [{ labels: { window: w }, value: m.fills.total }],
    },
    {
      name: 'tradeworks_order_rejection_ratio',
      help: `Rejected orders / orders created in the last ${w}.`,
      type: 'gauge',
      samples: [{ labels: { window: w }, value: m.orders.rejectionRate }],
    },
    {
      name: 'tradeworks_order_unknown_ratio',
      help: `Orders whose submission outcome was unknown / orders created in the last ${w}.`,
      type: 'gauge',
      samples: [{ labels: { window: w }, value: m.orders.unknownRate }],
    },
    {
      name: 'tradeworks_order_submit_to_ack_seconds',
      help: `Live order submit-to-ack latency over the last ${w}, nearest-rank quantiles.`,
      type: 'gauge',
      samples: [
        { labels: { quantile: '0.5', window: w }, value: ms(m.submitToAckMs.p50) },
        { labels: { quantile: '0.95', window: w }, value: ms(m.submitToAckMs.p95) },
        { labels: { quantile: '0.99', window: w }, value: ms(m.submitToAckMs.p99) },
      ],
    },
    {
      name: 'tradeworks_order_submit_to_ack_samples',
      help: `Live orders behind the latency quantiles (last ${w}).`,
      type: 'gauge',
      samples: [{ labels: { window: w }, value: m.submitToAckMs.count }],
    },
  ]
}

export interface LatestProbe {
  exchange: string
  probe: {
    ok: boolean
    latencyMs: number
    circuitState: string
    consecutiveFailures: number
    probedAt: string
  }
}

export function probeFamilies(latest: LatestProbe[]): MetricFamily[] {
  const by = (value: (p: LatestProbe['probe']) => number) =>
    latest.map((l) => ({ labels: { exchange: l.exchange }, value: value(l.probe) }))
  return [
    {
      name: 'tradeworks_exchange_up',
      help: 'Whether the latest health probe of the exchange succeeded (1) or failed (0).',
      type: 'gauge',
      samples: by((p) => (p.ok ? 1 : 0)),
    },
    {
      name: 'tradeworks_exchange_probe_latency_seconds',
      help: 'Latency of the latest health probe.',
      type: 'gauge',
      samples: by((p) => p.latencyMs / 1000),
    },
    {
      name: 'tradeworks_exchange_probe_timestamp_seconds',
      help: 'When the latest health probe ran (Unix time).',
      type: 'gauge',
      samples: by((p) => Date.parse(p.probedAt) / 1000),
    },
    {
      name: 'tradeworks_exchange_circuit_state',
      help: 'Circuit breaker state seen by the latest probe (1 for the current state).',
      type: 'gauge',
      samples: latest.flatMap((l) =>
        CIRCUIT_STATES.map((state) => ({
          labels: { exchange: l.exchange, state },
          value: l.probe.circuitState === state ? 1 : 0,
        }))
      ),
    },
    {
      name: 'tradeworks_exchange_consecutive_failures',
      help: 'Consecutive failed exchange calls seen by the latest probe.',
      type: 'gauge',
      samples: by((p) => p.consecutiveFailures),
    },
  ]
}

export interface JobLease {
  name: string
  owner: string | null
  lockedUntil: Date
  lastSuccessAt: Date | null
  lastFailureAt: Date | null
  runs: number
  failures: number
}

export function jobFamilies(jobs: JobLease[], now: Date): MetricFamily[] {
  const by = (value: (j: JobLease) => number | null) =>
    jobs.map((j) => ({ labels: { job: j.name }, value: value(j) }))
  return [
    {
      name: 'tradeworks_job_runs_total',
      help: 'Scheduled job runs started (all instances).',
      type: 'counter',
      samples: by((j) => j.runs),
    },
    {
      name: 'tradeworks_job_failures_total',
      help: 'Scheduled job runs that failed (all instances).',
      type: 'counter',
      samples: by((j) => j.failures),
    },
    {
      name: 'tradeworks_job_last_success_timestamp_seconds',
      help: 'When the job last succeeded (Unix time).',
      type: 'gauge',
      samples: by((j) => seconds(j.lastSuccessAt)),
    },
    {
      name: 'tradeworks_job_last_failure_timestamp_seconds',
      help: 'When the job last failed (Unix time).',
      type: 'gauge',
      samples: by((j) => seconds(j.lastFailureAt)),
    },
    {
      name: 'tradeworks_job_running',
      help: 'Whether an instance holds a live lease on the job (a run in progress).',
      type: 'gauge',
      samples: by((j) => (j.owner !== null && j.lockedUntil > now ? 1 : 0)),
    },
  ]
}
