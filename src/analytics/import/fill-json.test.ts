import { describe, expect, it } from 'vitest'
import { parseFillsJson } from './fill-json.ts'
import { FillImportError } from './types.ts'

const good = {
  ts: '2024-05-01T10:00:00Z',
  symbol: 'btc/usdt',
  side: 'BUY',
  amount: '0.0150',
  price: '60000.00',
  fee: '0',
  feeCurrency: 'usdt',
}

function issuesOf(input: unknown, opts = {}) {
  try {
    parseFillsJson(input, opts)
  } catch (err) {
    expect(err).toBeInstanceOf(FillImportError)
    return (err as FillImportError).issues
  }
  throw new Error('expected a FillImportError')
}

describe('parseFillsJson', () => {
  it('should normalise symbols, sides, decimals and timestamps', () => {
    const [f] = parseFillsJson([{ ...good, tradeId: 12345, extra: 'ignored' }])
    expect(f).toEqual({
      ts: new Date('2024-05-01T10:00:00Z'),
      symbol: 'BTC/USDT',
      side: 'buy',
      amount: '0.015',
      price: '60000',
      fee: '0',
      feeCurrency: 'USDT',
      tradeId: '12345',
    })
    expect(parseFillsJson([{ ...good, ts: 1714557600000 }])[0]!.ts.toISOString()).toBe(
      '2024-05-01T10:00:00.000Z'
    )
    expect(
      parseFillsJson([{ ...good, ts: '2024-05-01T12:00:00+02:00' }])[0]!.ts.toISOString()
    ).toBe('2024-05-01T10:00:00.000Z')
  })

  it('should name the row index and field of every bad value', () => {
    const issues = issuesOf([
      good,
      { ...good, amount: 0.5 },
      { ...good, price: '0', side: 'hold' },
      { ...good, ts: '2024-05-01 10:00:00' },
      { ...good, symbol: 'BTCUSDT', fee: '-1' },
      { ...good, feeCurrency: undefined },
      'not an object',
    ])
    const pairs = issues.map((i) => `${i.row}.${i.field}`)
    expect(pairs).toEqual([
      '1.amount',
      '2.side',
      '2.price',
      '3.ts',
      '4.symbol',
      '4.fee',
      '5.feeCurrency',
      '6.',
    ])
    expect(issues[0]!.message).toMatch(/decimal string/)
  })

  it('should refuse more than 18 fractional digits, exponents and future timestamps', () => {
    expect(issuesOf([{ ...good, amount: '0.0000000000000000001' }])[0]!.field).toBe('amount')
    expect(issuesOf([{ ...good, price: '1e5' }])[0]!.field).toBe('price')
    const future = issuesOf([good], { now: new Date('2024-04-30T00:00:00Z') })
    expect(future).toEqual([{ row: 0, field: 'ts', message: 'is in the future' }])
  })

  it('should refuse anything but an array, and arrays over the row limit', () => {
    expect(issuesOf({ fills: [] })[0]).toMatchObject({ row: null })
    expect(issuesOf([good, good], { maxRows: 1 })[0]!.message).toMatch(/at most 1/)
    expect(parseFillsJson([])).toEqual([])
  })

  it('should render a 422 problem whose paths name row and field', () => {
    try {
      parseFillsJson([good, { ...good, side: 'x' }])
    } catch (err) {
      const body = (err as FillImportError).toProblem().toJSON()
      expect(body.status).toBe(422)
      expect(body.errors).toEqual([{ path: '1.side', message: 'must be buy or sell' }])
    }
    expect.assertions(2)
  })
})
