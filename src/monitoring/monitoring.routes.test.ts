import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startExchangeSimulator, type ExchangeSimulator } from '../../test/exchange-sim/index.ts'
import { createTestApp } from '../../test/support/app.ts'
import { setupAccounts, type AccountsHarness, type TestUser } from '../../test/support/auth.ts'
import { users } from '../auth/auth.schema.ts'
import { createExchangeGuards } from '../exchanges/exchange-guards.ts'
import { createExchangeGateway } from '../exchanges/gateway.ts'
import { uuidv7 } from '../lib/ids.ts'
import { fills, orders } from '../trading/trading.schema.ts'

const TOKEN = 'metrics-token-for-tests-7f3a9c1e5b2d8f4a6c0e'
const NOW = Date.parse('2026-06-01T12:00:00Z')
let sim: ExchangeSimulator
let h: AccountsHarness
let admin: TestUser
let user: TestUser

beforeAll(async () => {
  sim = await startExchangeSimulator({
    books: { 'BTC/USDT': { bids: [['29990', '1']], asks: [['30010', '0.5']] } },
  })
  h = await setupAccounts({
    env: { METRICS_TOKEN: TOKEN, EXCHANGE_PROBE_EXCHANGES: 'binance,kraken' },
    serviceOptions: {
      exchangeGateways: { create: createExchangeGateway, guards: createExchangeGuards() },
      trading: { gatewayOptions: { baseUrlOverride: sim.url, ccxtRateLimit: false } },
    },
  })
  admin = await h.signUp('admin@example.com')
  await h.database.db.update(users).set({ role: 'admin' }).where(eq(users.id, admin.id))
  user = await h.signUp('user@example.com')
  await insertTrading()
})
afterAll(async () => {
  await h?.close()
  await sim?.close()
})

/**
 * 24 orders in the window plus one older: 20 live filled with latencies 10, 20 … 200 ms, one paper
 * filled, one still unknown, one unknown then resolved to filled, one rejected before sending.
 */
async function insertTrading() {
  const at = (msAgo: number) => new Date(NOW - msAgo)
  const base = (over: Partial<typeof orders.$inferInsert>) => {
    const id = uuidv7()
    return {
      id,
      userId: user.id,
      mode: 'live' as const,
      venue: 'binance',
      symbol: 'BTC/USDT',
      side: 'buy' as const,
      type: 'market' as const,
      amount: '0.01',
      requestedAmount: '0.01',
      status: 'filled' as const,
      clientOrderId: `tw${id.replace(/-/g, '')}`,
      requestHash: 'h',
      createdAt: at(3_600_000),
      ...over,
    }
  }
  const rows = Array.from({ length: 20 }, (_, i) => {
    const created = at(3_600_000 + i * 60_000)
    return base({ createdAt: created, submittedAt: new Date(created.getTime() + (i + 1) * 10) })
  })
  rows.push(
    base({ mode: 'paper', submittedAt: at(3_600_000) }),
    base({
      status: 'unknown',
      submittedAt: at(3_590_000),
      evidence: { submit: { outcome: 'unknown' } },
    }),
    base({ submittedAt: at(3_590_000), evidence: { submit: { outcome: 'unknown' }, last: {} } }),
    base({ status: 'rejected', rejectReason: 'rate-limited' }),
    base({ createdAt: at(25 * 3_600_000), submittedAt: at(25 * 3_600_000 - 5) })
  )
  await h.database.db.insert(orders).values(rows)
  const fill = (ts: Date, n: number) => ({
    userId: user.id,
    orderId: rows[n]!.id,
    mode: 'live' as const,
    venue: 'binance',
    symbol: 'BTC/USDT',
    side: 'buy' as const,
    tradeId: `t${n}`,
    price: '30000',
    amount: '0.01',
    cost: '300',
    fee: '0.3',
    feeCurrency: 'USDT',
    feeQuote: '0.3',
    realizedPnl: '0',
    ts,
  })
  await h.database.db
    .insert(fills)
    .values([
      fill(at(1000), 0),
      fill(at(2000), 1),
      fill(at(3000), 2),
      fill(at(25 * 3_600_000), 24),
      // Imported history dated inside the window is not trading done here: not counted.
      { ...fill(at(4000), 0), orderId: null, venue: 'imported', tradeId: 'imported-1' },
    ])
}

