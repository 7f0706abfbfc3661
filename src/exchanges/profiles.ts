/**
 * @module Per-exchange settings for the ccxt gateway: constructor options that skip endpoints we do
 * not need, how OUR client order id reaches each exchange and how to find an order by it again,
 * and the outbound request budget. Read from ccxt 4.5.84's sources (node_modules/ccxt/js/src).
 */
import type { ExchangeId, OrderType } from './types.ts'

export interface ExchangeProfile {
  id: ExchangeId
  name: string
  /** ccxt constructor config merged over the exchange's defaults. */
  ccxtConfig: Record<string, unknown>
  /** Params for `loadMarkets` (forwarded to `fetchMarkets`). */
  loadMarketsParams: Record<string, unknown>
  /** ccxt has a sandbox (testnet) URL set for this exchange. */
  sandbox: boolean
  orderTypes: OrderType[]
  clientOrderId: {
    /** The request field our id travels in. */
    field: string
    type: 'string' | 'integer'
    derivation: 'verbatim' | 'fnv1a-32'
  }
  /**
   * direct: the exchange answers a query by client order id; scan-recent-orders: list the symbol's
   * recent orders and match; scan-by-userref: list open + closed orders filtered by userref.
   */
  clientOrderIdLookup: 'direct' | 'scan-recent-orders' | 'scan-by-userref'
  /** `quote-cost`: a market buy is sized in quote currency, so it needs a reference price. */
  marketBuyAmount: 'base' | 'quote-cost'
  minNotionalSource: string
  requiredCredentials: Array<'apiKey' | 'secret' | 'passphrase'>
  budget: { ratePerSec: number; burst: number }
  /** Why the options are what they are. */
  notes: string[]
}

export const PROFILES: Record<ExchangeId, ExchangeProfile> = {
  binance: {
    id: 'binance',
    name: 'Binance',
    ccxtConfig: {
      options: {
        defaultType: 'spot',
        fetchCurrencies: false,
        fetchMargins: false,
        fetchMarkets: { types: ['spot'] },
      },
    },
    loadMarketsParams: {},
    sandbox: true,
    orderTypes: ['market', 'limit'],
    clientOrderId: { field: 'newClientOrderId', type: 'string', derivation: 'verbatim' },
    clientOrderIdLookup: 'direct',
    marketBuyAmount: 'base',
    minNotionalSource: 'exchangeInfo NOTIONAL / MIN_NOTIONAL filter (limits.cost.min)',
    requiredCredentials: ['apiKey', 'secret'],
    // 6000 request weight per minute per IP; most calls weigh 1-20.
    budget: { ratePerSec: 10, burst: 40 },
    notes: [
      'loadMarkets calls only GET /api/v3/exchangeInfo (no sapi currencies or margin pairs).',
      'A reused newClientOrderId is refused only while the earlier order is open: idempotency is ours.',
      'myTrades windows are limited to 24 h by Binance.',
    ],
  },
  coinbase: {
    id: 'coinbase',
    name: 'Coinbase Advanced Trade',
    // fetchCurrencies would add three v2 public calls on every market load; markets (v3) do not use them.
    ccxtConfig: {
      has: { fetchCurrencies: false },
      options: { createMarketBuyOrderRequiresPrice: true },
    },
    loadMarketsParams: {},
    sandbox: false,
    orderTypes: ['market', 'limit'],
    clientOrderId: { field: 'client_order_id', type: 'string', derivation: 'verbatim' },
    clientOrderIdLookup: 'scan-recent-orders',
    marketBuyAmount: 'quote-cost',
    minNotionalSource: 'product quote_min_size (limits.cost.min)',
    requiredCredentials: ['apiKey', 'secret'],
    budget: { ratePerSec: 10, burst: 20 },
    notes: [
      'ccxt 4.5.84 fetchMarketsV3 always also lists FUTURE and PERPETUAL products (two public calls); no option skips them.',
      'There is no lookup by client_order_id: recent orders of the symbol are listed and matched.',
      'Market buys are sized by quote cost = amount x reference price.',
    ],
  },
  kraken: {
    id: 'kraken',
    name: 'Kraken',
    // fetchCurrencies stays on: fetchMarkets widens amount precision from currency precision.
    ccxtConfig: {},
    loadMarketsParams: {},
    sandbox: false,
    orderTypes: ['market', 'limit'],
    clientOrderId: { field: 'userref', type: 'integer', derivation: 'fnv1a-32' },
    clientOrderIdLookup: 'scan-by-userref',
    marketBuyAmount: 'base',
    minNotionalSource: 'AssetPairs costmin (limits.cost.min)',
    requiredCredentials: ['apiKey', 'secret'],
    // Kraken's counter decays by about 0.33-1 per second with a cap of 15-20.
    budget: { ratePerSec: 1, burst: 15 },
    notes: [
      'loadMarkets calls GET /0/public/Assets and /0/public/AssetPairs.',
      'userref is a 31-bit integer derived from our id; collisions are possible (about 1 in 2^31 per pair), so lookups also match the symbol.',
    ],
  },
  kucoin: {
    id: 'kucoin',
    name: 'KuCoin',
    ccxtConfig: {
      has: { fetchCurrencies: false },
      options: { fetchMarkets: { types: ['spot'], fetchTickersFees: false } },
    },
    // Without this, signed-in loads also list cross and isolated margin symbols.
    loadMarketsParams: { marginables: false },
    sandbox: false,
    orderTypes: ['market', 'limit'],
    clientOrderId: { field: 'clientOid', type: 'string', derivation: 'verbatim' },
    clientOrderIdLookup: 'direct',
    marketBuyAmount: 'base',
    minNotionalSource: 'symbol quoteMinSize (limits.cost.min)',
    requiredCredentials: ['apiKey', 'secret', 'passphrase'],
    budget: { ratePerSec: 10, burst: 30 },
    notes: [
      'loadMarkets calls GET /api/v2/symbols (plus hf/accounts/opened once when signed in: ccxt needs the HF flag).',
      'The unified-account probe (uta) stays automatic: a wrong guess would route orders to the wrong API.',
    ],
  },
}

export const CLIENT_ORDER_ID_RE = /^[A-Za-z0-9_-]{1,36}$/

/** 31-bit positive FNV-1a of our client order id: Kraken's userref must be a signed 32-bit integer. */
export function krakenUserref(clientOrderId: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < clientOrderId.length; i++) {
    h ^= clientOrderId.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h & 0x7fffffff || 1
}

/** The ccxt params that carry our client order id on an order request. */
export function clientOrderIdParams(
  id: ExchangeId,
  clientOrderId: string
): Record<string, string | number> {
  if (!CLIENT_ORDER_ID_RE.test(clientOrderId)) {
    throw new Error(`client order id must match ${CLIENT_ORDER_ID_RE}`)
  }
  const p = PROFILES[id].clientOrderId
  return { [p.field]: p.derivation === 'fnv1a-32' ? krakenUserref(clientOrderId) : clientOrderId }
}
