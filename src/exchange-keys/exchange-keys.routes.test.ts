import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/support/app.ts'
import { setupAccounts, type AccountsHarness, type TestUser } from '../../test/support/auth.ts'
import { startExchangeSimulator, type ExchangeSimulator } from '../../test/exchange-sim/index.ts'
import { createExchangeGuards } from '../exchanges/exchange-guards.ts'
import { rowsOf } from '../db/execute.ts'
import { EnvelopeDecryptError } from '../lib/envelope.ts'
import { ProblemError } from '../lib/problem.ts'
import { createGatewayCredentialValidator } from './gateway-validator.ts'

const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A'
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j'

let h: AccountsHarness
let exchange: ExchangeSimulator
beforeAll(async () => {
  // The Binance-compatible simulator, reached through the real ccxt gateway.
  exchange = await startExchangeSimulator({ apiKey: API_KEY, secret: SECRET })
  const validator = createGatewayCredentialValidator({
    guards: createExchangeGuards(),
    gateway: { baseUrlOverride: exchange.url, ccxtRateLimit: false },
  })
  h = await setupAccounts({ serviceOptions: { exchangeCredentialValidator: validator } })
})
afterAll(async () => {
  await h?.close()
  await exchange?.close()
})

const body = (over: Record<string, unknown> = {}) => ({
  exchange: 'binance',
  apiKey: API_KEY,
  secret: SECRET,
  label: 'main',
  ...over,
})

async function storeKey(user: TestUser, over: Record<string, unknown> = {}) {
  const res = await h.call('POST', '/v1/exchange-keys', {
    token: user.accessToken,
    stepUp: await h.stepUp(user),
    body: body(over),
  })
  expect(res.status, res.text).toBe(201)
  return res.body as { id: string; maskedApiKey: string; validationStatus: string }
}

