import { and, asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createPostgresTestDatabase, type TestDatabase } from '../../../test/support/db.ts'
import { newUser, tradingApp } from '../../../test/support/trading.ts'
import { auditLog } from '../../compliance/audit-log/audit-log.schema.ts'
import { fills, positions } from '../../trading/trading.schema.ts'
import type { AnalyticsFill } from '../store/fill-listener.ts'
import type { ImportAnalytics } from './import.service.ts'

const fill = (over: Record<string, unknown> = {}) => ({
  ts: '2026-05-01T10:00:00Z',
  symbol: 'BTC/USDT',
  side: 'buy',
  amount: '0.5',
  price: '60000',
  fee: '0.1',
  feeCurrency: 'USDT',
  ...over,
})

/** A Binance "Trade History" export as downloaded (units glued, quoted thousands, BNB fees). */
const BINANCE_CSV = [
  'Date(UTC),Pair,Side,Price,Executed,Amount,Fee',
  '2026-04-02 09:15:01,BTCUSDT,BUY,"61,000.50",0.00200000BTC,122.00100000USDT,0.00000200BTC',
  '2026-04-02 10:00:00,ETHUSDT,BUY,3000,0.10000000ETH,300.00000000USDT,0.00012000BNB',
  '2026-04-03 11:30:45,BTCUSDT,SELL,62000,0.00200000BTC,124.00000000USDT,0.12400000USDT',
].join('\r\n')

/** Records what the import hands the analytics store; `fail` makes it throw (rollback test). */
function spyStore() {
  const calls: AnalyticsFill[][] = []
  let fail = false
  const store: ImportAnalytics = {
    applyFills: async (_tx, f) => {
      if (fail) throw new Error('analytics store failed')
      calls.push([...f])
    },
  }
  return { store, calls, failNext: (on = true) => void (fail = on) }
}

