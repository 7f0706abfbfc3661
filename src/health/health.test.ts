import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, noDatabase } from '../../test/support/app.ts'
import { createPostgresTestDatabase, type TestDatabase } from '../../test/support/db.ts'

describe('health', () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createPostgresTestDatabase({ max: 2 })
  })
  afterAll(async () => {
    await database.close()
  })

  it('should be live without touching the database', async () => {
    const { app } = createTestApp({ database: { ...noDatabase(), ping: () => Promise.reject(new Error('down')) } })
    const res = await app.request('/health/live')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('should be ready when the database answers and every migration is applied', async () => {
    const { app } = createTestApp({ database })
    const res = await app.request('/health/ready')
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.status).toBe('ready')
    expect(body.checks.migrations).toMatchObject({ status: 'pass' })
    expect(body.checks.migrations.applied).toBe(body.checks.migrations.expected)
  })

  it('should answer 503 naming the database check when the database is unreachable', async () => {
    const down = { ...noDatabase(), ping: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.1 password=x')) }
    const { app } = createTestApp({ database: down, readinessChecks: [] })
    const res = await app.request('/health/ready')
    expect(res.status).toBe(503)
    const body = await res.json()
    expect(body.type).toBe('/problems/not-ready')
    expect(body.checks.database).toEqual({ status: 'fail', detail: 'check failed (Error)' })
    expect(JSON.stringify(body)).not.toContain('password')
  })

  it('should answer 503 naming the pending migration when the journal is ahead of the database', async () => {
    const { app } = createTestApp({ database })
    const [last] = (await database.db.execute(sql`select max(id) as id from drizzle.__drizzle_migrations`)) as unknown as Array<{ id: number }>
    await database.db.execute(sql`delete from drizzle.__drizzle_migrations where id = ${last!.id}`)
    const res = await app.request('/health/ready')
    expect(res.status).toBe(503)
    const body = await res.json()
    expect(body.detail).toBe('Failing checks: migrations.')
    expect(body.checks.migrations.status).toBe('fail')
    expect(body.checks.migrations.pending).toHaveLength(1)
  })
})
