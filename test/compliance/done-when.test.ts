/**
 * Issue 7's "Done when" against the real Node entry (`npm start`) on PostgreSQL: the list is
 * imported, a user submits KYC and an officer approves it, a $12,000 paper order (valued with the
 * USD marks the server records from `sim`) is refused by `POST /v1/orders` before approval and
 * placed after, two orders under $10,000 raise a structuring alert that lands in the user's case, a
 * name on the test list is caught at KYC, and every compliance route is documented.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../src/db/execute.ts'
import { createLogger } from '../../src/lib/logger.ts'
import { dec } from '../../src/lib/money.ts'
import { systemClock } from '../../src/lib/clock.ts'
import { createServices, type Services } from '../../src/services.ts'
import { freePort, startServer, TEST_SECRETS, type RunningServer, jsonClient } from '../contract/servers.ts'
import { testSettings } from '../support/app.ts'
import { kycBody, LISTED_NAME, TEST_ALT, TEST_SDN } from '../support/compliance.ts'
import { createPostgresTestDatabase, type TestDatabase } from '../support/db.ts'
import { fastTestHasher } from '../support/hasher.ts'

let database: TestDatabase & { url: string }
let server: RunningServer
let local: Services
beforeAll(async () => {
  database = await createPostgresTestDatabase({ max: 2 })
  local = createServices(
    {
      settings: testSettings(TEST_SECRETS),
      database,
      logger: createLogger({ level: 'error', sink: () => {} }),
      clock: systemClock,
    },
    { passwordHasher: fastTestHasher() }
  )
  await local.compliance.importList({ sdn: TEST_SDN, alt: TEST_ALT, version: 'done-when' })
  server = await startServer(
    process.execPath,
    ['--import', 'tsx', 'src/runtimes/node.ts'],
    { ...TEST_SECRETS, DATABASE_URL: database.url, LOG_LEVEL: 'warn' },
    { port: await freePort() }
  )
})
afterAll(async () => {
  await server?.stop('SIGKILL')
  await database?.close()
})

const api = jsonClient(() => server)

async function account(email: string) {
  const password = 'juniper-lighthouse-canvas-71'
  const reg = await api('POST', '/v1/auth/register', { body: { email, password } })
  expect(reg.status).toBe(201)
  const login = await api('POST', '/v1/auth/login', { body: { email, password } })
  return { id: reg.body.id as string, token: login.body.accessToken as string }
}

describe('compliance, done when', () => {
  it('should verify, approve, catch a listed name, and gate a $12,000 order on KYC', async () => {
    const user = await account('trader@example.com')
    const officer = await account('officer@example.com')
    await local.accounts.users.setRoleByEmail('officer@example.com', 'compliance_officer')

    // Marks recorded by the server's scheduler from the sim venue (USDT/USD …) at start.
    const deadline = Date.now() + 20_000
    let marks: { currency: string }[] = []
    while (Date.now() < deadline) {
      marks = await rowsOf(database.db, sql`select currency from usd_price_marks`)
      if (marks.some((m) => m.currency === 'USDT')) break
      await new Promise((r) => setTimeout(r, 250))
    }
    expect(marks.map((m) => m.currency)).toContain('USDT')

    // A paper market buy worth `usd` at the sim venue's current price, through the real order route.
    const ticker = await api('GET', '/v1/markets/sim/BTC-USDT/ticker', { token: user.token })
    expect(ticker.status).toBe(200)
    const last = dec(ticker.body.last as string)
    const buy = (usd: number, key: string) =>
      api('POST', '/v1/orders', {
        token: user.token,
        headers: { 'idempotency-key': key },
        body: { exchange: 'sim', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: dec(String(usd)).div(last).toFixed(6) },
      })

    const before = await buy(12_000, 'big-before-kyc')
    expect(before.status).toBe(403)
    expect(JSON.stringify(before.body)).toMatch(/kyc/i)
    expect((await api('GET', '/v1/orders', { token: user.token })).body.items).toEqual([])

    const submitted = await api('POST', '/v1/kyc', { token: user.token, body: kycBody() })
    expect(submitted.body.status).toBe('pending')
    const approved = await api('POST', `/v1/compliance/kyc/${user.id}/decision`, {
      token: officer.token,
      body: { decision: 'approved', reason: 'passport and selfie match' },
    })
    expect(approved.body.status).toBe('approved')
    const after = await buy(12_000, 'big-after-kyc')
    expect(after.status).toBe(201)
    expect(after.body.status).toBe('filled')

    // Structuring: two orders each under $10,000 that together reach it within 24 h.
    const small = await account('smurf@example.com')
    const smallBuy = (key: string) =>
      api('POST', '/v1/orders', {
        token: small.token,
        headers: { 'idempotency-key': key },
        body: { exchange: 'sim', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: dec('6100').div(last).toFixed(6) },
      })
    expect((await smallBuy('part-1')).status).toBe(201)
    expect((await smallBuy('part-2')).status).toBe(201)
    const alerts = await api('GET', `/v1/compliance/alerts?userId=${small.id}&ruleId=structuring`, { token: officer.token })
    expect(alerts.status).toBe(200)
    expect(alerts.body.items).toHaveLength(1)
    const smurfCases = await api('GET', `/v1/compliance/cases?subjectUserId=${small.id}`, { token: officer.token })
    const smurfCase = await api('GET', `/v1/compliance/cases/${smurfCases.body.items[0].id}`, { token: officer.token })
    expect(JSON.stringify(smurfCase.body)).toContain(alerts.body.items[0].id)

    const listed = await account('listed@example.com')
    const caught = await api('POST', '/v1/kyc', {
      token: listed.token,
      body: kycBody({ legalName: LISTED_NAME }),
    })
    expect(caught.body.status).toBe('in_review')
    const cases = await api('GET', `/v1/compliance/cases?subjectUserId=${listed.id}`, {
      token: officer.token,
    })
    expect(cases.body.items[0]).toMatchObject({ origin: 'screening', status: 'open' })

    const ready = await api('GET', '/health/ready')
    expect(ready.status).toBe(200)
    expect(ready.body.checks['sanctions-list']).toMatchObject({ status: 'pass' })
  }, 90_000)

  it('should document every compliance route in /openapi.json', async () => {
    const doc = (await api('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { tags?: string[]; responses: Record<string, unknown> }>>
    }
    const routes = [
      ['post', '/v1/kyc'],
      ['get', '/v1/kyc'],
      ['get', '/v1/kyc/{id}'],
      ['get', '/v1/compliance/kyc'],
      ['get', '/v1/compliance/kyc/{userId}'],
      ['post', '/v1/compliance/kyc/{userId}/decision'],
      ['get', '/v1/compliance/alerts'],
      ['post', '/v1/compliance/alerts/{id}/resolve'],
      ['get', '/v1/compliance/cases'],
      ['post', '/v1/compliance/cases'],
      ['get', '/v1/compliance/cases/export'],
      ['get', '/v1/compliance/cases/{id}'],
      ['get', '/v1/compliance/cases/{id}/export'],
      ['post', '/v1/compliance/cases/{id}/assign'],
      ['post', '/v1/compliance/cases/{id}/notes'],
      ['post', '/v1/compliance/cases/{id}/close'],
      ['post', '/v1/compliance/screen'],
      ['get', '/v1/compliance/sanctions/lists'],
    ] as const
    for (const [method, path] of routes) {
      const op = doc.paths[path]?.[method]
      expect(op, `${method} ${path}`).toBeDefined()
      expect(op!.tags).toEqual(['compliance'])
      expect(Object.keys(op!.responses)).toContain('403')
    }
  })
})
