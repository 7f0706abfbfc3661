/**
 * The trading routes through the real accounts wiring: sign-in, scopes, 2FA step-up, a validated
 * exchange key decrypted for the live gateway, and risk changes in the audit log.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../src/db/execute.ts'
import { createGatewayCredentialValidator } from '../../src/exchange-keys/gateway-validator.ts'
import { createExchangeGuards } from '../../src/exchanges/exchange-guards.ts'
import { startExchangeSimulator, type ExchangeSimulator } from '../exchange-sim/index.ts'
import { setupAccounts, type AccountsHarness } from '../support/auth.ts'
import { approve, testGateways } from '../support/trading.ts'

let h: AccountsHarness
let sim: ExchangeSimulator
beforeAll(async () => {
  sim = await startExchangeSimulator({
    books: { 'BTC/USDT': { bids: [['29990', '1']], asks: [['30010', '2']] } },
  })
  const gateway = { baseUrlOverride: sim.url, ccxtRateLimit: false }
  h = await setupAccounts({
    env: { TRADING_MODE: 'live' },
    serviceOptions: {
      compliance: approve,
      exchangeGateways: testGateways(),
      exchangeCredentialValidator: createGatewayCredentialValidator({
        guards: createExchangeGuards(),
        gateway,
      }),
      trading: { gatewayOptions: gateway },
    },
  })
})
afterAll(async () => {
  await h?.close()
  await sim?.close()
})

const paper = { exchange: 'sim', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01' }
const live = { exchange: 'binance', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.1' }
const key = (k: string) => ({ 'idempotency-key': k })

describe('trading with real accounts', () => {
  it('should need a signed-in user, and the trade scope to place orders', async () => {
    expect((await h.call('POST', '/v1/orders', { body: paper, headers: key('a') })).status).toBe(
      401
    )
    const user = await h.signUp('trader-one@example.com')
    const placed = await h.call('POST', '/v1/orders', {
      token: user.accessToken,
      body: paper,
      headers: key('a'),
    })
    expect([placed.status, placed.body.status, placed.body.mode]).toEqual([201, 'filled', 'paper'])
    const readOnly = await h.call('POST', '/v1/api-keys', {
      token: user.accessToken,
      body: { name: 'ro', scopes: ['read'] },
    })
    expect(readOnly.status, readOnly.text).toBe(201)
    const refused = await h.call('POST', '/v1/orders', {
      apiKey: readOnly.body.key,
      body: paper,
      headers: key('b'),
    })
    expect([refused.status, refused.body.type]).toEqual([403, '/problems/insufficient-scope'])
    const listed = await h.call('GET', '/v1/orders', { apiKey: readOnly.body.key })
    expect(listed.body.items).toHaveLength(1)
  })

  it('should place a live order only with 2FA step-up and a validated exchange key', async () => {
    const user = await h.signUp('trader-two@example.com')
    const no2fa = await h.call('POST', '/v1/orders', {
      token: user.accessToken,
      body: live,
      headers: key('l1'),
    })
    expect([no2fa.status, no2fa.body.type]).toEqual([403, '/problems/two-factor-required'])
    await h.enable2fa(user)
    const noStepUp = await h.call('POST', '/v1/orders', {
      token: user.accessToken,
      body: live,
      headers: key('l1'),
    })
    expect([noStepUp.status, noStepUp.body.type]).toEqual([403, '/problems/step-up-required'])
    const noKey = await h.call('POST', '/v1/orders', {
      token: user.accessToken,
      stepUp: await h.stepUp(user),
      body: live,
      headers: key('l1'),
    })
    expect([noKey.status, noKey.body.type]).toEqual([422, '/problems/exchange-key-required'])

    const stored = await h.call('POST', '/v1/exchange-keys', {
      token: user.accessToken,
      stepUp: await h.stepUp(user),
      body: { exchange: 'binance', apiKey: sim.apiKey, secret: sim.secret },
    })
    expect(stored.status, stored.text).toBe(201)
    const validated = await h.call('POST', `/v1/exchange-keys/${stored.body.id}/validate`, {
      token: user.accessToken,
    })
    expect(validated.body.validationStatus, validated.text).toBe('valid')
    expect(sim.calls.count('POST /api/v3/order')).toBe(0)

    const placed = await h.call('POST', '/v1/orders', {
      token: user.accessToken,
      stepUp: await h.stepUp(user),
      body: live,
      headers: key('l1'),
    })
    expect([placed.status, placed.body.mode, placed.body.status], placed.text).toEqual([
      201,
      'live',
      'filled',
    ])
    expect(sim.calls.count('POST /api/v3/order')).toBe(1)
  })

  it('should write risk limit and kill switch changes to the audit log', async () => {
    const user = await h.signUp('trader-three@example.com')
    const put = await h.call('PUT', '/v1/risk/limits', {
      token: user.accessToken,
      body: {
        maxOrderNotional: '500',
        maxPositionNotional: null,
        maxDailyLoss: '100',
        maxOpenOrders: 5,
      },
    })
    expect(put.status).toBe(200)
    const ks = await h.call('POST', '/v1/risk/kill-switch', {
      token: user.accessToken,
      body: { active: true, reason: 'stop' },
    })
    expect(ks.body.killSwitch.active).toBe(true)
    const blocked = await h.call('POST', '/v1/orders', {
      token: user.accessToken,
      body: paper,
      headers: key('k'),
    })
    expect(blocked.status).toBe(423)
    const rows = await rowsOf<{ action: string; actor: string }>(
      h.database.db,
      sql`select action, actor_id::text as actor from audit_log where subject = ${`user:${user.id}`} and action like 'risk.%' order by seq`
    )
    expect(rows).toEqual([
      { action: 'risk.limits.updated', actor: user.id },
      { action: 'risk.kill_switch.activated', actor: user.id },
    ])
    const verify = await h.services.auditLog.verify()
    expect(verify.ok).toBe(true)
  })
})
