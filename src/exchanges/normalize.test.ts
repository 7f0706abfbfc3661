import { describe, expect, it } from 'vitest'
import { mapStatus, normalizeOrder, normalizeTrade } from './normalize.ts'
import { dec } from '../lib/money.ts'

const ccxt: Record<string, any> = await import('ccxt')
const parse = (id: string) => new ccxt[id]()

// Shapes from the response examples in ccxt 4.5.84's parseOrder/parseTrade comments, with long
// decimals where a float would lose digits.
const KUCOIN_ORDER = {
  id: '5c35c02703aa673ceec2a168',
  symbol: 'BTC-USDT',
  opType: 'DEAL',
  type: 'limit',
  side: 'buy',
  price: '10000.123456789',
  size: '1.23456789',
  funds: '0',
  dealFunds: '12345.678912345678',
  dealSize: '1.23456789',
  fee: '0.01',
  feeCurrency: 'USDT',
  stp: '',
  timeInForce: 'GTC',
  postOnly: false,
  hidden: false,
  iceberg: false,
  isActive: false,
  cancelExist: false,
  createdAt: 1547026471000,
  clientOid: 'ours-7',
  tradeType: 'TRADE',
}
const KUCOIN_TRADE = {
  symbol: 'BTC-USDT',
  tradeId: '5c35c02709e4f67d5266954e',
  orderId: '5c35c02703aa673ceec2a168',
  counterOrderId: '5c1ab46003aa676e487fa8e3',
  side: 'buy',
  liquidity: 'taker',
  forceTaker: true,
  price: '10000.123456789',
  size: '1.23456789',
  funds: '12345.678912345678',
  fee: '0.00123456789',
  feeRate: '0.001',
  feeCurrency: 'USDT',
  stop: '',
  type: 'limit',
  createdAt: 1547026472000,
  tradeType: 'TRADE',
}
const COINBASE_ORDER = {
  order_id: '9bc1eb3b-5b46-4b71-9628-ae2ed0cca75b',
  product_id: 'BTC-USD',
  client_order_id: 'ours-8',
  order_configuration: {
    limit_limit_gtc: { base_size: '0.123456789012', limit_price: '60000.01', post_only: false },
  },
  side: 'BUY',
  status: 'OPEN',
  time_in_force: 'GOOD_UNTIL_CANCELLED',
  created_time: '2026-01-01T00:00:00Z',
  filled_size: '0.1',
  average_filled_price: '59999.123456789012',
  total_fees: '0.6',
  order_type: 'LIMIT',
}
const COINBASE_FILL = (inQuote: boolean) => ({
  entry_id: 'e1',
  trade_id: 't-1',
  order_id: 'o-1',
  trade_time: '2026-01-01T00:00:00Z',
  trade_type: 'FILL',
  price: '60000.01',
  size: inQuote ? '600.0001' : '0.01',
  commission: '0.36',
  product_id: 'BTC-USD',
  liquidity_indicator: 'TAKER',
  size_in_quote: inQuote,
  side: 'BUY',
})

describe('normalize', () => {
  it('should take KuCoin order and trade amounts from the exact strings', () => {
    const o = normalizeOrder('kucoin', parse('kucoin').parseOrder(KUCOIN_ORDER), 'ours-7')
    expect([
      o.amount?.toFixed(),
      o.filled?.toFixed(),
      o.cost?.toFixed(),
      o.price?.toFixed(),
      o.status,
    ]).toEqual(['1.23456789', '1.23456789', '12345.678912345678', '10000.123456789', 'filled'])
    expect(o.inexact).toEqual([])
    const t = normalizeTrade('kucoin', parse('kucoin').parseTrade(KUCOIN_TRADE))
    expect([
      t.tradeId,
      t.exchangeOrderId,
      t.cost.toFixed(),
      t.fee?.cost.toFixed(),
      t.fee?.currency,
      t.takerOrMaker,
    ]).toEqual([
      '5c35c02709e4f67d5266954e',
      '5c35c02703aa673ceec2a168',
      '12345.678912345678',
      '0.00123456789',
      'USDT',
      'taker',
    ])
  })

  it('should agree numerically with ccxt where ccxt is exact', () => {
    const raw = parse('kucoin').parseOrder(KUCOIN_ORDER)
    const o = normalizeOrder('kucoin', raw)
    expect(Number(o.amount!.toFixed())).toBe(raw.amount)
    expect(Number(o.cost!.toFixed())).toBe(raw.cost)
  })

  it('should read Coinbase order sizes from order_configuration and mark the float-derived cost', () => {
    const o = normalizeOrder('coinbase', parse('coinbase').parseOrder(COINBASE_ORDER))
    expect([
      o.clientOrderId,
      o.amount?.toFixed(),
      o.price?.toFixed(),
      o.filled?.toFixed(),
      o.average?.toFixed(),
      o.status,
    ]).toEqual([
      'ours-8',
      '0.123456789012',
      '60000.01',
      '0.1',
      '59999.123456789012',
      'partially_filled',
    ])
    expect(o.inexact).toContain('cost')
  })

  it('should not read a Coinbase fill size quoted in quote currency as a base amount', () => {
    const base = normalizeTrade('coinbase', parse('coinbase').parseTrade(COINBASE_FILL(false)))
    expect([base.amount.toFixed(), base.cost.toFixed(), base.inexact]).toEqual([
      '0.01',
      '600.0001',
      [],
    ])
    const quoted = normalizeTrade('coinbase', parse('coinbase').parseTrade(COINBASE_FILL(true)))
    expect(quoted.inexact).toContain('amount')
    expect(quoted.amount.minus(dec('0.01')).abs().lt(dec('0.000000001'))).toBe(true)
  })

  it('should map unified statuses to our lifecycle, keeping unknown ones null', () => {
    expect(mapStatus('open', dec('0'))).toBe('open')
    expect(mapStatus('open', dec('0.1'))).toBe('partially_filled')
    expect(mapStatus('closed', dec('1'))).toBe('filled')
    expect(mapStatus('expired', dec('0.5'))).toBe('cancelled')
    expect(mapStatus('canceled', null)).toBe('cancelled')
    expect(mapStatus('rejected', null)).toBe('rejected')
    expect(mapStatus(undefined, null)).toBeNull()
  })
})
