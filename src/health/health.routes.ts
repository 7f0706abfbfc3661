/**
 * @module `GET /health/live` (the process answers) and `GET /health/ready` (it can serve traffic).
 */
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { ProblemError } from '../lib/problem.ts'
import type { AppEnv } from '../http/types.ts'
import { runCheck, type ReadinessCheck } from './health.checks.ts'

export function createHealthRouter({ checks }: { checks: ReadinessCheck[] }) {
  return new Hono<AppEnv>()
    .get(
      '/health/live',
      describeRoute({ tags: ['health'], summary: 'Liveness: the process is up', security: [], responses: { 200: { description: 'Alive' } } }),
      (c) => c.json({ status: 'ok' })
    )
    .get(
      '/health/ready',
      describeRoute({
        tags: ['health'],
        summary: 'Readiness: database reachable, migrations applied, background work current',
        security: [],
        responses: { 200: { description: 'Ready' }, 503: { description: 'Not ready (problem+json with the failing checks)' } },
      }),
      async (c) => {
        const results = await Promise.all(checks.map(async (ch) => [ch.name, await runCheck(ch)] as const))
        const byName = Object.fromEntries(results)
        const failing = results.filter(([, r]) => r.status === 'fail').map(([n]) => n)
        if (failing.length > 0) {
          throw new ProblemError({
            status: 503,
            type: 'not-ready',
            title: 'Not ready',
            detail: `Failing checks: ${failing.join(', ')}.`,
            extra: { checks: byName },
          })
        }
        c.header('cache-control', 'no-store')
        return c.json({ status: 'ready', checks: byName })
      }
    )
}
