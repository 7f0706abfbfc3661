import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { recordingFetch } from '../../test/fixtures/exchange-responses.ts'
import { dec } from '../lib/money.ts'
import { createExchangeGateway } from './gateway.ts'
import { krakenUserref } from './profiles.ts'

// The Binance path is covered end to end by the simulator; these pin what ccxt actually sends to
// the other three exchanges for our client order ids, against canned responses.

const gateway = (exchange: 'kraken' | 'kucoin' | 'coinbase', fetch: never, credentials: object) =>
  createExchangeGateway({
    exchange,
    fetch,
    ccxtRateLimit: false,
    credentials: credentials as never,
  })

describe('gateway request shapes per exchange', () => {
  it('should send the derived userref to Kraken and find the order again by our id', async () => {
    const id = 'kr-1'
    const userref = krakenUserref(id)
    const order = {
      refid: null,
      userref,
      status: 'closed',
      opentm: 1700000000.1,
      descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '60000.0' },
      vol: '0.01000000',
      vol_exec: '0.01000000',
      cost: '600.00000',
      fee: '1.56000',
      price: '60000.0',
      misc: '',
      oflags: 'fciq',
    }
    const rec = recordingFetch({
      '/0/private/AddOrder': {
        error: [],
        result: { descr: { order: 'buy' }, txid: ['OABC12-DEF34-GHI567'] },
      },
      '/0/private/OpenOrders': { error: [], result: { open: {} } },
      '/0/private/ClosedOrders': {
        error: [],
        result: { closed: { 'OABC12-DEF34-GHI567': order }, count: 1 },
      },
    })
    const gw = gateway('kraken', rec.fetch as never, { apiKey: 'k', secret: btoa('kraken-secret') })
    const placed = await gw.createOrder({
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      amount: dec('0.01'),
      price: dec('60000'),
      clientOrderId: id,
    })
    expect([placed.exchangeOrderId, placed.status]).toEqual(['OABC12-DEF34-GHI567', null])
    const add = rec.calls.find((c) => c.path === '/0/private/AddOrder')!
    expect(new URLSearchParams(add.body).get('userref')).toBe(String(userref))
    const found = await gw.fetchOrderByClientId('BTC/USD', id)
    expect([
      found.clientOrderId,
      found.status,
      found.filled?.toFixed(),
      found.cost?.toFixed(),
      found.inexact,
    ]).toEqual([id, 'filled', '0.01', '600', []])
    const closed = rec.calls.find((c) => c.path === '/0/private/ClosedOrders')!
    expect(new URLSearchParams(closed.body).get('userref')).toBe(String(userref))
  })

  it('should send clientOid to KuCoin and query the order by it', async () => {
    const kuOrder = {
      id: 'ku-order-1',
      symbol: 'BTC-USDT',
      type: 'limit',
      side: 'buy',
      price: '60000',
      size: '0.01',
      dealFunds: '0',
      dealSize: '0',
      isActive: true,
      cancelExist: false,
      createdAt: 1700000000000,
      clientOid: 'ku-1',
    }
    const rec = recordingFetch({
      '/api/v1/orders': { code: '200000', data: { orderId: 'ku-order-1', clientOid: 'ku-1' } },
      '/api/v1/order/client-order/ku-1': { code: '200000', data: kuOrder },
      '/api/ua/v1/account/mode': { code: '200000', data: { selfAccountMode: 'CLASSIC' } },
      '/api/v1/hf/accounts/opened': { code: '200000', data: false },
    })
    const gw = gateway('kucoin', rec.fetch as never, { apiKey: 'k', secret: 's', passphrase: 'p' })
    const placed = await gw.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'limit',
      amount: dec('0.01'),
      price: dec('60000'),
      clientOrderId: 'ku-1',
    })
    expect(placed.exchangeOrderId).toBe('ku-order-1')
    expect(JSON.parse(rec.calls.find((c) => c.method === 'POST')!.body)).toMatchObject({
      clientOid: 'ku-1',
      size: '0.01',
      price: '60000',
    })
    const found = await gw.fetchOrderByClientId('BTC/USDT', 'ku-1')
    expect([
      found.exchangeOrderId,
      found.clientOrderId,
      found.status,
      found.amount?.toFixed(),
    ]).toEqual(['ku-order-1', 'ku-1', 'open', '0.01'])
  })

  it('should send client_order_id to Coinbase, size market buys by quote cost, and find orders by scanning', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const secret = privateKey.export({ format: 'pem', type: 'sec1' }).toString()
    const listed = {
      order_id: 'cb-order-1',
      product_id: 'BTC-USD',
      client_order_id: 'cb-1',
      side: 'BUY',
      status: 'FILLED',
      order_type: 'MARKET',
      created_time: '2026-01-01T00:00:00Z',
      order_configuration: { market_market_ioc: { quote_size: '600' } },
      filled_size: '0.00999',
      average_filled_price: '60060.06006006006',
      total_fees: '3.6',
    }
    const rec = recordingFetch({
      '/api/v3/brokerage/orders': {
        success: true,
        success_response: {
          order_id: 'cb-order-1',
          product_id: 'BTC-USD',
          side: 'BUY',
          client_order_id: 'cb-1',
        },
      },
      '/api/v3/brokerage/orders/historical/batch': { orders: [listed], has_next: false },
      '/api/v3/brokerage/transaction_summary': {
        fee_tier: { taker_fee_rate: '0.006', maker_fee_rate: '0.004' },
      },
    })
    const gw = gateway('coinbase', rec.fetch as never, {
      apiKey: 'organizations/o/apiKeys/k',
      secret,
    })
    const noRef = await gw
      .createOrder({
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'market',
        amount: dec('0.01'),
        clientOrderId: 'cb-0',
      })
      .catch((e) => e)
    expect([noRef.reason, noRef.sent]).toEqual(['invalid-order', false])
    await gw.createOrder({
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'market',
      amount: dec('0.01'),
      price: dec('60000'),
      clientOrderId: 'cb-1',
    })
    expect(JSON.parse(rec.calls.find((c) => c.method === 'POST')!.body)).toEqual({
      client_order_id: 'cb-1',
      product_id: 'BTC-USD',
      side: 'BUY',
      order_configuration: { market_market_ioc: { quote_size: '600' } },
    })
    const found = await gw.fetchOrderByClientId('BTC/USD', 'cb-1')
    expect([
      found.exchangeOrderId,
      found.status,
      found.filled?.toFixed(),
      found.average?.toFixed(),
    ]).toEqual(['cb-order-1', 'filled', '0.00999', '60060.06006006006'])
    const missing = await gw.fetchOrderByClientId('BTC/USD', 'cb-unknown').catch((e) => e)
    expect(missing.kind).toBe('not-found')
  })
})