describe('exchange keys', () => {
  it('should need 2FA and a step-up token to store a key', async () => {
    const plain = await h.signUp('hal@example.com')
    const no2fa = await h.call('POST', '/v1/exchange-keys', {
      token: plain.accessToken,
      body: body(),
    })
    expect(no2fa.status).toBe(403)
    expect(no2fa.body.type).toMatch(/two-factor-required$/)
    const user = await h.enable2fa(await h.signUp('ivy@example.com'))
    const noStepUp = await h.call('POST', '/v1/exchange-keys', {
      token: user.accessToken,
      body: body(),
    })
    expect(noStepUp.status).toBe(403)
    expect(noStepUp.body.type).toMatch(/step-up-required$/)
  })

  it('should store the key sealed and only ever show it masked', async () => {
    const user = await h.enable2fa(await h.signUp('jay@example.com'))
    const created = await storeKey(user)
    expect(created).toMatchObject({
      exchange: 'binance',
      label: 'main',
      maskedApiKey: '****Eh8A',
      validationStatus: 'unvalidated',
    })
    const list = await h.call('GET', '/v1/exchange-keys', { token: user.accessToken })
    const one = await h.call('GET', `/v1/exchange-keys/${created.id}`, { token: user.accessToken })
    expect(list.body.items).toEqual([one.body])
    for (const text of [list.text, one.text, JSON.stringify(created)]) {
      expect(text).not.toContain(SECRET)
      expect(text).not.toContain(API_KEY)
    }
    const rows = await rowsOf(
      h.database.db,
      sql`select * from exchange_keys where id = ${created.id}`
    )
    expect(JSON.stringify(rows)).not.toContain(SECRET)
    expect(JSON.stringify(rows)).not.toContain(API_KEY.slice(0, 20))
    const decrypted = await h.services.accounts.exchangeKeys.getDecrypted(user.id, created.id)
    expect(decrypted).toEqual({
      id: created.id,
      exchange: 'binance',
      apiKey: API_KEY,
      secret: SECRET,
    })
  })

  it('should refuse bad input: unknown exchange, short secrets, KuCoin without passphrase', async () => {
    const user = await h.enable2fa(await h.signUp('kai@example.com'))
    const stepUp = await h.stepUp(user)
    const bad = await h.call('POST', '/v1/exchange-keys', {
      token: user.accessToken,
      stepUp,
      body: body({ exchange: 'ftx', secret: 'short' }),
    })
    expect(bad.status).toBe(422)
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'exchange',
      'secret',
    ])
    expect(bad.text).not.toContain(API_KEY)
    const kucoin = await h.call('POST', '/v1/exchange-keys', {
      token: user.accessToken,
      stepUp,
      body: body({ exchange: 'kucoin' }),
    })
    expect(kucoin.status).toBe(422)
    expect(kucoin.body.errors[0].path).toBe('passphrase')
  })

  it('should validate against the exchange and record the verdict', async () => {
    const user = await h.enable2fa(await h.signUp('lou@example.com'))
    const good = await storeKey(user)
    const wrong = await storeKey(user, { secret: SECRET.replace('N', 'M') })
    const ok = await h.call('POST', `/v1/exchange-keys/${good.id}/validate`, {
      token: user.accessToken,
    })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({
      validationStatus: 'valid',
      validationReason: null,
      validatedAt: h.clock.now().toISOString(),
    })
    const refused = await h.call('POST', `/v1/exchange-keys/${wrong.id}/validate`, {
      token: user.accessToken,
    })
    expect(refused.body).toMatchObject({
      validationStatus: 'invalid',
      validationReason: 'authentication',
    })
    // The exchange down: 502, and the stored verdict stays as it was.
    // Signed account reads only: validating never places an order.
    expect(exchange.calls.count('GET /api/v3/account')).toBe(2)
    expect(exchange.calls.count('POST /api/v3/order')).toBe(0)
    exchange.setFault('GET /api/v3/account', { type: 'server-error', status: 503 }, 3)
    const down = await h.call('POST', `/v1/exchange-keys/${good.id}/validate`, {
      token: user.accessToken,
    })
    expect(down.status).toBe(502)
    expect(
      (await h.call('GET', `/v1/exchange-keys/${good.id}`, { token: user.accessToken })).body
        .validationStatus
    ).toBe('valid')
  })

  it('should answer 503 when no validator is configured, never a made-up verdict', async () => {
    const user = await h.enable2fa(await h.signUp('mia@example.com'))
    const key = await storeKey(user)
    const { app } = createTestApp({
      database: h.database,
      clock: h.clock,
      env: { TRUST_PROXY: 'true' },
    })
    const res = await app.request(`/v1/exchange-keys/${key.id}/validate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.accessToken}`, 'x-forwarded-for': '203.0.113.9' },
    })
    expect(res.status).toBe(503)
    expect((await res.json()).type).toBe('/problems/validation-unavailable')
  })

  it("should answer 404 for another user's key: read, validate, delete, decrypt", async () => {
    const a = await h.enable2fa(await h.signUp('ned@example.com'))
    const b = await h.enable2fa(await h.signUp('ona@example.com'))
    const key = await storeKey(a)
    const stepUp = await h.stepUp(b)
    expect(
      (await h.call('GET', `/v1/exchange-keys/${key.id}`, { token: b.accessToken })).status
    ).toBe(404)
    expect(
      (await h.call('POST', `/v1/exchange-keys/${key.id}/validate`, { token: b.accessToken }))
        .status
    ).toBe(404)
    expect(
      (await h.call('DELETE', `/v1/exchange-keys/${key.id}`, { token: b.accessToken, stepUp }))
        .status
    ).toBe(404)
    expect((await h.call('GET', '/v1/exchange-keys', { token: b.accessToken })).body.items).toEqual(
      []
    )
    await expect(h.services.accounts.exchangeKeys.getDecrypted(b.id, key.id)).rejects.toMatchObject(
      { status: 404 }
    )
    // Copying A's sealed record onto B's row doesn't make it B's: the AAD names row and owner.
    const mine = await storeKey(b)
    await h.database.db.execute(
      sql`update exchange_keys set credentials = (select credentials from exchange_keys where id = ${key.id}) where id = ${mine.id}`
    )
    await expect(
      h.services.accounts.exchangeKeys.getDecrypted(b.id, mine.id)
    ).rejects.toBeInstanceOf(EnvelopeDecryptError)
    expect((await h.services.accounts.exchangeKeys.getDecrypted(a.id, key.id)).secret).toBe(SECRET)
  })

  it('should delete with step-up only', async () => {
    const user = await h.enable2fa(await h.signUp('pat@example.com'))
    const key = await storeKey(user)
    const noStepUp = await h.call('DELETE', `/v1/exchange-keys/${key.id}`, {
      token: user.accessToken,
    })
    expect(noStepUp.status).toBe(403)
    expect(
      (
        await h.call('DELETE', `/v1/exchange-keys/${key.id}`, {
          token: user.accessToken,
          stepUp: await h.stepUp(user),
        })
      ).status
    ).toBe(204)
    expect(
      (await h.call('GET', `/v1/exchange-keys/${key.id}`, { token: user.accessToken })).status
    ).toBe(404)
    await expect(
      h.services.accounts.exchangeKeys.getDecrypted(user.id, key.id)
    ).rejects.toBeInstanceOf(ProblemError)
  })
})
