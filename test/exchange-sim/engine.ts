/**
 * @module Matching engine of the loopback Binance simulator: symbols with their filters, a book of
 * outside liquidity per symbol, one account's orders, trades and balances.
 *
 * Incoming orders take liquidity from the outside book (it shrinks as it is consumed); resting
 * limit orders of the account fill as makers when `setBook` moves the outside book through them.
 * The account never trades with itself. Everything is Binance-shaped: statuses, error codes and
 * messages, 8-decimal strings.
 */
import { D, type Dec } from '../../src/lib/money.ts'
import { walkLevels } from './matching.ts'
import { parseNewOrder } from './order-rules.ts'
import {
  BinanceApiError,
  DEFAULT_SYMBOLS,
  OPEN,
  f8,
  type BookInput,
  type EngineOptions,
  type Level,
  type Side,
  type SimOrder,
  type SimTrade,
  type SymbolConfig,
} from './types.ts'

export class SimEngine {
  readonly symbols = new Map<string, SymbolConfig>()
  private books = new Map<string, { bids: Level[]; asks: Level[] }>()
  private orders: SimOrder[] = []
  private trades: SimTrade[] = []
  private balances = new Map<string, { free: Dec; locked: Dec }>()
  private nextOrderId = 1
  private nextTradeId = 1
  private updateId = 1
  private readonly maker: Dec
  private readonly taker: Dec
  private readonly dupScope: 'open' | 'all'

  constructor(opts: EngineOptions = {}) {
    for (const s of opts.symbols ?? DEFAULT_SYMBOLS) {
      this.symbols.set(s.symbol, s)
      this.books.set(s.symbol, { bids: [], asks: [] })
    }
    this.maker = new D(opts.makerFee ?? '0.001')
    this.taker = new D(opts.takerFee ?? '0.001')
    this.dupScope = opts.duplicateClientOrderIdScope ?? 'open'
  }

  spec(symbol: string | undefined): SymbolConfig {
    const s = symbol ? this.symbols.get(symbol) : undefined
    if (!s) throw new BinanceApiError(400, -1121, 'Invalid symbol.')
    return s
  }

  setBalance(asset: string, free: string, locked = '0'): void {
    this.balances.set(asset, { free: new D(free), locked: new D(locked) })
  }

  balance(asset: string): { free: Dec; locked: Dec } {
    let b = this.balances.get(asset)
    if (!b) this.balances.set(asset, (b = { free: new D(0), locked: new D(0) }))
    return b
  }

  /** Replaces the outside liquidity, then fills resting orders the new book crosses. */
  setBook(symbol: string, book: BookInput, now: number): void {
    this.spec(symbol)
    const toLevels = (xs: Array<[string, string]>) =>
      xs.map(([p, q]) => ({ price: new D(p), qty: new D(q) })).filter((l) => l.qty.gt(0))
    const bids = toLevels(book.bids).sort((a, b) => b.price.cmp(a.price))
    const asks = toLevels(book.asks).sort((a, b) => a.price.cmp(b.price))
    this.books.set(symbol, { bids, asks })
    this.updateId++
    this.matchResting(symbol, now)
  }

  depth(symbol: string, limit = 100) {
    this.spec(symbol)
    const book = this.books.get(symbol)!
    const agg = (levels: Level[], side: Side, desc: boolean) => {
      const m = new Map<string, Dec>()
      for (const l of levels)
        m.set(l.price.toFixed(), (m.get(l.price.toFixed()) ?? new D(0)).plus(l.qty))
      for (const o of this.openOrders(symbol)) {
        if (o.side !== side) continue
        const k = o.price.toFixed()
        m.set(k, (m.get(k) ?? new D(0)).plus(o.origQty.minus(o.executedQty)))
      }
      return [...m.entries()]
        .map(([p, q]) => [new D(p), q] as const)
        .sort((a, b) => (desc ? b[0].cmp(a[0]) : a[0].cmp(b[0])))
        .slice(0, limit)
        .map(([p, q]) => [f8(p), f8(q)])
    }
    return {
      lastUpdateId: this.updateId,
      bids: agg(book.bids, 'BUY', true),
      asks: agg(book.asks, 'SELL', false),
    }
  }

  bestBidAsk(symbol: string): { bid: Level | null; ask: Level | null } {
    const book = this.books.get(symbol)!
    return { bid: book.bids[0] ?? null, ask: book.asks[0] ?? null }
  }

  /** Last trade price, else the mid of the outside book, else null. */
  referencePrice(symbol: string): Dec | null {
    const last = this.trades.findLast((t) => t.symbol === symbol)
    if (last) return last.price
    const { bid, ask } = this.bestBidAsk(symbol)
    if (bid && ask) return bid.price.plus(ask.price).div(2)
    return bid?.price ?? ask?.price ?? null
  }

