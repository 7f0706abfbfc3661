/**
 * @module Which venue object serves a request: the synthetic `sim` venue (only with
 * ENABLE_MOCK_DATA), one public gateway per real exchange for market data (paper fills, reference
 * prices), and per-user signed gateways for live orders, built from the user's validated key.
 *
 * Gateways are cached per (exchange, key id) because each holds a market cache; the cache is a
 * performance aid only — nothing correct depends on it, and every instance builds its own.
 */
import type { ExchangeGuards } from '../exchanges/exchange-guards.ts'
import type { ExchangeGatewayOptions } from '../exchanges/gateway-core.ts'
import { createSimVenue } from '../exchanges/sim/sim-venue.ts'
import { capabilityMatrix, type VenueCapabilities } from '../exchanges/capabilities.ts'
import {
  EXCHANGE_IDS,
  isExchangeId,
  type ExchangeGateway,
  type ExchangeId,
  type MarketDataSource,
  type VenueId,
} from '../exchanges/types.ts'
import type { Clock } from '../lib/clock.ts'
import { ProblemError } from '../lib/problem.ts'
import type { LiveCredentialsProvider } from './trading.types.ts'

export const VENUE_IDS = [...EXCHANGE_IDS, 'sim'] as const

export interface Venues {
  /** Venues orders may name here (`sim` only with ENABLE_MOCK_DATA). */
  available(): VenueId[]
  /** Market data for a venue; a 422 problem for a venue that is not available. */
  marketData(venue: string): MarketDataSource
  /** A signed gateway with the user's validated key, or null when the user has none. */
  liveGateway(userId: string, venue: ExchangeId): Promise<ExchangeGateway | null>
  capabilities(): VenueCapabilities[]
}

/**
 * How real exchanges are reached: `createExchangeGateway` and ONE guards registry per process
 * (shared budgets and breakers). Injected by the Node/Deno entries, so the Worker bundle carries no
 * ccxt; without it only `sim` is available.
 */
export interface ExchangeGateways {
  create(opts: ExchangeGatewayOptions): ExchangeGateway
  guards: ExchangeGuards
}

export interface VenuesOptions {
  enableMockData: boolean
  clock: Clock
  gateways?: ExchangeGateways
  credentials?: LiveCredentialsProvider
  /** Passed to every gateway (tests: `baseUrlOverride`, `ccxtRateLimit: false`). */
  gatewayOptions?: Partial<Omit<ExchangeGatewayOptions, 'exchange' | 'credentials'>>
  simSeed?: string
  /** Signed gateways kept at most this long (ms). */
  gatewayTtlMs?: number
}

/**
 * @param opts.enableMockData - from settings; enables the synthetic `sim` venue
 * @param [opts.gateways] - real exchanges; without it only `sim`
 * @param [opts.gatewayTtlMs=600000]
 * @example
 * const venues = createVenues({ enableMockData: settings.enableMockData, clock, credentials,
 *   gateways: { create: createExchangeGateway, guards: createExchangeGuards() } })
 * const book = await venues.marketData('sim').orderBook('BTC/USDT')
 */
export function createVenues(opts: VenuesOptions): Venues {
  const { enableMockData, clock, credentials, gatewayOptions = {}, gatewayTtlMs = 600_000 } = opts
  const gateways = opts.gateways
  const sim = enableMockData ? createSimVenue({ enabled: true, clock, seed: opts.simSeed }) : null
  const publicGateways = new Map<ExchangeId, ExchangeGateway>()
  const signed = new Map<string, { gw: ExchangeGateway; until: number }>()

  const real: readonly ExchangeId[] = gateways ? EXCHANGE_IDS : []
  const build = (exchange: ExchangeId, creds?: ExchangeGatewayOptions['credentials']) => {
    if (!gateways) {
      throw new ProblemError({
        status: 503,
        type: 'venue-unavailable',
        detail: 'Real exchanges are not reachable from this runtime.',
        headers: { 'retry-after': '60' },
      })
    }
    return gateways.create({
      clock,
      guards: gateways.guards,
      ...gatewayOptions,
      exchange,
      credentials: creds,
    })
  }
  const available = (): VenueId[] => (sim ? [...real, 'sim'] : [...real])

  return {
    available,
    marketData(venue) {
      if (venue === 'sim' && sim) return sim
      if (isExchangeId(venue) && gateways) {
        let gw = publicGateways.get(venue)
        if (!gw) publicGateways.set(venue, (gw = build(venue)))
        return gw
      }
      throw new ProblemError({
        status: 422,
        type: 'unknown-exchange',
        detail:
          venue === 'sim'
            ? 'The synthetic sim venue is disabled here (ENABLE_MOCK_DATA is off).'
            : `Unknown or unavailable exchange. Available here: ${available().join(', ') || 'none'}.`,
        errors: [{ path: 'exchange', message: 'is not an available exchange' }],
      })
    },
    async liveGateway(userId, venue) {
      if (!gateways) return null
      const found = await credentials?.credentialsFor(userId, venue)
      if (!found) return null
      const key = `${venue}:${found.keyId}`
      const now = clock.now().getTime()
      const hit = signed.get(key)
      if (hit && hit.until > now) return hit.gw
      for (const [k, v] of signed) if (v.until <= now) signed.delete(k)
      const gw = build(venue, found.credentials)
      signed.set(key, { gw, until: now + gatewayTtlMs })
      return gw
    },
    capabilities: () =>
      capabilityMatrix({ includeSim: sim !== null }).filter((c) => available().includes(c.venue)),
  }
}
