import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, testSettings } from '../../test/support/app.ts'
import { createPostgresTestDatabase, type TestDatabase } from '../../test/support/db.ts'
import { approve } from '../../test/support/trading.ts'
import { DEMO_EMAIL, DemoSeedRefused, seedDemo } from './demo-seed.ts'

describe('demo seed', () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createPostgresTestDatabase()
  })
  afterAll(() => database.close())

  it('should refuse in production and without ENABLE_MOCK_DATA', async () => {
    const { services } = createTestApp({ database })
    await expect(
      seedDemo({ ...testSettings(), production: true }, services)
    ).rejects.toBeInstanceOf(DemoSeedRefused)
    await expect(
      seedDemo(testSettings({ ENABLE_MOCK_DATA: 'false' }), services)
    ).rejects.toBeInstanceOf(DemoSeedRefused)
  })

  it('should create the demo user and three running sim bots once, and the DCA bot trades on its first tick', async () => {
    const { services, app } = createTestApp({ database, serviceOptions: { compliance: approve } })
    const first = await seedDemo(testSettings(), services)
    expect(first).toMatchObject({ email: DEMO_EMAIL, existing: [] })
    expect(first.created).toHaveLength(3)
    expect(first.password).toMatch(/^demo-/)
    const again = await seedDemo(testSettings(), services)
    expect([again.userId, again.password, again.created, again.existing.length]).toEqual([
      first.userId,
      null,
      [],
      3,
    ])

    const login = await app.request('/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO_EMAIL, password: first.password }),
    })
    const { accessToken } = await login.json()
    const list = await (
      await app.request('/v1/bots', { headers: { authorization: `Bearer ${accessToken}` } })
    ).json()
    expect(
      list.items.map((b: { status: string; exchange: string }) => [b.status, b.exchange])
    ).toEqual(Array(3).fill(['running', 'sim']))

    await services.bots.runner.runOnce()
    const orders = await (
      await app.request('/v1/orders', { headers: { authorization: `Bearer ${accessToken}` } })
    ).json()
    expect(orders.items.some((o: { status: string }) => o.status === 'filled')).toBe(true)
  })
})
