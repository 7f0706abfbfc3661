import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUsersRepository } from '../auth/users.repository.ts'
import { ROLE_SCOPES, type Actor } from '../auth/actor.ts'
import { fixedClock } from '../lib/clock.ts'
import { createLogger } from '../lib/logger.ts'
import { dec } from '../lib/money.ts'
import { uuidv7 } from '../lib/ids.ts'
import { createServices, type Services } from '../services.ts'
import { testSettings } from '../../test/support/app.ts'
import { kycBody, LISTED_NAME, TEST_ALT, TEST_SDN } from '../../test/support/compliance.ts'
import { createPgliteTestDatabase, type TestDatabase } from '../../test/support/db.ts'
import { fastTestHasher } from '../../test/support/hasher.ts'

// The embedded database of a first `npm start` has one connection: nothing may wait on a second.
let database: TestDatabase
let services: Services
const clock = fixedClock('2026-06-01T12:00:00Z')
beforeAll(async () => {
  database = await createPgliteTestDatabase()
  services = createServices(
    {
      settings: testSettings(),
      database,
      logger: createLogger({ level: 'error', sink: () => {} }),
      clock,
    },
    { passwordHasher: fastTestHasher() }
  )
})
afterAll(() => database?.close())

const actor = (userId: string, role: 'user' | 'compliance_officer' = 'user'): Actor => ({
  principal: { userId, role, via: 'access_token', scopes: ROLE_SCOPES[role] },
})

describe('compliance on PGlite', () => {
  it('should import, screen at KYC, decide, and check orders on one connection', async () => {
    const users = createUsersRepository(database.db)
    const make = async (p: string) =>
      (await users.insert({ email: `${p}@example.com`, passwordHash: 'x' }))!.id
    const user = await make('u')
    const listed = await make('l')
    const officer = await make('o')
    await users.setRole(officer, 'compliance_officer')
    const c = services.compliance
    expect((await c.importList({ sdn: TEST_SDN, alt: TEST_ALT, version: 'lite' })).status).toBe(
      'imported'
    )
    expect((await c.kyc.submit(actor(listed), kycBody({ legalName: LISTED_NAME }))).status).toBe(
      'in_review'
    )
    expect((await c.kyc.submit(actor(user), kycBody())).status).toBe('pending')
    await c.kyc.decide(actor(officer, 'compliance_officer'), user, {
      decision: 'approved',
      reason: 'verified',
    })
    const screened = await c.screening.screenOnDemand(actor(officer, 'compliance_officer'), {
      name: LISTED_NAME,
    })
    expect(screened.matches.length).toBeGreaterThan(0)

    await c.markRecorder!.recordOnce()
    const r = await database.db.transaction((tx) =>
      c.preTrade.check(
        {
          userId: user,
          orderId: uuidv7(),
          venue: 'sim',
          symbol: 'BTC/USDT',
          side: 'buy',
          amount: dec('1.1'),
          price: dec('50000'),
          quoteCurrency: 'USDT',
          now: clock.now(),
        },
        tx
      )
    )
    expect(r.decision).toBe('review')
    expect(r.reasons.map((x) => x.ruleId)).toContain('large-transaction')
    expect(r.caseId).not.toBeNull()

    const o = actor(officer, 'compliance_officer')
    await c.cases.assign(o, r.caseId!, {})
    await c.cases.addNote(o, r.caseId!, { body: 'checked' })
    const closed = await c.cases.close(o, r.caseId!, {
      resolution: 'false_positive',
      reason: 'payroll',
    })
    expect(closed.items[0]!.alert!.status).toBe('resolved')
    expect((await c.cases.exportCase(o, r.caseId!, 'csv')).body).toContain('large-transaction')
  }, 60_000)
})
