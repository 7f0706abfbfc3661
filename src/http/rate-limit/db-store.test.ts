import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresTestDatabase, type TestDatabase } from '../../../test/support/db.ts'
import { openPostgres } from '../../db/postgres.ts'
import type { Database } from '../../db/types.ts'
import { createDbRateLimitStore } from './db-store.ts'

let database: TestDatabase & { url: string }
let instances: Database[]
beforeAll(async () => {
  database = await createPostgresTestDatabase()
  instances = Array.from({ length: 4 }, () => openPostgres(database.url, { max: 4 }))
})
afterAll(async () => {
  await Promise.all(instances.map((i) => i.close()))
  await database.close()
})

describe('database rate-limit store', () => {
  it('should count atomically across instances sharing one database', async () => {
    const stores = instances.map((i) => createDbRateLimitStore({ db: i.db }))
    const now = Date.UTC(2026, 0, 1, 0, 0, 10)
    const hits = await Promise.all(
      Array.from({ length: 80 }, (_, i) => stores[i % 4]!.hit('login:ip:1', 60_000, now))
    )
    expect(hits.map((x) => x.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 80 }, (_, i) => i + 1)
    )
    expect(new Set(hits.map((x) => x.resetAt))).toEqual(new Set([Date.UTC(2026, 0, 1, 0, 1)]))
  })

  it('should start a new window, keep keys apart, and sweep ended windows', async () => {
    const store = createDbRateLimitStore({ db: database.db })
    const now = Date.UTC(2026, 0, 2, 0, 5, 59)
    expect((await store.hit('a', 60_000, now)).count).toBe(1)
    expect((await store.hit('a', 60_000, now)).count).toBe(2)
    expect((await store.hit('b', 60_000, now)).count).toBe(1)
    expect(await store.hit('a', 60_000, now + 1_000)).toEqual({
      count: 1,
      resetAt: Date.UTC(2026, 0, 2, 0, 7),
    })
    expect(await store.sweep(new Date(Date.UTC(2026, 0, 2, 0, 6, 30)))).toBeGreaterThanOrEqual(2)
    expect(await store.sweep(new Date(Date.UTC(2026, 0, 2, 0, 6, 30)))).toBe(0)
  })
})
