import { SpanKind } from '@opentelemetry/api'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/support/app.ts'
import { createPostgresTestDatabase, createPgliteTestDatabase, type TestDatabase } from '../../test/support/db.ts'
import { installTestTracing } from '../../test/support/tracing.ts'
import { describeQuery } from './db-spans.ts'

describe('telemetry', () => {
  const tracing = installTestTracing()
  let pg: TestDatabase
  let lite: TestDatabase
  beforeAll(async () => {
    pg = await createPostgresTestDatabase({ max: 2 })
    lite = await createPgliteTestDatabase()
  })
  afterAll(async () => {
    await pg.close()
    await lite.close()
    await tracing.shutdown()
  })
  beforeEach(() => tracing.reset())

  it('should create one SERVER span per request named by the route pattern, with status and request id', async () => {
    const { app } = createTestApp()
    app.get('/test/orders/:id', (c) => c.json({ id: c.req.param('id') }))
    await app.request('/test/orders/123', { headers: { 'x-request-id': 'span-1' } })
    await app.request('/test/orders/456')
    const server = tracing.spans().filter((s) => s.kind === SpanKind.SERVER)
    expect(server).toHaveLength(2)
    expect(server.map((s) => s.name)).toEqual(['GET /test/orders/:id', 'GET /test/orders/:id'])
    expect(server[0]!.attributes).toMatchObject({
      'http.route': '/test/orders/:id',
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      'request.id': 'span-1',
    })
  })

  it('should mark 5xx server spans as errors and leave 404 spans without a route', async () => {
    const { app } = createTestApp()
    app.get('/test/fail', () => {
      throw new Error('boom')
    })
    await app.request('/test/fail')
    await app.request('/nothing/here')
    const [fail, missing] = tracing.spans().filter((s) => s.kind === SpanKind.SERVER)
    expect(fail!.status.code).toBe(2)
    expect(missing!.attributes['http.route']).toBeUndefined()
    expect(missing!.attributes['http.response.status_code']).toBe(404)
  })

  it('should continue the trace of an incoming traceparent', async () => {
    const { app } = createTestApp()
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
    await app.request('/health/live', { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } })
    const [span] = tracing.spans()
    expect(span!.spanContext().traceId).toBe(traceId)
    expect(span!.parentSpanContext?.spanId).toBe('00f067aa0ba902b7')
  })

  for (const [driver, get] of [['postgres', () => pg], ['pglite', () => lite]] as const) {
    it(`should record ${driver} queries as CLIENT spans under the request span, without parameter values`, async () => {
      const { app } = createTestApp({ database: get() })
      const res = await app.request('/health/ready')
      expect(res.status).toBe(200)
      const spans = tracing.spans()
      const server = spans.find((s) => s.kind === SpanKind.SERVER)!
      const db = spans.filter((s) => s.kind === SpanKind.CLIENT)
      expect(db.length).toBeGreaterThanOrEqual(2)
      for (const s of db) {
        expect(s.attributes['db.system.name']).toBe('postgresql')
        expect(s.spanContext().traceId).toBe(server.spanContext().traceId)
      }
      const migrations = db.find((s) => s.attributes['db.collection.name'] === '__drizzle_migrations')
      expect(migrations?.name).toBe('SELECT __drizzle_migrations')
      expect(migrations?.attributes['db.operation.name']).toBe('SELECT')
    })
  }

  it('should name queries by operation and table', () => {
    expect(describeQuery('insert into "orders" ("id") values ($1)')).toEqual({ operation: 'INSERT', table: 'orders' })
    expect(describeQuery('update "public"."users" set x = $1')).toEqual({ operation: 'UPDATE', table: 'users' })
    expect(describeQuery('select 1')).toEqual({ operation: 'SELECT', table: undefined })
  })
})
