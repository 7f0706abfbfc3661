import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupMarketplace, tier, type MarketplaceHarness } from '../../test/support/marketplace.ts'
import type { TestUser } from '../../test/support/auth.ts'

let h: MarketplaceHarness
let owner: TestUser
let other: TestUser
let listing: { id: string; tiers: { id: string }[] }
beforeAll(async () => {
  h = await setupMarketplace()
  owner = await h.provider('owner@example.com')
  other = await h.provider('other@example.com')
  listing = await h.listing(owner)
})
afterAll(() => h?.close())

const MISSING = '0190f5b2-8a4e-7c3d-9b1a-2f3e4d5c6b7a'

describe('marketplace bad input', () => {
  it('should answer 422 naming the field for malformed ids, bodies and queries', async () => {
    const cases: [string, string, unknown, string][] = [
      ['GET', '/v1/marketplace/listings/not-a-uuid', undefined, 'id'],
      ['PATCH', '/v1/marketplace/listings/123', { title: 'x' }, 'id'],
      ['POST', '/v1/marketplace/listings/xyz/subscribe', { tierId: MISSING }, 'id'],
      ['POST', `/v1/marketplace/listings/${listing.id}/subscribe`, { tierId: 'nope' }, 'tierId'],
      ['GET', '/v1/marketplace/signals?listingId=abc', undefined, 'listingId'],
      ['GET', '/v1/marketplace/signals?limit=0', undefined, 'limit'],
      ['GET', '/v1/marketplace/listings?cursor=%%%', undefined, 'cursor'],
      ['POST', '/v1/marketplace/listings', { title: 'T', description: '', tiers: [] }, 'tiers'],
      [
        'POST',
        '/v1/marketplace/listings',
        { title: 'T', description: '', tiers: [tier({ price: 19.99 })] },
        'tiers.0.price',
      ],
      [
        'POST',
        '/v1/marketplace/listings',
        { title: 'T', description: '', tiers: [tier({ price: '-1' })] },
        'tiers.0.price',
      ],
      [
        'POST',
        '/v1/marketplace/listings',
        { title: 'T', description: '', tiers: [tier({ price: '1e3' })] },
        'tiers.0.price',
      ],
      [
        'POST',
        '/v1/marketplace/listings',
        { title: 'T', description: '', tiers: [tier({ maxSubscribers: 0 })] },
        'tiers.0.maxSubscribers',
      ],
      [
        'POST',
        '/v1/marketplace/listings',
        { title: 'T', description: '', tiers: [tier(), tier()] },
        'tiers.1.name',
      ],
      [
        'POST',
        `/v1/marketplace/listings/${listing.id}/signals`,
        { symbol: 'BTCUSDT', side: 'buy' },
        'symbol',
      ],
      [
        'POST',
        `/v1/marketplace/listings/${listing.id}/signals`,
        { symbol: 'BTC/USDT', side: 'hold' },
        'side',
      ],
      [
        'POST',
        `/v1/marketplace/listings/${listing.id}/signals`,
        { symbol: 'BTC/USDT', side: 'buy', price: '0' },
        'price',
      ],
      [
        'PATCH',
        `/v1/marketplace/listings/${listing.id}`,
        { tiers: [{ name: 'gold' }] },
        'tiers.0.price',
      ],
      [
        'PATCH',
        `/v1/marketplace/listings/${listing.id}`,
        { tiers: [{ id: MISSING, price: '1' }] },
        'tiers.0.id',
      ],
    ]
    for (const [method, path, body, field] of cases) {
      const res = await h.call(method, path, { token: owner.accessToken, body })
      expect(res.status, `${method} ${path} ${res.text}`).toBe(422)
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        path
      ).toContain(field)
    }
  })

  it("should answer 404 for another user's listing and for missing ones", async () => {
    const patch = await h.call('PATCH', `/v1/marketplace/listings/${listing.id}`, {
      token: other.accessToken,
      body: { title: 'Hijacked' },
    })
    expect(patch.status).toBe(404)
    const post = await h.call('POST', `/v1/marketplace/listings/${listing.id}/signals`, {
      token: other.accessToken,
      body: { symbol: 'BTC/USDT', side: 'buy' },
    })
    expect(post.status).toBe(404)
    for (const path of [
      `/v1/marketplace/listings/${MISSING}`,
      `/v1/marketplace/signals?listingId=${MISSING}`,
    ]) {
      expect((await h.call('GET', path, { token: other.accessToken })).status, path).toBe(404)
    }
  })

  it('should refuse a tier of another listing (422) and signals to non-subscribers (403)', async () => {
    const theirs = await h.listing(other)
    const wrongTier = await h.call('POST', `/v1/marketplace/listings/${listing.id}/subscribe`, {
      token: other.accessToken,
      body: { tierId: theirs.tiers[0]!.id },
    })
    expect(wrongTier.status).toBe(422)
    expect(wrongTier.body.errors).toEqual([
      { path: 'tierId', message: 'is not a tier of this listing' },
    ])

    const stranger = await h.signUp('stranger@example.com')
    const read = await h.call('GET', `/v1/marketplace/signals?listingId=${listing.id}`, {
      token: stranger.accessToken,
    })
    expect(read.status).toBe(403)
    expect(read.body.type).toBe('/problems/subscription-required')
    const all = await h.call('GET', '/v1/marketplace/signals', { token: stranger.accessToken })
    expect(all.body).toEqual({ items: [], nextCursor: null })
    expect((await h.call('GET', '/v1/marketplace/listings')).status).toBe(401)
  })

  it('should hide a closed listing from others but keep it for the owner and its subscribers', async () => {
    const l = await h.listing(owner, [tier({ name: 'solo' })])
    const sub = await h.signUp('loyal@example.com')
    await h.call('POST', `/v1/marketplace/listings/${l.id}/subscribe`, {
      token: sub.accessToken,
      body: { tierId: l.tiers[0]!.id },
    })
    const closed = await h.call('PATCH', `/v1/marketplace/listings/${l.id}`, {
      token: owner.accessToken,
      body: {
        status: 'closed',
        tiers: [{ id: l.tiers[0]!.id, price: '25' }, tier({ name: 'extra' })],
      },
    })
    expect(closed.status, closed.text).toBe(200)
    expect(closed.body.status).toBe('closed')
    expect(
      closed.body.tiers.map((t: { name: string; price: string }) => [t.name, t.price])
    ).toEqual([
      ['solo', '25'],
      ['extra', '19.99'],
    ])
    expect(
      (await h.call('GET', `/v1/marketplace/listings/${l.id}`, { token: other.accessToken })).status
    ).toBe(404)
    expect(
      (await h.call('GET', `/v1/marketplace/listings/${l.id}`, { token: sub.accessToken })).status
    ).toBe(200)
    const mine = await h.call('GET', '/v1/marketplace/listings?mine=true', {
      token: owner.accessToken,
    })
    expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(l.id)
    const browse = await h.call('GET', '/v1/marketplace/listings', { token: other.accessToken })
    expect(browse.body.items.map((x: { id: string }) => x.id)).not.toContain(l.id)
    const signal = await h.call('POST', `/v1/marketplace/listings/${l.id}/signals`, {
      token: owner.accessToken,
      body: { symbol: 'BTC/USDT', side: 'buy' },
    })
    expect(signal.status).toBe(409)
  })
})
