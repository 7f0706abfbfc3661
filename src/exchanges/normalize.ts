/**
 * @module ccxt's unified structures → our Decimal types.
 *
 * Order and trade amounts come from the exchange's own strings in `.info` where the field is known
 * (table `EXACT`, read from each exchange's ccxt parseOrder/parseTrade); a field that is missing
 * there falls back to the ccxt float and is listed in `inexact`. Market metadata, tickers and books
 * use the floats (ccxt keeps no strings for book levels); those are short exchange decimals, exact
 * through `decFrom` (see precision.ts).
 */
import { D, SCALE, type Dec } from '../lib/money.ts'
import { decFrom } from './precision.ts'
import type {
  BalanceEntry,
  ExchangeId,
  ExchangeOrder,
  ExchangeOrderStatus,
  ExchangeTrade,
  MarketInfo,
  OrderBook,
  Ticker,
} from './types.ts'

type Obj = Record<string, any>
type Paths = string[]

const COINBASE_CONFIGS = [
  'limit_limit_gtc',
  'limit_limit_gtd',
  'limit_limit_fok',
  'sor_limit_ioc',
  'market_market_ioc',
]
const cb = (field: string) => COINBASE_CONFIGS.map((c) => `order_configuration.${c}.${field}`)

/** Where each exchange puts the exact decimal strings of an order and of a trade. */
export const EXACT: Record<
  ExchangeId,
  {
    order: Record<'amount' | 'filled' | 'cost' | 'average' | 'price', Paths>
    trade: Record<'price' | 'amount' | 'cost' | 'fee', Paths>
  }
> = {
  binance: {
    order: {
      amount: ['origQty'],
      filled: ['executedQty'],
      cost: ['cummulativeQuoteQty'],
      average: [],
      price: ['price'],
    },
    trade: { price: ['price'], amount: ['qty'], cost: ['quoteQty'], fee: ['commission'] },
  },
  kraken: {
    order: {
      amount: ['vol'],
      filled: ['vol_exec'],
      cost: ['cost'],
      average: ['price'],
      price: ['descr.price'],
    },
    trade: { price: ['price'], amount: ['vol'], cost: ['cost'], fee: ['fee'] },
  },
  kucoin: {
    order: {
      amount: ['size'],
      filled: ['dealSize'],
      cost: ['dealFunds'],
      average: [],
      price: ['price'],
    },
    trade: { price: ['price'], amount: ['size'], cost: ['funds'], fee: ['fee'] },
  },
  coinbase: {
    // filled_value's fee treatment is not documented precisely enough: cost stays ccxt's.
    order: {
      amount: cb('base_size'),
      filled: ['filled_size'],
      cost: [],
      average: ['average_filled_price'],
      price: cb('limit_price'),
    },
    trade: { price: ['price'], amount: ['size'], cost: [], fee: ['commission'] },
  },
}

const get = (o: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((a, k) => (a !== null && typeof a === 'object' ? (a as Obj)[k] : undefined), o)

function pick(info: unknown, paths: Paths, zeroIsAbsent: boolean): Dec | null {
  for (const p of paths) {
    const d = decFrom(get(info, p))
    if (d && !(zeroIsAbsent && d.isZero())) return d
  }
  return null
}

/** Exact from info when present, else the ccxt float (recorded in `inexact`). */
function field(
  name: string,
  info: unknown,
  paths: Paths,
  unified: unknown,
  inexact: string[],
  zeroIsAbsent = false
): Dec | null {
  const exact = pick(info, paths, zeroIsAbsent)
  if (exact) return exact
  const f = decFrom(unified)
  if (f && !(zeroIsAbsent && f.isZero())) {
    inexact.push(name)
    return f
  }
  return null
}

const date = (ms: unknown) => (typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms) : null)
const side = (s: unknown) => (s === 'buy' || s === 'sell' ? s : null)

export function normalizeMarket(venue: ExchangeId, m: Obj): MarketInfo {
  return {
    venue,
    symbol: m.symbol,
    base: m.base,
    quote: m.quote,
    active: typeof m.active === 'boolean' ? m.active : null,
    amountStep: decFrom(m.precision?.amount),
    priceStep: decFrom(m.precision?.price),
    minAmount: decFrom(m.limits?.amount?.min),
    maxAmount: decFrom(m.limits?.amount?.max),
    minNotional: decFrom(m.limits?.cost?.min),
    makerFee: decFrom(m.maker),
    takerFee: decFrom(m.taker),
  }
}

export function normalizeTicker(venue: ExchangeId, t: Obj): Ticker {
  return {
    venue,
    symbol: t.symbol,
    bid: decFrom(t.bid),
    ask: decFrom(t.ask),
    last: decFrom(t.last ?? t.close),
    timestamp: date(t.timestamp),
  }
}

export function normalizeOrderBook(venue: ExchangeId, symbol: string, b: Obj): OrderBook {
  const levels = (xs: unknown) =>
    (Array.isArray(xs) ? xs : []).flatMap((l: unknown[]) => {
      const price = decFrom(l[0])
      const amount = decFrom(l[1])
      return price && amount ? [{ price, amount }] : []
    })
  return { venue, symbol, bids: levels(b.bids), asks: levels(b.asks), timestamp: date(b.timestamp) }
}

