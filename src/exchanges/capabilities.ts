/**
 * @module The capability matrix behind `GET /v1/exchanges`: what each venue supports and how our
 * order path talks to it. Static (no ccxt import), checked against ccxt's `has` and `features`
 * flags by capabilities.test.ts so it cannot drift silently.
 */
import { PROFILES } from './profiles.ts'
import { EXCHANGE_IDS, type OrderType, type VenueId } from './types.ts'

export interface VenueCapabilities {
  venue: VenueId
  name: string
  /** `synthetic` venues have made-up prices (demo/test only, behind ENABLE_MOCK_DATA). */
  kind: 'exchange' | 'synthetic'
  sandbox: boolean
  markets: 'spot'
  orderTypes: OrderType[]
  timeInForce: Array<'GTC' | 'IOC' | 'FOK'>
  postOnly: boolean
  clientOrderId: {
    field: string
    type: 'string' | 'integer'
    derivation: 'verbatim' | 'fnv1a-32'
  } | null
  clientOrderIdLookup: 'direct' | 'scan-recent-orders' | 'scan-by-userref' | null
  marketBuyAmount: 'base' | 'quote-cost'
  minNotionalSource: string
  requiredCredentials: Array<'apiKey' | 'secret' | 'passphrase'>
}

const SIM: VenueCapabilities = {
  venue: 'sim',
  name: 'Simulated market (synthetic prices)',
  kind: 'synthetic',
  sandbox: false,
  markets: 'spot',
  orderTypes: ['market', 'limit'],
  timeInForce: ['GTC'],
  postOnly: false,
  clientOrderId: null,
  clientOrderIdLookup: null,
  marketBuyAmount: 'base',
  minNotionalSource: 'sim market table (src/exchanges/sim/sim-markets.ts)',
  requiredCredentials: [],
}

/**
 * @param [opts.includeSim=false] - list the synthetic venue (only when ENABLE_MOCK_DATA is on)
 * @example
 * app.get('/v1/exchanges', (c) => c.json({ items: capabilityMatrix({ includeSim: settings.enableMockData }) }))
 */
export function capabilityMatrix({
  includeSim = false,
}: { includeSim?: boolean } = {}): VenueCapabilities[] {
  const real = EXCHANGE_IDS.map((id): VenueCapabilities => {
    const p = PROFILES[id]
    return {
      venue: id,
      name: p.name,
      kind: 'exchange',
      sandbox: p.sandbox,
      markets: 'spot',
      orderTypes: [...p.orderTypes],
      timeInForce: ['GTC', 'IOC', 'FOK'],
      postOnly: true,
      clientOrderId: { ...p.clientOrderId },
      clientOrderIdLookup: p.clientOrderIdLookup,
      marketBuyAmount: p.marketBuyAmount,
      minNotionalSource: p.minNotionalSource,
      requiredCredentials: [...p.requiredCredentials],
    }
  })
  return includeSim ? [...real, { ...SIM }] : real
}
