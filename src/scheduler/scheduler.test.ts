import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DRIVERS, type TestDatabase } from '../../test/support/db.ts'
import { fixedClock } from '../lib/clock.ts'
import { createLogger } from '../lib/logger.ts'
import { createScheduler, type Job } from './scheduler.ts'

const silent = createLogger({ level: 'silent' })

describe.each(DRIVERS)('scheduler on %s', (_driver, open) => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await open()
  })
  afterAll(async () => {
    await database.close()
  })

  function job(name: string, intervalSeconds: number, run: Job['run']): Job {
    return { name, intervalSeconds, run }
  }

  it('should run a due job once per interval, however many instances poll', async () => {
    const clock = fixedClock('2026-03-01T00:00:00Z')
    let runs = 0
    const j = job('once-per-interval', 60, async () => {
      runs++
    })
    const instances = ['a', 'b', 'c'].map((owner) =>
      createScheduler({ db: database.db, clock, logger: silent, jobs: [j], owner })
    )
    const first = await Promise.all(instances.map((s) => s.runDue()))
    expect(first.flat()).toEqual(['once-per-interval'])
    expect(runs).toBe(1)

    clock.advance(30_000)
    expect((await Promise.all(instances.map((s) => s.runDue()))).flat()).toEqual([])
    clock.advance(31_000)
    expect((await Promise.all(instances.map((s) => s.runDue()))).flat()).toHaveLength(1)
    expect(runs).toBe(2)

    const status = await instances[0]!.status('once-per-interval')
    expect(status).toMatchObject({ runs: 2, failures: 0, lastError: null })
    expect(status!.lastSuccessAt!.toISOString()).toBe('2026-03-01T00:01:01.000Z')
  })

  it('should record a failure by error class and try again at the next interval', async () => {
    const clock = fixedClock('2026-03-02T00:00:00Z')
    let attempts = 0
    const s = createScheduler({
      db: database.db,
      clock,
      logger: silent,
      owner: 'x',
      jobs: [
        job('flaky', 10, async () => {
          attempts++
          if (attempts === 1) throw new TypeError('secret detail that must not be stored')
        }),
      ],
    })
    await s.runDue()
    const failed = await s.status('flaky')
    expect(failed).toMatchObject({ failures: 1, lastError: 'TypeError', lastSuccessAt: null })
    clock.advance(10_000)
    await s.runDue()
    expect(await s.status('flaky')).toMatchObject({ runs: 2, failures: 1, lastError: null })
  })

  it('should let another instance take over a lease a crashed run left behind', async () => {
    const clock = fixedClock('2026-03-03T00:00:00Z')
    const j: Job = { name: 'crashy', intervalSeconds: 60, leaseSeconds: 120, run: async () => {} }
    const a = createScheduler({ db: database.db, clock, logger: silent, owner: 'a', jobs: [j] })
    const b = createScheduler({ db: database.db, clock, logger: silent, owner: 'b', jobs: [j] })
    // Simulate a crash: a claims the lease but never finishes (its run never resolves).
    const stuck: Job = { ...j, run: () => new Promise(() => {}) }
    void createScheduler({ db: database.db, clock, logger: silent, owner: 'a', jobs: [stuck] }).runDue()
    await new Promise((r) => setTimeout(r, 200))
    expect(await b.runDue()).toEqual([])
    clock.advance(121_000)
    expect(await b.runDue()).toEqual(['crashy'])
    expect(await a.status('crashy')).toMatchObject({ runs: 2 })
  })

  it('should report no status for a job that never ran', async () => {
    const s = createScheduler({ db: database.db, clock: fixedClock(), logger: silent, owner: 'x', jobs: [] })
    expect(await s.status('never')).toBeNull()
  })
})