describe('POST /v1/fills/import (PostgreSQL)', () => {
  let database: TestDatabase
  let t: ReturnType<typeof tradingApp>
  const spy = spyStore()

  const post = (user: string | null, body: string | FormData, contentType?: string) =>
    t.app.request('/v1/fills/import', {
      method: 'POST',
      headers: {
        ...(user !== null && { 'x-test-user': user }),
        ...(contentType !== undefined && { 'content-type': contentType }),
      },
      body,
    })
  const postJson = (user: string | null, body: unknown) =>
    post(user, JSON.stringify(body), 'application/json')
  const rowsOf = (user: string) =>
    database.db.select().from(fills).where(eq(fills.userId, user)).orderBy(asc(fills.id))
  const auditOf = (user: string) =>
    database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, user), eq(auditLog.action, 'fills.imported')))

  beforeAll(async () => {
    database = await createPostgresTestDatabase()
    t = tradingApp({ database, options: { fillImportAnalytics: spy.store } })
  })
  afterAll(async () => {
    await database?.close()
  })
  beforeEach(() => {
    spy.calls.length = 0
    spy.failNext(false)
  })

  it('should import a JSON array as live fills of venue imported, in time order, without touching positions', async () => {
    const user = await newUser(database)
    const res = await postJson(user, [
      fill({ ts: '2026-05-02T09:00:00Z', side: 'sell', price: '61000', tradeId: 'T-2' }),
      fill({ tradeId: 'T-1' }),
      fill({ ts: '2026-05-03T00:00:00+02:00', amount: '2', price: '0.25', fee: '0.002', feeCurrency: 'btc', tradeId: 7 }),
      fill({ ts: '2026-05-02T12:00:00Z', symbol: 'eth/usdt', price: '3000', fee: '0.00001', feeCurrency: 'BNB' }),
    ])
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({
      imported: 4,
      duplicates: 0,
      venue: 'imported',
      from: '2026-05-01T10:00:00.000Z',
      to: '2026-05-02T22:00:00.000Z',
    })
    const rows = await rowsOf(user)
    // id order is time order (the file was not sorted)
    expect(rows.map((r) => r.ts.toISOString())).toEqual([
      '2026-05-01T10:00:00.000Z',
      '2026-05-02T09:00:00.000Z',
      '2026-05-02T12:00:00.000Z',
      '2026-05-02T22:00:00.000Z',
    ])
    for (const r of rows) {
      expect(r).toMatchObject({ venue: 'imported', mode: 'live', orderId: null, botId: null })
      expect(r.realizedPnl).toBe('0.000000000000000000')
    }
    const [buy, sell, eth, baseFee] = rows
    expect(buy).toMatchObject({
      tradeId: 'trade:BTC/USDT:T-1',
      side: 'buy',
      cost: '30000.000000000000000000',
      feeQuote: '0.100000000000000000',
      feeCurrency: 'USDT',
    })
    expect(sell).toMatchObject({ tradeId: 'trade:BTC/USDT:T-2', side: 'sell', cost: '30500.000000000000000000' })
    // a fee in a third currency has no quote value; the dedup key is the content hash
    expect(eth).toMatchObject({ symbol: 'ETH/USDT', feeCurrency: 'BNB', feeQuote: null })
    expect(eth!.tradeId).toMatch(/^hash:[0-9a-f]{64}$/)
    // a fee in base is valued at the fill price: 0.002 BTC × 0.25
    expect(baseFee).toMatchObject({ tradeId: 'trade:BTC/USDT:7', cost: '0.500000000000000000', feeQuote: '0.000500000000000000' })

    expect(await database.db.select().from(positions).where(eq(positions.userId, user))).toEqual([])
    // the analytics store got exactly the stored fills, oldest first, as decimals
    expect(spy.calls).toHaveLength(1)
    expect(spy.calls[0]!.map((f) => f.id)).toEqual(rows.map((r) => r.id))
    expect(spy.calls[0]![0]).toMatchObject({ userId: user, venue: 'imported', mode: 'live', botId: null, feeCurrency: 'USDT' })
    expect(String(spy.calls[0]![0]!.price)).toBe('60000')
    expect(spy.calls[0]![2]!.feeQuote).toBeNull()

    const audit = await auditOf(user)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ subject: `user:${user}` })
    expect(audit[0]!.details).toMatchObject({ format: 'json', rows: 4, imported: 4, duplicates: 0 })
  })

  it('should accept { fills: [...] } and list imported fills in GET /v1/fills', async () => {
    const user = await newUser(database)
    const res = await postJson(user, { fills: [fill({ tradeId: 'a' })] })
    expect(res.status).toBe(201)
    const list = await (await t.call(user, 'GET', '/v1/fills')).json()
    expect(list.items).toEqual([
      expect.objectContaining({ exchange: 'imported', orderId: null, price: '60000', amount: '0.5', feeQuote: '0.1' }),
    ])
  })

  it('should store nothing on a repeated import and report the duplicates', async () => {
    const user = await newUser(database)
    const body = [fill({ tradeId: '1' }), fill({ ts: '2026-05-01T11:00:00Z' })]
    expect((await postJson(user, body)).status).toBe(201)
    spy.calls.length = 0
    const again = await postJson(user, body)
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ imported: 0, duplicates: 2 })
    expect(await rowsOf(user)).toHaveLength(2)
    expect(spy.calls).toEqual([])
    expect((await auditOf(user)).map((a) => a.details)).toEqual([
      expect.objectContaining({ imported: 2, duplicates: 0 }),
      expect.objectContaining({ imported: 0, duplicates: 2 }),
    ])
  })

  it('should import a Binance trade-history CSV', async () => {
    const user = await newUser(database)
    const res = await post(user, '\uFEFF' + BINANCE_CSV, 'text/csv; charset=utf-8')
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({
      imported: 3,
      duplicates: 0,
      venue: 'imported',
      from: '2026-04-02T09:15:01.000Z',
      to: '2026-04-03T11:30:45.000Z',
    })
    const rows = await rowsOf(user)
    expect(rows.map((r) => [r.symbol, r.side, r.price, r.amount, r.fee, r.feeCurrency, r.feeQuote])).toEqual([
      ['BTC/USDT', 'buy', '61000.500000000000000000', '0.002000000000000000', '0.000002000000000000', 'BTC', '0.122001000000000000'],
      ['ETH/USDT', 'buy', '3000.000000000000000000', '0.100000000000000000', '0.000120000000000000', 'BNB', null],
      ['BTC/USDT', 'sell', '62000.000000000000000000', '0.002000000000000000', '0.124000000000000000', 'USDT', '0.124000000000000000'],
    ])
    expect(rows[0]!.cost).toBe('122.001000000000000000')
    expect(rows.every((r) => r.tradeId.startsWith('hash:'))).toBe(true)
    // the same export again (e.g. an overlapping download) stores nothing
    const again = await post(user, BINANCE_CSV, 'text/csv')
    expect(await again.json()).toMatchObject({ imported: 0, duplicates: 3 })
  })

  it('should accept the export as a multipart "file" field', async () => {
    const user = await newUser(database)
    const form = new FormData()
    form.append('file', new File([BINANCE_CSV], 'trade-history.csv', { type: 'text/csv' }))
    const res = await post(user, form)
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ imported: 3 })
    const json = new FormData()
    json.append('file', new File([JSON.stringify([fill()])], 'fills.json'))
    expect(await (await post(user, json)).json()).toMatchObject({ imported: 1 })
    const none = await post(user, new FormData())
    expect(none.status).toBe(422)
    expect((await none.json()).errors).toEqual([expect.objectContaining({ path: 'file' })])
  })

  it('should refuse the whole file when a row in the middle is bad, naming the row and field', async () => {
    const user = await newUser(database)
    const res = await postJson(user, [
      fill({ tradeId: 'ok-1' }),
      fill({ tradeId: 'bad', amount: 0.5 }),
      fill({ tradeId: 'ok-2' }),
    ])
    expect(res.status).toBe(422)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    const body = await res.json()
    expect(body.type).toBe('/problems/validation-error')
    expect(body.errors).toEqual([{ path: '1.amount', message: expect.stringContaining('decimal string') }])
    expect(await rowsOf(user)).toEqual([])
    expect(await auditOf(user)).toEqual([])

    const csv = BINANCE_CSV.replace('3000,0.10000000ETH', 'abc,0.10000000ETH')
    const bad = await post(user, csv, 'text/csv')
    expect(bad.status).toBe(422)
    expect((await bad.json()).errors).toEqual([{ path: '1.Price', message: expect.stringContaining('line 3') }])
    expect(await rowsOf(user)).toEqual([])
  })

  it('should refuse a trade id repeated with other content in one file', async () => {
    const user = await newUser(database)
    const res = await postJson(user, [fill({ tradeId: 'X' }), fill({ tradeId: 'X', price: '1' })])
    expect(res.status).toBe(422)
    expect((await res.json()).errors).toEqual([{ path: '1.tradeId', message: expect.stringContaining('row 0') }])
    expect(await rowsOf(user)).toEqual([])
  })

  it('should de-duplicate fills without a trade id by content, keeping identical rows of one file apart', async () => {
    const user = await newUser(database)
    const a = fill()
    const b = fill({ ts: '2026-05-01T10:05:00Z', side: 'sell', price: '60100' })
    // the same content twice in one file: two partial fills, both kept
    expect(await (await postJson(user, [a, a])).json()).toMatchObject({ imported: 2, duplicates: 0 })
    // an overlapping export: both copies of a are known, b is new; decimals written differently
    const overlap = await postJson(user, [{ ...a, amount: '0.50' }, a, b])
    expect(await overlap.json()).toMatchObject({ imported: 1, duplicates: 2 })
    // a third copy of a is a new fill
    expect(await (await postJson(user, [a, a, a])).json()).toMatchObject({ imported: 1, duplicates: 2 })
    expect(await rowsOf(user)).toHaveLength(4)
  })

  it('should keep two users apart: the same trade id is stored for each', async () => {
    const [u1, u2] = [await newUser(database), await newUser(database)]
    const body = [fill({ tradeId: 'shared-1' })]
    expect((await postJson(u1, body)).status).toBe(201)
    expect((await postJson(u2, body)).status).toBe(201)
    expect(await rowsOf(u1)).toHaveLength(1)
    expect(await rowsOf(u2)).toHaveLength(1)
  })

  it('should treat the same trade id on another market as another fill', async () => {
    const user = await newUser(database)
    const res = await postJson(user, [fill({ tradeId: '100' }), fill({ tradeId: '100', symbol: 'ETH/USDT', price: '3000' })])
    expect(await res.json()).toMatchObject({ imported: 2 })
  })

  it('should answer 401 without credentials and 403 without the trade scope', async () => {
    const res = await postJson(null, [fill()])
    expect(res.status).toBe(401)
    const user = await newUser(database)
    const readOnly = await t.app.request('/v1/fills/import', {
      method: 'POST',
      headers: { 'x-test-user': user, 'x-test-scopes': 'read', 'content-type': 'application/json' },
      body: JSON.stringify([fill()]),
    })
    expect(readOnly.status).toBe(403)
    expect((await readOnly.json()).type).toBe('/problems/insufficient-scope')
    expect(await rowsOf(user)).toEqual([])
  })

  it('should answer 415 for another content type and 400 for malformed JSON', async () => {
    const user = await newUser(database)
    const res = await post(user, BINANCE_CSV, 'text/plain')
    expect(res.status).toBe(415)
    expect(res.headers.get('accept-post')).toContain('text/csv')
    expect((await res.json()).type).toBe('/problems/unsupported-media-type')
    expect((await post(user, BINANCE_CSV)).status).toBe(415)
    const bad = await post(user, '[{"ts":', 'application/json')
    expect(bad.status).toBe(400)
    expect((await bad.json()).type).toBe('/problems/malformed-request')
  })

  it('should answer 200 with nothing imported for an empty file', async () => {
    const user = await newUser(database)
    const res = await postJson(user, [])
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ imported: 0, duplicates: 0, venue: 'imported', from: null, to: null })
    const csv = await post(user, 'Date(UTC),Pair,Side,Price,Executed,Amount,Fee\n', 'text/csv')
    expect(await csv.json()).toMatchObject({ imported: 0 })
  })

  it('should document the route in /openapi.json with its three body types', async () => {
    const doc = await (await t.app.request('/openapi.json')).json()
    const op = doc.paths['/v1/fills/import'].post
    expect(Object.keys(op.requestBody.content).sort()).toEqual(['application/json', 'multipart/form-data', 'text/csv'])
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '201', '401', '413', '415', '422']))
  })

  it('should answer 422 for a body that is not an array of fills, and for a CSV that is not a Binance export', async () => {
    const user = await newUser(database)
    const obj = await postJson(user, { ts: 'x' })
    expect(obj.status).toBe(422)
    const csv = await post(user, 'date,foo\n2024-01-01,1\n', 'text/csv')
    expect(csv.status).toBe(422)
    expect((await csv.json()).errors).toEqual([expect.objectContaining({ path: 'header' })])
  })

  it('should refuse more rows than the limit with 422 naming it, and a body over 8 MiB with 413', async () => {
    const user = await newUser(database)
    const many = await post(user, `[${Array(50_001).fill('{}').join(',')}]`, 'application/json')
    expect(many.status).toBe(422)
    expect((await many.json()).errors).toEqual([{ path: '', message: 'at most 50000 fills per import' }])
    const huge = await post(user, 'x'.repeat(8 * 1_048_576 + 1), 'text/csv')
    expect(huge.status).toBe(413)
    expect(await huge.json()).toMatchObject({ type: '/problems/body-too-large', limitBytes: 8 * 1_048_576 })
    expect(await rowsOf(user)).toEqual([])
  })

  it('should roll everything back when the analytics store fails', async () => {
    const user = await newUser(database)
    spy.failNext()
    const res = await postJson(user, [fill({ tradeId: 'r1' })])
    expect(res.status).toBe(500)
    expect(await rowsOf(user)).toEqual([])
    expect(await auditOf(user)).toEqual([])
    spy.failNext(false)
    expect(await (await postJson(user, [fill({ tradeId: 'r1' })])).json()).toMatchObject({ imported: 1 })
  })
})