  tradesOf(symbol: string): SimTrade[] {
    return this.trades.filter((t) => t.symbol === symbol)
  }

  openOrders(symbol?: string): SimOrder[] {
    return this.orders.filter((o) => OPEN.has(o.status) && (!symbol || o.symbol === symbol))
  }

  findOrder(symbol: string, orderId?: string, clientOrderId?: string): SimOrder {
    this.spec(symbol)
    if (orderId === undefined && clientOrderId === undefined) {
      throw new BinanceApiError(
        400,
        -1102,
        "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!"
      )
    }
    const matches = this.orders.filter(
      (o) =>
        o.symbol === symbol &&
        (orderId === undefined || String(o.orderId) === orderId) &&
        (clientOrderId === undefined || o.clientOrderId === clientOrderId)
    )
    const found = matches.at(-1)
    if (!found) throw new BinanceApiError(400, -2013, 'Order does not exist.')
    return found
  }

  placeOrder(p: Record<string, string>, now: number): { order: SimOrder; fills: SimTrade[] } {
    const spec = this.spec(p.symbol)
    const { side, type, qty, quoteQty, price, tif, cid } = parseNewOrder(p, spec)
    if (
      cid !== undefined &&
      this.orders.some(
        (o) => o.clientOrderId === cid && (this.dupScope === 'all' || OPEN.has(o.status))
      )
    ) {
      throw new BinanceApiError(400, -2010, 'Duplicate order sent.')
    }
    const notionalPrice = price ?? this.referencePrice(spec.symbol)
    const notional = qty && notionalPrice ? qty.times(notionalPrice) : quoteQty
    if (notional && notional.lt(spec.minNotional))
      throw new BinanceApiError(400, -1013, 'Filter failure: NOTIONAL')

    const planned = this.take(spec, side, price, qty, quoteQty, true)
    const fillable = planned.reduce((s, l) => s.plus(l.qty), new D(0))
    if (type === 'LIMIT_MAKER' && planned.length > 0) {
      throw new BinanceApiError(400, -2010, 'Order would immediately match and take.')
    }
    const fok = type === 'LIMIT' && tif === 'FOK' && qty !== null && fillable.lt(qty)
    const rests = type !== 'MARKET' && tif === 'GTC'
    const spend = planned.reduce((s, l) => s.plus(l.qty.times(l.price)), new D(0))
    // A resting order reserves its whole size; a taking order needs what it will actually trade.
    let need = side === 'BUY' ? spend : fillable
    if (rests) need = side === 'BUY' ? price!.times(qty!) : qty!
    if (fok) need = new D(0)
    const asset = side === 'BUY' ? spec.quote : spec.base
    if (this.balance(asset).free.lt(need)) {
      throw new BinanceApiError(
        400,
        -2010,
        'Account has insufficient balance for requested action.'
      )
    }

    const order: SimOrder = {
      orderId: this.nextOrderId++,
      clientOrderId: cid ?? `sim_${now}_${this.nextOrderId}`,
      symbol: spec.symbol,
      side,
      type,
      timeInForce: tif,
      price: price ?? new D(0),
      origQty: qty ?? fillable,
      executedQty: new D(0),
      cummulativeQuoteQty: new D(0),
      status: 'NEW',
      time: now,
      updateTime: now,
    }
    this.orders.push(order)
    if (rests) this.reserve(spec, order, order.origQty)
    const fills: SimTrade[] = []
    if (!fok) {
      for (const l of this.take(spec, side, price, qty, quoteQty, false)) {
        fills.push(this.fill(spec, order, l.price, l.qty, false, now, rests))
      }
    }
    const left = order.origQty.minus(order.executedQty)
    if (left.isZero() && order.origQty.gt(0)) order.status = 'FILLED'
    else if (!rests) order.status = 'EXPIRED'
    else order.status = order.executedQty.gt(0) ? 'PARTIALLY_FILLED' : 'NEW'
    return { order, fills }
  }

  cancelOrder(
    symbol: string,
    orderId: string | undefined,
    clientOrderId: string | undefined,
    now: number
  ): SimOrder {
    let order: SimOrder
    try {
      order = this.findOrder(symbol, orderId, clientOrderId)
    } catch (e) {
      if (e instanceof BinanceApiError && e.code === -2013)
        throw new BinanceApiError(400, -2011, 'Unknown order sent.')
      throw e
    }
    if (!OPEN.has(order.status)) throw new BinanceApiError(400, -2011, 'Unknown order sent.')
    this.reserve(this.spec(symbol), order, order.executedQty.minus(order.origQty))
    order.status = 'CANCELED'
    order.updateTime = now
    return order
  }

