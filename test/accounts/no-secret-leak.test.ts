/**
 * Runs every account flow once — happy paths and failures — and checks that no log line, trace span
 * or database row ever holds a password, token, key or code in the clear, and that each secret
 * reaches exactly the one response meant to deliver it (or none).
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../src/db/execute.ts'
import { TEST_ENV } from '../support/app.ts'
import { setupAccounts, type AccountsHarness } from '../support/auth.ts'
import { createGatewayCredentialValidator } from '../../src/exchange-keys/gateway-validator.ts'
import { createExchangeGuards } from '../../src/exchanges/exchange-guards.ts'
import { startExchangeSimulator, type ExchangeSimulator } from '../exchange-sim/index.ts'
import { installTestTracing } from '../support/tracing.ts'

const PASSWORD = 'quartz-meadow-violin-8812'
const EXCHANGE_API_KEY = 'pTz7cUzmM2Jm4Y1qv0JpGvZQ0ZL3lWhMbn1n6h0qS6tiDkGmTq6y6iQvS9mA8xQe'
const EXCHANGE_SECRET = 'r8X2mJvQ9sLk4PzT7wYb3NcH6fGd1aEe5uIo0KjZxVnBq8RtMy2LpWs7Dg4Hf9Ca'

let h: AccountsHarness
let tracing: ReturnType<typeof installTestTracing>
let exchange: ExchangeSimulator
/** secret → how many responses may carry it (the one that hands it out), 0 for never. */
const secrets = new Map<string, number>()

beforeAll(async () => {
  tracing = installTestTracing()
  exchange = await startExchangeSimulator({ apiKey: EXCHANGE_API_KEY, secret: EXCHANGE_SECRET })
  const validator = createGatewayCredentialValidator({
    guards: createExchangeGuards(),
    gateway: { baseUrlOverride: exchange.url, ccxtRateLimit: false },
  })
  h = await setupAccounts({ serviceOptions: { exchangeCredentialValidator: validator } })
  secrets.set(PASSWORD, 0)
  secrets.set(TEST_ENV.JWT_SECRET!, 0)
  secrets.set(TEST_ENV.EXCHANGE_KEY_ENCRYPTION_KEY!, 0)
  secrets.set(EXCHANGE_SECRET, 0)
  secrets.set(EXCHANGE_API_KEY, 0)
  await runEveryFlow()
})
afterAll(async () => {
  await h?.close()
  await exchange?.close()
  await tracing?.shutdown()
})

