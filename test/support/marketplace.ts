/**
 * @module Marketplace test helpers: the accounts harness with the real services (provider screening
 * by the compliance feature over the OFAC test list imported into the database), and shortcuts for
 * providers, listings and tiers.
 */
import type { ServiceOptions } from '../../src/services.ts'
import { setupAccounts, type TestUser } from './auth.ts'
import { TEST_ALT, TEST_SDN } from './compliance.ts'

export const tier = (over: Record<string, unknown> = {}) => ({
  name: 'basic',
  price: '19.99',
  currency: 'USD',
  maxSubscribers: 2,
  maxSignalsPerDay: 2,
  ...over,
})

/** @param [opts.importList=true] - import the sanctions test list (false: no list, screening fails closed) */
export async function setupMarketplace(
  opts: { importList?: boolean; serviceOptions?: ServiceOptions } = {}
) {
  const h = await setupAccounts({ serviceOptions: opts.serviceOptions })
  if (opts.importList ?? true) {
    await h.services.compliance.importList({ sdn: TEST_SDN, alt: TEST_ALT, version: 'test-1' })
  }

  async function provider(email: string, legalName = 'Tidewater Analytics GmbH') {
    const user = await h.signUp(email)
    const res = await h.call('POST', '/v1/marketplace/providers', {
      token: user.accessToken,
      body: { displayName: `${email.split('@')[0]} signals`, legalName },
    })
    if (res.status !== 201) throw new Error(`provider ${res.status}: ${res.text}`)
    return user
  }

  async function listing(owner: TestUser, tiers = [tier()]) {
    const res = await h.call('POST', '/v1/marketplace/listings', {
      token: owner.accessToken,
      body: { title: 'Momentum BTC', description: 'Daily swing signals.', tiers },
    })
    if (res.status !== 201) throw new Error(`listing ${res.status}: ${res.text}`)
    return res.body as { id: string; tiers: { id: string; name: string }[] }
  }

  return { ...h, provider, listing }
}

export type MarketplaceHarness = Awaited<ReturnType<typeof setupMarketplace>>