export function normalizeTrade(venue: ExchangeId, t: Obj): ExchangeTrade {
  const x = EXACT[venue].trade
  const info = t.info ?? {}
  const inexact: string[] = []
  // Coinbase reports `size` in quote currency when size_in_quote is set.
  const amountPaths = venue === 'coinbase' && info.size_in_quote === true ? [] : x.amount
  const price = field('price', info, x.price, t.price, inexact) ?? new D(0)
  const amount = field('amount', info, amountPaths, t.amount, inexact) ?? new D(0)
  let cost = pick(info, x.cost, false)
  if (!cost && inexact.length === 0) cost = price.times(amount)
  if (!cost) {
    cost = decFrom(t.cost) ?? price.times(amount)
    inexact.push('cost')
  }
  const feeCost = field('fee', info, x.fee, t.fee?.cost, inexact)
  return {
    venue,
    tradeId: String(t.id),
    exchangeOrderId: t.order !== undefined && t.order !== null ? String(t.order) : null,
    symbol: t.symbol,
    side: side(t.side),
    price,
    amount,
    cost,
    fee: feeCost ? { cost: feeCost, currency: t.fee?.currency ?? null } : null,
    takerOrMaker: t.takerOrMaker === 'maker' || t.takerOrMaker === 'taker' ? t.takerOrMaker : null,
    timestamp: date(t.timestamp),
    inexact,
  }
}

export function mapStatus(status: unknown, filled: Dec | null): ExchangeOrderStatus | null {
  switch (status) {
    case 'open':
    case 'canceling':
      return filled && filled.gt(0) ? 'partially_filled' : 'open'
    case 'closed':
      return 'filled'
    case 'canceled':
    case 'expired':
      return 'cancelled'
    case 'rejected':
      return 'rejected'
    default:
      return null
  }
}

/**
 * @param clientOrderId - our id when the caller knows it (Kraken reports only the derived userref;
 *   Binance cancel responses carry the cancel's own id)
 */
export function normalizeOrder(venue: ExchangeId, o: Obj, clientOrderId?: string): ExchangeOrder {
  const x = EXACT[venue].order
  const info = o.info ?? {}
  const inexact: string[] = []
  const amount = field('amount', info, x.amount, o.amount, inexact, true)
  const filled = field('filled', info, x.filled, o.filled, inexact)
  const price = o.type === 'market' ? null : field('price', info, x.price, o.price, inexact, true)
  const cost = field('cost', info, x.cost, o.cost, inexact)
  let average = pick(info, x.average, true)
  if (
    !average &&
    cost &&
    filled?.gt(0) &&
    !inexact.includes('cost') &&
    !inexact.includes('filled')
  ) {
    average = cost.div(filled).toDecimalPlaces(SCALE, D.ROUND_HALF_UP)
  }
  if (!average) {
    average = decFrom(o.average)
    if (average?.isZero()) average = null
    if (average) inexact.push('average')
  }
  const remaining =
    amount && filled
      ? D.max(amount.minus(filled), 0)
      : field('remaining', info, [], o.remaining, inexact)
  const trades = Array.isArray(o.trades)
    ? o.trades
        .filter((t: Obj) => t && t.id !== undefined)
        .map((t: Obj) =>
          normalizeTrade(venue, {
            ...t,
            order: t.order ?? o.id,
            symbol: t.symbol ?? o.symbol,
            side: t.side ?? o.side,
          })
        )
    : []
  return {
    venue,
    exchangeOrderId: String(o.id),
    clientOrderId: clientOrderId ?? info.origClientOrderId ?? o.clientOrderId ?? null,
    symbol: o.symbol,
    side: side(o.side),
    type: typeof o.type === 'string' ? o.type : null,
    status: mapStatus(o.status, filled),
    rawStatus:
      typeof info.status === 'string'
        ? info.status
        : typeof o.status === 'string'
          ? o.status
          : null,
    amount,
    filled,
    remaining,
    price,
    average,
    cost,
    trades,
    timestamp: date(o.timestamp),
    inexact,
  }
}

export function normalizeBalance(venue: ExchangeId, b: Obj): BalanceEntry[] {
  if (venue === 'binance' && Array.isArray(b.info?.balances)) {
    return (b.info.balances as Obj[]).flatMap((e) => {
      const free = decFrom(e.free)
      const used = decFrom(e.locked)
      return free && used && free.plus(used).gt(0)
        ? [{ asset: String(e.asset), free, used, total: free.plus(used) }]
        : []
    })
  }
  return Object.keys(b.total ?? {}).flatMap((asset) => {
    const total = decFrom(b.total[asset])
    if (!total || total.isZero()) return []
    return [
      {
        asset,
        free: decFrom(b.free?.[asset]) ?? new D(0),
        used: decFrom(b.used?.[asset]) ?? new D(0),
        total,
      },
    ]
  })
}
