/**
 * @module The `sim` venue: a deterministic SYNTHETIC market for demos and tests, with the same
 * read interface as the exchange gateway, so paper trading and bots can run on it or on a real
 * exchange interchangeably. Its prices are made up (see sim-prices.ts); it exists only when the
 * caller passes `enabled: true`, which the app derives from ENABLE_MOCK_DATA (refused in
 * production by the settings). It never reads settings itself.
 */
import { systemClock, type Clock } from '../../lib/clock.ts'
import { D } from '../../lib/money.ts'
import { ExchangeRejectedError } from '../errors.ts'
import { checkOrderSize, roundToStep, truncateToStep } from '../precision.ts'
import type { MarketDataSource, MarketInfo } from '../types.ts'
import { SIM_MARKETS, type SimMarketSpec } from './sim-markets.ts'
import { simBook } from './sim-prices.ts'

export class SimVenueDisabledError extends Error {
  override name = 'SimVenueDisabledError'
}

export interface SimVenueOptions {
  /** From ENABLE_MOCK_DATA; false refuses to build the venue. */
  enabled: boolean
  clock?: Clock
  /** Different seeds give different (still deterministic) price paths. */
  seed?: string
  markets?: readonly SimMarketSpec[]
  /** Book levels per side. */
  depth?: number
}

/**
 * @param opts.enabled - must be true (ENABLE_MOCK_DATA); otherwise SimVenueDisabledError
 * @param [opts.clock=systemClock]
 * @param [opts.seed='tradeworks-sim']
 * @param [opts.markets=SIM_MARKETS]
 * @param [opts.depth=20]
 * @example
 * const sim = createSimVenue({ enabled: settings.enableMockData, clock })
 * const { bid, ask } = await sim.ticker('BTC/USDT')
 */
export function createSimVenue({
  enabled,
  clock = systemClock,
  seed = 'tradeworks-sim',
  markets = SIM_MARKETS,
  depth = 20,
}: SimVenueOptions): MarketDataSource {
  if (enabled !== true)
    throw new SimVenueDisabledError(
      'the sim venue is synthetic and only available with ENABLE_MOCK_DATA'
    )
  const bySymbol = new Map(markets.map((m) => [m.symbol, m]))

  const spec = (symbol: string, method: string): SimMarketSpec => {
    const s = bySymbol.get(symbol)
    if (!s)
      throw new ExchangeRejectedError('bad-symbol', `unknown symbol ${symbol}`, {
        venue: 'sim',
        method,
        sent: false,
      })
    return s
  }
  const info = (s: SimMarketSpec): MarketInfo => ({
    venue: 'sim',
    symbol: s.symbol,
    base: s.base,
    quote: s.quote,
    active: true,
    amountStep: new D(s.amountStep),
    priceStep: new D(s.priceStep),
    minAmount: new D(s.minAmount),
    maxAmount: new D(s.maxAmount),
    minNotional: new D(s.minNotional),
    makerFee: new D(s.makerFee),
    takerFee: new D(s.takerFee),
  })

  const venue: MarketDataSource = {
    venue: 'sim',
    synthetic: true,
    async markets() {
      return markets.map(info)
    },
    async market(symbol) {
      return info(spec(symbol, 'market'))
    },
    async ticker(symbol) {
      const s = spec(symbol, 'fetchTicker')
      const at = clock.now()
      const book = simBook(s, at, seed, 1)
      return {
        venue: 'sim',
        symbol,
        bid: book.bids[0]?.price ?? null,
        ask: book.asks[0]?.price ?? null,
        last: book.mid,
        timestamp: at,
      }
    },
    async orderBook(symbol, limit = depth) {
      const s = spec(symbol, 'fetchOrderBook')
      const at = clock.now()
      const book = simBook(s, at, seed, Math.max(1, Math.min(limit, 100)))
      return { venue: 'sim', symbol, bids: book.bids, asks: book.asks, timestamp: at }
    },
    async amountToPrecision(symbol, amount) {
      return truncateToStep(amount, new D(spec(symbol, 'amountToPrecision').amountStep))
    },
    async priceToPrecision(symbol, price) {
      return roundToStep(price, new D(spec(symbol, 'priceToPrecision').priceStep))
    },
    async checkOrderSize(symbol, { amount, price }) {
      return checkOrderSize(info(spec(symbol, 'checkOrderSize')), amount, price)
    },
  }
  return venue
}