async function runEveryFlow() {
  const ip = '203.0.113.10'
  const post = (path: string, body: unknown, o: { token?: string; stepUp?: string } = {}) =>
    h.call('POST', path, { body, ip, ...o })
  const delivered = (value: string) => secrets.set(value, 1)

  expect(
    (await post('/v1/auth/register', { email: 'leak@example.com', password: PASSWORD })).status
  ).toBe(201)
  expect(
    (await post('/v1/auth/register', { email: 'leak@example.com', password: PASSWORD })).status
  ).toBe(409)
  expect(
    (
      await post('/v1/auth/register', {
        email: 'x@example.com',
        password: `${PASSWORD}`.slice(0, 8),
      })
    ).status
  ).toBe(422)
  expect(
    (await post('/v1/auth/login', { email: 'leak@example.com', password: `${PASSWORD}-wrong` }))
      .status
  ).toBe(401)
  const login = await post('/v1/auth/login', { email: 'leak@example.com', password: PASSWORD })
  let access = login.body.accessToken as string
  delivered(login.body.refreshToken)
  delivered(access)

  const enroll = await post('/v1/auth/2fa/enroll', undefined, { token: access })
  const totpSecret = enroll.body.secret as string
  delivered(totpSecret)
  expect((await post('/v1/auth/2fa/confirm', { code: '000000' }, { token: access })).status).toBe(
    401
  )
  const confirm = await post(
    '/v1/auth/2fa/confirm',
    { code: await h.nextCode(totpSecret) },
    { token: access }
  )
  const recoveryCodes = confirm.body.recoveryCodes as string[]
  recoveryCodes.forEach(delivered)

  const mfa = await post('/v1/auth/login', { email: 'leak@example.com', password: PASSWORD })
  const challenge = mfa.body.challenge as string
  delivered(challenge)
  expect((await post('/v1/auth/login/mfa', { challenge, code: '123456' })).status).toBe(401)
  const mfaDone = await post('/v1/auth/login/mfa', {
    challenge,
    code: await h.nextCode(totpSecret),
  })
  access = mfaDone.body.accessToken
  delivered(access)
  delivered(mfaDone.body.refreshToken)
  const refreshed = await post('/v1/auth/refresh', { refreshToken: mfaDone.body.refreshToken })
  delivered(refreshed.body.refreshToken)
  delivered(refreshed.body.accessToken)
  expect((await post('/v1/auth/refresh', { refreshToken: mfaDone.body.refreshToken })).status).toBe(
    401
  )

  const stepUp = await post(
    '/v1/auth/step-up',
    { code: await h.nextCode(totpSecret) },
    { token: access }
  )
  delivered(stepUp.body.stepUpToken)
  const badKey = await post(
    '/v1/exchange-keys',
    { exchange: 'binance', apiKey: EXCHANGE_API_KEY, secret: `${EXCHANGE_SECRET}\u0001` },
    { token: access, stepUp: stepUp.body.stepUpToken }
  )
  expect(badKey.status).toBe(422)
  const key = await post(
    '/v1/exchange-keys',
    { exchange: 'binance', apiKey: EXCHANGE_API_KEY, secret: EXCHANGE_SECRET },
    { token: access, stepUp: stepUp.body.stepUpToken }
  )
  expect(key.status).toBe(201)
  expect((await h.call('GET', '/v1/exchange-keys', { token: access, ip })).status).toBe(200)
  expect(
    (await post(`/v1/exchange-keys/${key.body.id}/validate`, undefined, { token: access })).body
      .validationStatus
  ).toBe('valid')

  const apiKey = await post('/v1/api-keys', { name: 'bot', scopes: ['read'] }, { token: access })
  delivered(apiKey.body.key)
  expect((await h.call('GET', '/v1/auth/me', { apiKey: apiKey.body.key, ip })).status).toBe(200)
  expect((await h.call('GET', '/v1/auth/me', { apiKey: `${apiKey.body.key}x`, ip })).status).toBe(
    401
  )

  const regenerated = await post('/v1/auth/2fa/recovery-codes', undefined, {
    token: access,
    stepUp: stepUp.body.stepUpToken,
  })
  regenerated.body.recoveryCodes.forEach(delivered)
  const viaRecovery = await post(
    '/v1/auth/step-up',
    { code: regenerated.body.recoveryCodes[0] },
    { token: access }
  )
  expect(viaRecovery.status).toBe(200)
  delivered(viaRecovery.body.stepUpToken)
  expect(
    (await post('/v1/auth/step-up', { code: recoveryCodes[1] }, { token: access })).status
  ).toBe(401)
  const disable = await post(
    '/v1/auth/2fa/disable',
    { password: `${PASSWORD}!`, code: await h.nextCode(totpSecret) },
    { token: access, stepUp: viaRecovery.body.stepUpToken }
  )
  expect(disable.status).toBe(401)
  expect(
    (
      await post('/v1/auth/logout', {
        refreshToken: refreshed.body.refreshToken,
        allSessions: true,
      })
    ).status
  ).toBe(204)
}

const occurrences = (haystack: string[], needle: string) =>
  haystack.filter((s) => s.includes(needle)).length

describe('no secret leaves where it should not', () => {
  it('should hand each secret out in exactly one response, or none', () => {
    expect(h.responses.length).toBeGreaterThan(20)
    for (const [secret, allowed] of secrets) {
      expect(occurrences(h.responses, secret), `${secret.slice(0, 6)}… in responses`).toBe(allowed)
    }
  })

  it('should log none of them', () => {
    expect(h.logs.length).toBeGreaterThan(20)
    for (const secret of secrets.keys()) {
      expect(occurrences(h.logs, secret), `${secret.slice(0, 6)}… in logs`).toBe(0)
    }
  })

  it('should put none of them in trace spans', () => {
    const spans = tracing.spans().map((s) =>
      JSON.stringify({
        name: s.name,
        attributes: s.attributes,
        events: s.events,
        status: s.status,
      })
    )
    expect(spans.length).toBeGreaterThan(20)
    for (const secret of secrets.keys())
      expect(occurrences(spans, secret), `${secret.slice(0, 6)}… in spans`).toBe(0)
  })

  it('should store none of them in the clear', async () => {
    const tables = [
      'users',
      'refresh_tokens',
      'recovery_codes',
      'used_mfa_challenges',
      'login_throttle',
      'api_keys',
      'exchange_keys',
      'rate_limit_windows',
      'audit_log',
    ]
    const dump: string[] = []
    for (const t of tables)
      dump.push(JSON.stringify(await rowsOf(h.database.db, sql.raw(`select * from ${t}`))))
    const stored = dump.join('\n')
    expect(stored).toContain('leak@example.com')
    for (const secret of secrets.keys())
      expect(stored.includes(secret), `${secret.slice(0, 6)}… stored`).toBe(false)
  })
})