describe('monitoring routes', () => {
  it('should compute 24 h trading metrics in SQL with nearest-rank percentiles (admin only)', async () => {
    const res = await h.call('GET', '/v1/monitoring/metrics', { token: admin.accessToken })
    expect(res.status, res.text).toBe(200)
    expect(res.body).toEqual({
      windowHours: 24,
      from: '2026-05-31T12:00:00.000Z',
      to: '2026-06-01T12:00:00.000Z',
      orders: {
        total: 24,
        byStatus: { filled: 22, rejected: 1, unknown: 1 },
        rejected: 1,
        unknown: 2,
        rejectionRate: 1 / 24,
        unknownRate: 2 / 24,
      },
      fills: { total: 3 },
      // 20 samples 10…200 ms: p50 = 10th, p95 = 19th, p99 = 20th.
      submitToAckMs: { count: 20, p50: 100, p95: 190, p99: 200 },
    })
    expect(
      (await h.call('GET', '/v1/monitoring/metrics', { token: user.accessToken })).status
    ).toBe(403)
    expect((await h.call('GET', '/v1/monitoring/metrics')).status).toBe(401)
  })

  it('should serve /metrics to the metrics token or an admin, never anonymously', async () => {
    const scrape = await h.call('GET', '/metrics', {
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    expect(scrape.status, scrape.text).toBe(200)
    expect(scrape.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(scrape.text).toContain('tradeworks_recent_orders{status="filled",window="24h"} 22\n')
    expect(scrape.text).toContain(
      'tradeworks_order_rejection_ratio{window="24h"} 0.041666666666666664\n'
    )
    expect(scrape.text).toContain(
      'tradeworks_order_submit_to_ack_seconds{quantile="0.99",window="24h"} 0.2\n'
    )
    expect(scrape.text).toContain('tradeworks_recent_fills{window="24h"} 3\n')

    expect((await h.call('GET', '/metrics', { token: admin.accessToken })).status).toBe(200)
    expect((await h.call('GET', '/metrics', { token: user.accessToken })).status).toBe(403)
    expect((await h.call('GET', '/metrics')).status).toBe(401)
    const wrong = await h.call('GET', '/metrics', {
      headers: { authorization: `Bearer ${TOKEN}x` },
    })
    expect(wrong.status).toBe(401)

    // The same database served by an app without METRICS_TOKEN: anonymous → 401, admin → 200.
    const { app } = createTestApp({ database: h.database, clock: h.clock })
    expect((await app.request('/metrics')).status).toBe(401)
    const bearer = { headers: { authorization: `Bearer ${TOKEN}` } }
    expect((await app.request('/metrics', bearer)).status).toBe(401)
    const asAdmin = await app.request('/metrics', {
      headers: { authorization: `Bearer ${admin.accessToken}` },
    })
    expect(asAdmin.status).toBe(200)
  })

  it("should run the probe job through trading's gateways and show status with history", async () => {
    const job = h.services.jobs.find((j) => j.name === 'exchanges.probe')
    expect(job?.intervalSeconds).toBe(60)
    await job!.run({ now: h.clock.now() })
    sim.setFault('GET /api/v3/ticker/24hr', { type: 'server-error', status: 502 })
    h.clock.advance(60_000)
    await job!.run({ now: h.clock.now() })
    expect(sim.calls.count('GET /api/v3/ticker/24hr')).toBe(2)

    const res = await h.call('GET', '/v1/monitoring/exchanges?history=5', {
      token: user.accessToken,
    })
    expect(res.status, res.text).toBe(200)
    const [binance, kraken] = res.body.exchanges
    expect(binance).toMatchObject({
      exchange: 'binance',
      configured: true,
      symbol: 'BTC/USDT',
      latest: { ok: false, errorKind: 'unknown', circuitState: 'closed', consecutiveFailures: 1 },
      summary: { probes: 2, failures: 1, successRate: 0.5 },
    })
    expect(binance.history.map((p: { ok: boolean }) => p.ok)).toEqual([false, true])
    // kraken's probe hits the Binance simulator too: its markets cannot load → unavailable.
    expect(kraken).toMatchObject({ exchange: 'kraken', configured: true, symbol: 'BTC/USD' })
    expect(kraken.latest).toMatchObject({ ok: false, errorKind: 'unavailable' })

    const scrape = await h.call('GET', '/metrics', {
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    expect(scrape.text).toContain('tradeworks_exchange_up{exchange="binance"} 0\n')
    expect(scrape.text).toContain(
      'tradeworks_exchange_circuit_state{exchange="binance",state="closed"} 1\n'
    )

    for (const bad of ['history=0', 'history=201', 'history=x']) {
      const r = await h.call('GET', `/v1/monitoring/exchanges?${bad}`, { token: user.accessToken })
      expect(r.status, bad).toBe(422)
    }
  })
})
