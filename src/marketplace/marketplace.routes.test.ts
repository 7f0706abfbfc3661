import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupMarketplace, tier, type MarketplaceHarness } from '../../test/support/marketplace.ts'
import { asc, eq, like } from 'drizzle-orm'
import { auditLog } from '../compliance/audit-log/audit-log.schema.ts'
import { complianceCases } from '../compliance/cases.schema.ts'
import { screeningResults } from '../compliance/sanctions.schema.ts'
import { uuidv7 } from '../lib/ids.ts'
import { createAnalyticsStore } from '../analytics/store/fill-listener.ts'
import { fills, orders } from '../trading/trading.schema.ts'

let h: MarketplaceHarness
beforeAll(async () => {
  h = await setupMarketplace()
})
afterAll(() => h?.close())

const screeningsOf = (userId: string) =>
  h.database.db.select().from(screeningResults).where(eq(screeningResults.subjectUserId, userId))

const auditActions = async () =>
  (
    await h.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(like(auditLog.action, 'marketplace.%'))
      .orderBy(asc(auditLog.seq))
  ).map((r) => r.action)

describe('marketplace', () => {
  it('should run provider → listing → subscriber → signal over HTTP, with an API key for reading', async () => {
    const alice = await h.provider('alice@example.com')
    const me = await h.call('GET', '/v1/marketplace/providers/me', { token: alice.accessToken })
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({
      displayName: 'alice signals',
      legalName: 'Tidewater Analytics GmbH',
    })

    const created = await h.call('POST', '/v1/marketplace/listings', {
      token: alice.accessToken,
      body: {
        title: 'Momentum BTC',
        description: 'Daily swing signals.',
        tiers: [tier(), tier({ name: 'pro', price: '49.500', maxSignalsPerDay: 5 })],
      },
    })
    expect(created.status, created.text).toBe(201)
    expect(created.body.provider).toEqual({ id: me.body.id, displayName: 'alice signals' })
    expect(created.body.tiers.map((t: { price: string }) => t.price)).toEqual(['19.99', '49.5'])
    expect(created.text).not.toContain('Tidewater') // the legal name stays private
    const listingId = created.body.id as string
    const [basic, pro] = created.body.tiers as { id: string }[]

    const bob = await h.signUp('bob@example.com')
    const browse = await h.call('GET', '/v1/marketplace/listings', { token: bob.accessToken })
    expect(browse.body.items.map((l: { id: string }) => l.id)).toContain(listingId)

    const sub = await h.call('POST', `/v1/marketplace/listings/${listingId}/subscribe`, {
      token: bob.accessToken,
      body: { tierId: basic!.id },
    })
    expect(sub.status, sub.text).toBe(201)
    expect(sub.body).toMatchObject({
      listingId,
      tierId: basic!.id,
      status: 'active',
      price: '19.99',
      currency: 'USD',
    })

    const signal = await h.call('POST', `/v1/marketplace/listings/${listingId}/signals`, {
      token: alice.accessToken,
      body: {
        symbol: 'BTC/USDT',
        side: 'buy',
        price: '64000.50',
        stopLoss: '62000',
        note: 'breakout',
      },
    })
    expect(signal.status, signal.text).toBe(201)
    expect(signal.body).toMatchObject({
      dayIndex: 1,
      price: '64000.5',
      stopLoss: '62000',
      takeProfit: null,
    })

    const key = await h.call('POST', '/v1/api-keys', {
      token: bob.accessToken,
      body: { name: 'reader', scopes: ['read'] },
    })
    const read = await h.call('GET', `/v1/marketplace/signals?listingId=${listingId}`, {
      apiKey: key.body.key,
    })
    expect(read.status, read.text).toBe(200)
    expect(read.body.items).toEqual([
      expect.objectContaining({ id: signal.body.id, symbol: 'BTC/USDT' }),
    ])
    // A read-only key cannot subscribe or publish.
    const refused = await h.call('POST', `/v1/marketplace/listings/${listingId}/subscribe`, {
      apiKey: key.body.key,
      body: { tierId: pro!.id },
    })
    expect(refused.status).toBe(403)
    expect(refused.body.type).toBe('/problems/insufficient-scope')

    const detail = await h.call('GET', `/v1/marketplace/listings/${listingId}`, {
      token: bob.accessToken,
    })
    expect(detail.status).toBe(200)
    expect(detail.body.subscription).toMatchObject({ id: sub.body.id, status: 'active' })
    expect(detail.body.tiers[0].subscribers).toBe(1)
    expect(detail.body.performance).toMatchObject({ live: null, paper: null }) // no fills yet
    // Compliance stored the clear screening under the provider's reference.
    expect(await screeningsOf(alice.id)).toEqual([
      expect.objectContaining({
        context: 'provider',
        providerRef: `marketplace_provider:${me.body.id}`,
        queryName: 'Tidewater Analytics GmbH',
        hit: false,
      }),
    ])

    const off = await h.call('DELETE', `/v1/marketplace/listings/${listingId}/subscribe`, {
      token: bob.accessToken,
    })
    expect(off.status).toBe(204)
    const after = await h.call('GET', `/v1/marketplace/signals?listingId=${listingId}`, {
      token: bob.accessToken,
    })
    expect(after.status).toBe(403)
    expect(
      (
        await h.call('DELETE', `/v1/marketplace/listings/${listingId}/subscribe`, {
          token: bob.accessToken,
        })
      ).status
    ).toBe(404)

    expect(await auditActions()).toEqual([
      'marketplace.provider.registered',
      'marketplace.listing.created',
      'marketplace.subscription.created',
      'marketplace.subscription.cancelled',
    ])
  })

  it('should refuse a provider whose legal name matches the sanctions list, and record it', async () => {
    const user = await h.signUp('cimex@example.com')
    const res = await h.call('POST', '/v1/marketplace/providers', {
      token: user.accessToken,
      body: { displayName: 'Island Trading', legalName: 'Cimex Iberica' },
    })
    expect(res.status, res.text).toBe(403)
    expect(res.body.type).toBe('/problems/provider-screening-refused')
    expect(res.text).not.toMatch(/536|IBERICA/i)
    // The compliance side recorded the hit and opened a case, whose id is the reference.
    const [screening] = await screeningsOf(user.id)
    expect(screening).toMatchObject({ context: 'provider', hit: true })
    expect(screening!.matches.map((m) => m.entNum)).toContain(536)
    const [kase] = await h.database.db
      .select()
      .from(complianceCases)
      .where(eq(complianceCases.subjectUserId, user.id))
    expect(kase?.title).toMatch(/provider registration/)
    expect(res.body.screeningReference).toBe(kase!.id)
    expect(
      (await h.call('GET', '/v1/marketplace/providers/me', { token: user.accessToken })).status
    ).toBe(404)
    const listing = await h.call('POST', '/v1/marketplace/listings', {
      token: user.accessToken,
      body: { title: 'x', description: '', tiers: [tier()] },
    })
    expect(listing.status).toBe(403)
    expect(listing.body.type).toBe('/problems/provider-required')
    expect(await auditActions()).toContain('marketplace.provider.refused')
  })

  it('should refuse registration while no sanctions list is loaded (fails closed)', async () => {
    const empty = await setupMarketplace({ importList: false })
    try {
      const user = await empty.signUp('early@example.com')
      const res = await empty.call('POST', '/v1/marketplace/providers', {
        token: user.accessToken,
        body: { displayName: 'Early', legalName: 'Early Bird Ltd' },
      })
      expect(res.status).toBe(503)
      expect(res.body.type).toBe('/problems/sanctions-list-unavailable')
      const me = await empty.call('GET', '/v1/marketplace/providers/me', {
        token: user.accessToken,
      })
      expect(me.status).toBe(404)
    } finally {
      await empty.close()
    }
  })

  it('should refuse self-subscription and a second registration', async () => {
    const carol = await h.provider('carol@example.com')
    const { id, tiers } = await h.listing(carol)
    const self = await h.call('POST', `/v1/marketplace/listings/${id}/subscribe`, {
      token: carol.accessToken,
      body: { tierId: tiers[0]!.id },
    })
    expect(self.status).toBe(403)
    expect(self.body.type).toBe('/problems/self-subscription')
    const again = await h.call('POST', '/v1/marketplace/providers', {
      token: carol.accessToken,
      body: { displayName: 'Again', legalName: 'Carol Again Ltd' },
    })
    expect(again.status).toBe(409)
  })

  it('should answer 429 with the quota when a tier is full or the daily signals are used up', async () => {
    const dan = await h.provider('dan@example.com')
    const { id, tiers } = await h.listing(dan, [tier({ maxSubscribers: 1, maxSignalsPerDay: 2 })])
    const [u1, u2] = [await h.signUp('u1@example.com'), await h.signUp('u2@example.com')]
    const body = { tierId: tiers[0]!.id }
    expect(
      (
        await h.call('POST', `/v1/marketplace/listings/${id}/subscribe`, {
          token: u1.accessToken,
          body,
        })
      ).status
    ).toBe(201)
    const again = await h.call('POST', `/v1/marketplace/listings/${id}/subscribe`, {
      token: u1.accessToken,
      body,
    })
    expect(again.status).toBe(409)
    const full = await h.call('POST', `/v1/marketplace/listings/${id}/subscribe`, {
      token: u2.accessToken,
      body,
    })
    expect(full.status).toBe(429)
    expect(full.body).toMatchObject({
      type: '/problems/quota-exceeded',
      quota: { name: 'maxSubscribers', limit: 1, used: 1, tierId: tiers[0]!.id },
    })

    const publish = () =>
      h.call('POST', `/v1/marketplace/listings/${id}/signals`, {
        token: dan.accessToken,
        body: { symbol: 'ETH/USDT', side: 'sell' },
      })
    expect((await publish()).status).toBe(201)
    expect((await publish()).status).toBe(201)
    const over = await publish()
    expect(over.status).toBe(429)
    expect(over.body.quota).toEqual({
      name: 'maxSignalsPerDay',
      limit: 2,
      used: 2,
      resetsAt: '2026-06-02T00:00:00.000Z',
    })
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('should not overshoot a tier under concurrent subscriptions', async () => {
    const gus = await h.provider('gus@example.com')
    const { id, tiers } = await h.listing(gus, [tier({ maxSubscribers: 2 })])
    const people = await Promise.all([1, 2, 3, 4, 5].map((i) => h.signUp(`rush${i}@example.com`)))
    const results = await Promise.all(
      people.map((p) =>
        h.call('POST', `/v1/marketplace/listings/${id}/subscribe`, {
          token: p.accessToken,
          body: { tierId: tiers[0]!.id },
        })
      )
    )
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 429, 429, 429])
    const detail = await h.call('GET', `/v1/marketplace/listings/${id}`, { token: gus.accessToken })
    expect(detail.body.tiers[0].subscribers).toBe(2)
  })

  it("should give each tier only the day's first maxSignalsPerDay signals", async () => {
    const erin = await h.provider('erin@example.com')
    const { id, tiers } = await h.listing(erin, [
      tier({ name: 'basic', maxSignalsPerDay: 1 }),
      tier({ name: 'pro', maxSignalsPerDay: 3 }),
    ])
    const [b, p] = [await h.signUp('basic@example.com'), await h.signUp('pro@example.com')]
    await h.call('POST', `/v1/marketplace/listings/${id}/subscribe`, {
      token: b.accessToken,
      body: { tierId: tiers[0]!.id },
    })
    await h.call('POST', `/v1/marketplace/listings/${id}/subscribe`, {
      token: p.accessToken,
      body: { tierId: tiers[1]!.id },
    })
    for (const symbol of ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']) {
      const r = await h.call('POST', `/v1/marketplace/listings/${id}/signals`, {
        token: erin.accessToken,
        body: { symbol, side: 'buy' },
      })
      expect(r.status).toBe(201)
    }
    const symbols = async (token: string) =>
      (await h.call('GET', `/v1/marketplace/signals?listingId=${id}`, { token })).body.items.map(
        (s: { symbol: string }) => s.symbol
      )
    expect(await symbols(b.accessToken)).toEqual(['BTC/USDT'])
    expect(await symbols(p.accessToken)).toEqual(['SOL/USDT', 'ETH/USDT', 'BTC/USDT'])
    expect(await symbols(erin.accessToken)).toEqual(['SOL/USDT', 'ETH/USDT', 'BTC/USDT'])
    // Pages of one, newest first, cursor to cursor.
    const first = await h.call('GET', `/v1/marketplace/signals?listingId=${id}&limit=2`, {
      token: p.accessToken,
    })
    expect(first.body.items).toHaveLength(2)
    const second = await h.call(
      'GET',
      `/v1/marketplace/signals?listingId=${id}&limit=2&cursor=${first.body.nextCursor}`,
      { token: p.accessToken }
    )
    expect(second.body.items.map((s: { symbol: string }) => s.symbol)).toEqual(['BTC/USDT'])
    expect(second.body.nextCursor).toBeNull()
  })

  it("should compute listing performance from the provider's own fills, excluding imported ones", async () => {
    const fay = await h.provider('fay@example.com')
    const { id } = await h.listing(fay)
    const order = uuidv7()
    await h.database.db.insert(orders).values({
      id: order,
      userId: fay.id,
      mode: 'live',
      venue: 'binance',
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      amount: '1',
      requestedAmount: '1',
      status: 'filled',
      clientOrderId: `tw${order.replace(/-/g, '')}`,
      requestHash: 'h',
    })
    const fill = (
      tradeId: string,
      venue: string,
      side: 'buy' | 'sell',
      price: string,
      day: string
    ) => ({
      userId: fay.id,
      orderId: order,
      mode: 'live' as const,
      venue,
      symbol: 'BTC/USDT',
      side,
      tradeId,
      price,
      amount: '0.5',
      cost: '0',
      fee: '1',
      feeCurrency: 'USDT',
      feeQuote: '1',
      realizedPnl: '0',
      ts: new Date(`${day}T10:00:00Z`),
    })
    // Stored as the fill recorder and the import store them: with their analytics rows.
    await h.database.db.transaction(async (tx) => {
      const stored = await tx
        .insert(fills)
        .values([
          fill('b1', 'binance', 'buy', '30000', '2026-05-01'),
          fill('s1', 'binance', 'sell', '31000', '2026-05-02'),
          // An uploaded "trade" worth a fortune proves nothing: left out.
          { ...fill('i1', 'imported', 'sell', '900000', '2026-05-03'), orderId: null },
        ])
        .returning()
      await createAnalyticsStore().applyFills(tx, stored)
    })
    const res = await h.call('GET', `/v1/marketplace/listings/${id}`, { token: fay.accessToken })
    expect(res.status, res.text).toBe(200)
    expect(res.body.performance.paper).toBeNull()
    // (31000 − 30000) · 0.5 − 1 (sell fee) − 1 (buy fee) = 498
    expect(res.body.performance.live).toMatchObject({
      realizedPnl: '498',
      tradeCount: 1,
      wins: 1,
      losses: 0,
      winRate: 1,
      volume: '30500',
      fillCount: 2,
      firstDay: '2026-05-01',
      lastDay: '2026-05-02',
    })
  })
})
