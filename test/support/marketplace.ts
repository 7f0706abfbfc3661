/**
 * @module Marketplace test helpers: a provider screening over the OFAC test list with the real
 * sanctions matcher (recording what it screened, as the compliance side would), and the accounts
 * harness with the marketplace options plugged in.
 */
import { createSanctionsMatcher } from '../../src/compliance/sanctions/matcher.ts'
import type {
  ProviderScreening,
  ProviderScreeningRequest,
} from '../../src/marketplace/screening.ts'
import type { ServiceOptions } from '../../src/services.ts'
import { setupAccounts, type TestUser } from './auth.ts'
import { loadTestList } from './sanctions-fixtures.ts'

export interface RecordedScreening {
  request: ProviderScreeningRequest
  outcome: 'clear' | 'hit'
  entNums: number[]
}

/** Test implementation of `ProviderScreening`: the real matcher on the fixture list (threshold 0.8). */
export function testListProviderScreening() {
  const matcher = createSanctionsMatcher(loadTestList())
  const records: RecordedScreening[] = []
  const screening: ProviderScreening = {
    async screenProvider(request) {
      const matches = matcher.screen({ name: request.legalName })
      const outcome = matches.length > 0 ? 'hit' : 'clear'
      records.push({ request, outcome, entNums: matches.map((m) => m.entNum) })
      return { outcome, reference: `test-screening-${records.length}` }
    },
  }
  return { screening, records }
}

export const tier = (over: Record<string, unknown> = {}) => ({
  name: 'basic',
  price: '19.99',
  currency: 'USD',
  maxSubscribers: 2,
  maxSignalsPerDay: 2,
  ...over,
})

export async function setupMarketplace(serviceOptions: ServiceOptions = {}) {
  const { screening, records } = testListProviderScreening()
  const h = await setupAccounts({
    serviceOptions: { providerScreening: screening, ...serviceOptions },
  })

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

  return { ...h, screeningRecords: records, provider, listing }
}

export type MarketplaceHarness = Awaited<ReturnType<typeof setupMarketplace>>
