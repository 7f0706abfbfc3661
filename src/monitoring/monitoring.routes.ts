/**
 * @module `GET /v1/monitoring/exchanges` (probe status and history), `GET /v1/monitoring/metrics`
 * (admin: trading metrics) and `GET /metrics` (Prometheus text; metrics token or admin).
 */
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import type { AuthGate } from '../auth/auth-gate.ts'
import { requireAuth, requireRole, requireScope } from '../http/auth.ts'
import { jsonResponse, problemResponses, SECURITY } from '../http/openapi-doc.ts'
import type { AppEnv } from '../http/types.ts'
import { validate } from '../http/validate.ts'
import { metricsAuth } from './metrics-auth.ts'
import type { MonitoringService } from './monitoring.service.ts'
import { PROMETHEUS_CONTENT_TYPE } from './prometheus.ts'

const tags = ['monitoring']

const ExchangesQuery = v.object({
  history: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, 'must be a whole number'),
      v.transform(Number),
      v.minValue(1, 'must be at least 1'),
      v.maxValue(200, 'must be at most 200')
    ),
    '20'
  ),
})

const ProbeSchema = v.object({
  symbol: v.string(),
  ok: v.boolean(),
  latencyMs: v.number(),
  errorKind: v.nullable(v.string()),
  errorName: v.nullable(v.string()),
  errorReason: v.nullable(v.string()),
  circuitState: v.picklist(['closed', 'open', 'half-open']),
  consecutiveFailures: v.number(),
  probedAt: v.string(),
})
const ExchangesSchema = v.object({
  generatedAt: v.string(),
  exchanges: v.array(
    v.object({
      exchange: v.string(),
      configured: v.boolean(),
      symbol: v.nullable(v.string()),
      latest: v.nullable(ProbeSchema),
      history: v.array(ProbeSchema),
      summary: v.object({
        probes: v.number(),
        failures: v.number(),
        successRate: v.nullable(v.number()),
      }),
    })
  ),
})
const MetricsSchema = v.object({
  windowHours: v.number(),
  from: v.string(),
  to: v.string(),
  orders: v.object({
    total: v.number(),
    byStatus: v.record(v.string(), v.number()),
    rejected: v.number(),
    unknown: v.number(),
    rejectionRate: v.nullable(v.number()),
    unknownRate: v.nullable(v.number()),
  }),
  fills: v.object({ total: v.number() }),
  submitToAckMs: v.object({
    count: v.number(),
    p50: v.nullable(v.number()),
    p95: v.nullable(v.number()),
    p99: v.nullable(v.number()),
  }),
})

export function createMonitoringRouter(deps: {
  monitoring: MonitoringService
  gate: AuthGate
  metricsToken: string | undefined
}) {
  const { monitoring, gate } = deps
  return new Hono<AppEnv>()
    .get(
      '/v1/monitoring/exchanges',
      describeRoute({
        tags,
        summary: 'Exchange health: latest probe and recent history per exchange',
        description:
          'Probes read one public ticker per configured exchange (EXCHANGE_PROBE_EXCHANGES) every ' +
          'EXCHANGE_PROBE_INTERVAL_SECONDS. `history` (1–200, default 20) is the number of recent probes.',
        security: SECURITY.sessionOrApiKey,
        responses: {
          200: jsonResponse('Status per exchange', ExchangesSchema),
          ...problemResponses(401, 403, 422),
        },
      }),
      requireAuth(gate),
      requireScope('read'),
      validate('query', ExchangesQuery),
      async (c) => c.json(await monitoring.exchanges(c.req.valid('query').history), 200)
    )
    .get(
      '/v1/monitoring/metrics',
      describeRoute({
        tags,
        summary: 'Trading metrics of the last 24 hours (admin)',
        description:
          'Computed in SQL from the orders and fills tables. Rates are null without orders; latency ' +
          'percentiles (nearest-rank, milliseconds) cover live orders with an exchange answer.',
        security: SECURITY.sessionOrApiKey,
        responses: {
          200: jsonResponse('Metrics', MetricsSchema),
          ...problemResponses(401, 403),
        },
      }),
      requireAuth(gate),
      requireRole('admin'),
      requireScope('read'),
      async (c) => c.json(await monitoring.metrics(), 200)
    )
    .get(
      '/metrics',
      describeRoute({
        tags,
        summary: 'Prometheus text exposition (metrics token or admin)',
        description:
          'Send `Authorization: Bearer <METRICS_TOKEN>`, or an admin access token or API key. ' +
          'Without METRICS_TOKEN configured, anonymous requests get 404.',
        security: [{ bearerAuth: [] }],
        responses: {
          200: { description: 'Prometheus text format 0.0.4', content: { 'text/plain': {} } },
          ...problemResponses(401, 403, 404),
        },
      }),
      metricsAuth({ token: deps.metricsToken, gate }),
      async (c) =>
        c.body(await monitoring.prometheus(), 200, {
          'content-type': PROMETHEUS_CONTENT_TYPE,
          'cache-control': 'no-store',
        })
    )
}
