import { describe, expect, it } from 'vitest'
import { SimEngine } from './engine.ts'
import { BinanceApiError } from './types.ts'

const T = 1_700_000_000_000

function engine(opts: ConstructorParameters<typeof SimEngine>[0] = {}) {
  const e = new SimEngine(opts)
  e.setBalance('USDT', '100000')
  e.setBalance('BTC', '10')
  e.setBook(
    'BTCUSDT',
    {
      bids: [
        ['29990', '1'],
        ['29980', '2'],
      ],
      asks: [
        ['30010', '0.5'],
        ['30020', '2'],
      ],
    },
    T
  )
  return e
}

function rejects(fn: () => unknown, code: number, msg?: string) {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(BinanceApiError)
    expect((e as BinanceApiError).code).toBe(code)
    if (msg) expect((e as Error).message).toBe(msg)
    return
  }
  throw new Error('expected a BinanceApiError')
}

describe('SimEngine', () => {
  it('should walk the book for a market buy and charge the commission in the base asset', () => {
    const e = engine()
    const { order, fills } = e.placeOrder(
      { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.6' },
      T
    )
    expect(order.status).toBe('FILLED')
    expect(fills.map((f) => [f.price.toFixed(), f.qty.toFixed()])).toEqual([
      ['30010', '0.5'],
      ['30020', '0.1'],
    ])
    expect(order.cummulativeQuoteQty.toFixed()).toBe('18007')
    expect(fills.map((f) => f.id)).toEqual([1, 2])
    expect(e.balance('USDT').free.toFixed()).toBe('81993')
    expect(e.balance('BTC').free.toFixed()).toBe('10.5994')
    expect(e.depth('BTCUSDT').asks[0]).toEqual(['30020.00000000', '1.90000000'])
  })

  it('should expire the unfilled rest of a market order when the book runs out', () => {
    const e = engine()
    const { order } = e.placeOrder(
      { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '4' },
      T
    )
    expect(order.status).toBe('EXPIRED')
    expect(order.executedQty.toFixed()).toBe('3')
  })

  it('should spend a quote amount on a market buy with quoteOrderQty', () => {
    const e = engine()
    const { order } = e.placeOrder(
      { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '15005' },
      T
    )
    expect(order.executedQty.toFixed()).toBe('0.5')
    expect(order.status).toBe('FILLED')
  })

  it('should partially fill a crossing limit order and rest the remainder with funds locked', () => {
    const e = engine()
    const { order, fills } = e.placeOrder(
      {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '1',
        price: '30015',
      },
      T
    )
    expect(fills).toHaveLength(1)
    expect(order.status).toBe('PARTIALLY_FILLED')
    expect(order.executedQty.toFixed()).toBe('0.5')
    expect(e.balance('USDT').locked.toFixed()).toBe('15007.5')
    expect(e.depth('BTCUSDT').bids[0]).toEqual(['30015.00000000', '0.50000000'])
  })

  it('should fill a resting order as maker at its own price when the book moves through it', () => {
    const e = engine()
    const { order } = e.placeOrder(
      {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.3',
        price: '29000',
      },
      T
    )
    expect(order.status).toBe('NEW')
    e.setBook(
      'BTCUSDT',
      {
        bids: [['28000', '1']],
        asks: [
          ['28900', '0.1'],
          ['28950', '1'],
        ],
      },
      T + 1
    )
    expect(order.status).toBe('FILLED')
    const trades = e.myTrades('BTCUSDT', {})
    expect(trades.map((t) => [t.price.toFixed(), t.qty.toFixed(), t.isMaker])).toEqual([
      ['29000', '0.1', true],
      ['29000', '0.2', true],
    ])
    expect(e.balance('USDT').locked.toFixed()).toBe('0')
    expect(e.balance('USDT').free.toFixed()).toBe('91300')
  })

  it('should expire an IOC remainder and kill a FOK order that cannot fill entirely', () => {
    const e = engine()
    const ioc = e.placeOrder(
      {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'IOC',
        quantity: '1',
        price: '30010',
      },
      T
    )
    expect([ioc.order.status, ioc.order.executedQty.toFixed()]).toEqual(['EXPIRED', '0.5'])
    const fok = e.placeOrder(
      {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'FOK',
        quantity: '5',
        price: '30100',
      },
      T
    )
    expect([fok.order.status, fok.fills.length]).toEqual(['EXPIRED', 0])
  })

  it('should reject a LIMIT_MAKER order that would take', () => {
    rejects(
      () =>
        engine().placeOrder(
          { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT_MAKER', quantity: '0.1', price: '30010' },
          T
        ),
      -2010,
      'Order would immediately match and take.'
    )
  })

  it('should enforce LOT_SIZE, PRICE_FILTER, NOTIONAL and precision like Binance', () => {
    const e = engine()
    const base = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC' }
    rejects(
      () => e.placeOrder({ ...base, quantity: '0.000015', price: '30000' }, T),
      -1013,
      'Filter failure: LOT_SIZE'
    )
    rejects(
      () => e.placeOrder({ ...base, quantity: '0.001', price: '30000.005' }, T),
      -1013,
      'Filter failure: PRICE_FILTER'
    )
    rejects(
      () => e.placeOrder({ ...base, quantity: '0.0001', price: '30000' }, T),
      -1013,
      'Filter failure: NOTIONAL'
    )
    rejects(() => e.placeOrder({ ...base, quantity: '0.000000001', price: '30000' }, T), -1111)
    rejects(() => e.placeOrder({ ...base, quantity: '1e-3', price: '30000' }, T), -1100)
    rejects(
      () => e.placeOrder({ ...base, symbol: 'NOPE', quantity: '1', price: '1' }, T),
      -1121,
      'Invalid symbol.'
    )
  })

  it('should reject a newClientOrderId reused while the first order is open, and accept it after', () => {
    const e = engine()
    const p = {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.1',
      price: '29000',
      newClientOrderId: 'c-1',
    }
    e.placeOrder(p, T)
    rejects(() => e.placeOrder(p, T), -2010, 'Duplicate order sent.')
    e.cancelOrder('BTCUSDT', undefined, 'c-1', T)
    expect(e.placeOrder(p, T).order.clientOrderId).toBe('c-1')
    const strict = engine({ duplicateClientOrderIdScope: 'all' })
    strict.placeOrder({ ...p, type: 'MARKET', price: '' }, T)
    rejects(() => strict.placeOrder({ ...p, type: 'MARKET', price: '' }, T), -2010)
  })

  it('should refuse orders the balance cannot cover', () => {
    const e = engine()
    e.setBalance('USDT', '100')
    rejects(
      () =>
        e.placeOrder(
          {
            symbol: 'BTCUSDT',
            side: 'BUY',
            type: 'LIMIT',
            timeInForce: 'GTC',
            quantity: '0.1',
            price: '29000',
          },
          T
        ),
      -2010,
      'Account has insufficient balance for requested action.'
    )
  })

  it('should release locked funds on cancel and refuse a second cancel', () => {
    const e = engine()
    const { order } = e.placeOrder(
      {
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '2',
        price: '31000',
      },
      T
    )
    expect(e.balance('BTC').locked.toFixed()).toBe('2')
    e.cancelOrder('BTCUSDT', String(order.orderId), undefined, T)
    expect(e.balance('BTC').locked.toFixed()).toBe('0')
    expect(e.balance('BTC').free.toFixed()).toBe('10')
    rejects(
      () => e.cancelOrder('BTCUSDT', String(order.orderId), undefined, T),
      -2011,
      'Unknown order sent.'
    )
    rejects(() => e.findOrder('BTCUSDT', '999'), -2013, 'Order does not exist.')
  })
})