  myTrades(
    symbol: string,
    q: { orderId?: string; startTime?: number; endTime?: number; fromId?: number; limit?: number }
  ) {
    this.spec(symbol)
    let list = this.trades.filter(
      (t) =>
        t.symbol === symbol &&
        (q.orderId === undefined || String(t.orderId) === q.orderId) &&
        (q.startTime === undefined || t.time >= q.startTime) &&
        (q.endTime === undefined || t.time <= q.endTime) &&
        (q.fromId === undefined || t.id >= q.fromId)
    )
    const limit = Math.min(q.limit ?? 500, 1000)
    // Binance returns the most recent trades when only a time window or nothing is given.
    list =
      q.fromId === undefined && q.startTime === undefined
        ? list.slice(-limit)
        : list.slice(0, limit)
    return list
  }

  accountBalances() {
    return [...this.balances.entries()].map(([asset, b]) => ({
      asset,
      free: f8(b.free),
      locked: f8(b.locked),
    }))
  }

  /** Walks the outside book from the best level; with `dry` nothing is consumed. */
  private take(
    s: SymbolConfig,
    side: Side,
    limit: Dec | null,
    qty: Dec | null,
    quoteQty: Dec | null,
    dry: boolean
  ): Level[] {
    const book = this.books.get(s.symbol)!
    const out = walkLevels(side === 'BUY' ? book.asks : book.bids, {
      side,
      limit,
      qty,
      quoteQty,
      step: new D(s.stepSize),
      consume: !dry,
    })
    if (!dry) {
      book.asks = book.asks.filter((l) => l.qty.gt(0))
      book.bids = book.bids.filter((l) => l.qty.gt(0))
      this.updateId++
    }
    return out
  }

  private fill(
    s: SymbolConfig,
    o: SimOrder,
    price: Dec,
    qty: Dec,
    maker: boolean,
    now: number,
    fromLocked: boolean
  ): SimTrade {
    const quoteQty = price.times(qty)
    const rate = maker ? this.maker : this.taker
    const buy = o.side === 'BUY'
    const commission = (buy ? qty : quoteQty).times(rate).toDecimalPlaces(8, D.ROUND_UP)
    const base = this.balance(s.base)
    const quote = this.balance(s.quote)
    if (buy) {
      if (fromLocked) {
        const reserved = o.price.times(qty)
        quote.locked = quote.locked.minus(reserved)
        quote.free = quote.free.plus(reserved).minus(quoteQty)
      } else quote.free = quote.free.minus(quoteQty)
      base.free = base.free.plus(qty).minus(commission)
    } else {
      if (fromLocked) base.locked = base.locked.minus(qty)
      else base.free = base.free.minus(qty)
      quote.free = quote.free.plus(quoteQty).minus(commission)
    }
    o.executedQty = o.executedQty.plus(qty)
    o.cummulativeQuoteQty = o.cummulativeQuoteQty.plus(quoteQty)
    o.updateTime = now
    const t: SimTrade = {
      id: this.nextTradeId++,
      orderId: o.orderId,
      symbol: s.symbol,
      price,
      qty,
      quoteQty,
      commission,
      commissionAsset: buy ? s.base : s.quote,
      time: now,
      isBuyer: buy,
      isMaker: maker,
    }
    this.trades.push(t)
    return t
  }

  /** Reserves (positive qty) or releases (negative) what a resting order needs. */
  private reserve(s: SymbolConfig, o: SimOrder, qty: Dec): void {
    const b = this.balance(o.side === 'BUY' ? s.quote : s.base)
    const amount = o.side === 'BUY' ? o.price.times(qty) : qty
    b.free = b.free.minus(amount)
    b.locked = b.locked.plus(amount)
  }

  /** Resting orders become makers against outside liquidity that now crosses them, at their own price. */
  private matchResting(symbol: string, now: number): void {
    const s = this.spec(symbol)
    const book = this.books.get(symbol)!
    const bySide = (side: Side) =>
      this.openOrders(symbol)
        .filter((o) => o.side === side)
        .sort(
          (a, b) =>
            (side === 'BUY' ? b.price.cmp(a.price) : a.price.cmp(b.price)) || a.orderId - b.orderId
        )
    for (const o of [...bySide('BUY'), ...bySide('SELL')]) {
      const levels = o.side === 'BUY' ? book.asks : book.bids
      for (const l of levels) {
        const left = o.origQty.minus(o.executedQty)
        if (left.lte(0)) break
        if (o.side === 'BUY' ? l.price.gt(o.price) : l.price.lt(o.price)) break
        const q = D.min(left, l.qty)
        l.qty = l.qty.minus(q)
        this.fill(s, o, o.price, q, true, now, true)
      }
      o.status = o.executedQty.eq(o.origQty)
        ? 'FILLED'
        : o.executedQty.gt(0)
          ? 'PARTIALLY_FILLED'
          : 'NEW'
      book.asks = book.asks.filter((l) => l.qty.gt(0))
      book.bids = book.bids.filter((l) => l.qty.gt(0))
    }
  }
}
