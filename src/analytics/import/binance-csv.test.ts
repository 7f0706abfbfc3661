import { describe, expect, it } from 'vitest'
import { parseBinanceTradeCsv } from './binance-csv.ts'
import { FillImportError } from './types.ts'

const HEADER = 'Date(UTC),Pair,Side,Price,Executed,Amount,Fee'

function issuesOf(text: string) {
  try {
    parseBinanceTradeCsv(text)
  } catch (err) {
    expect(err).toBeInstanceOf(FillImportError)
    return (err as FillImportError).issues
  }
  throw new Error('expected a FillImportError')
}

describe('parseBinanceTradeCsv', () => {
  it('should read the current layout with units glued to the numbers', () => {
    const csv = [
      HEADER,
      '2023-04-02 09:15:07,BTCUSDT,BUY,28250.12,0.0010000000BTC,28.25012000USDT,0.0000010000BTC',
      '2023-04-03 18:00:59,ETHBTC,SELL,0.06712,0.5000000000ETH,0.03356000BTC,0.0000335600BTC',
      '2023-04-04 00:00:00,SOLBUSD,SELL,20.5,3.0000000000SOL,61.5000000BUSD,0.0004612BNB',
    ].join('\n')
    const fills = parseBinanceTradeCsv(csv)
    expect(fills.map((f) => [f.symbol, f.side, f.amount, f.price, f.fee, f.feeCurrency])).toEqual([
      ['BTC/USDT', 'buy', '0.001', '28250.12', '0.000001', 'BTC'],
      ['ETH/BTC', 'sell', '0.5', '0.06712', '0.00003356', 'BTC'],
      ['SOL/BUSD', 'sell', '3', '20.5', '0.0004612', 'BNB'],
    ])
    expect(fills[0]!.ts.toISOString()).toBe('2023-04-02T09:15:07.000Z')
    expect(fills.every((f) => f.tradeId === null)).toBe(true)
  })

  it('should read quoted thousands separators, CRLF, a BOM and assets starting with a digit', () => {
    const csv =
      '\uFEFF' +
      [
        HEADER,
        '2023-05-01 10:00:00,BTCUSDT,SELL,"29,100.5",0.0500000000BTC,"1,455.02500000USDT",1.45502500USDT',
        '2023-05-01 11:00:00,1INCHUSDT,BUY,0.5,12.51INCH,6.25USDT,0.0125USDT',
        '2023-05-01 12:00:00,1000SATSUSDT,BUY,0.0003,100001000SATS,30.0003USDT,0.03USDT',
      ].join('\r\n') +
      '\r\n'
    const fills = parseBinanceTradeCsv(csv)
    expect(fills.map((f) => [f.symbol, f.amount, f.price])).toEqual([
      ['BTC/USDT', '0.05', '29100.5'],
      ['1INCH/USDT', '12.5', '0.5'],
      ['1000SATS/USDT', '10000', '0.0003'],
    ])
  })

  it('should read the classic layout and semicolon-separated files', () => {
    const classic = [
      'Date(UTC),Market,Type,Price,Amount,Total,Fee,Fee Coin',
      '2019-11-20 08:01:02,XLMETH,BUY,0.00031,150,0.0465,0.15,XLM',
      '2019-11-21 08:01:02,ADAEUR,SELL,0.04,1000,40,0.04,EUR',
    ].join('\n')
    expect(
      parseBinanceTradeCsv(classic).map((f) => [f.symbol, f.side, f.amount, f.fee, f.feeCurrency])
    ).toEqual([
      ['XLM/ETH', 'buy', '150', '0.15', 'XLM'],
      ['ADA/EUR', 'sell', '1000', '0.04', 'EUR'],
    ])
    const semi =
      'Date(UTC);Pair;Side;Price;Executed;Amount;Fee\n2023-01-01 00:00:01;BNBUSDT;BUY;246;1BNB;246USDT;0.00075BNB'
    expect(parseBinanceTradeCsv(semi)[0]!.symbol).toBe('BNB/USDT')
  })

  it('should split unit-less pairs by the quote list or by resolvePair, never by guessing', () => {
    const plain = `${HEADER},Fee Coin\n2024-01-15 10:30:00,BTCEUR,BUY,42000.00,0.05,2100.00,0.0001,BTC`
    expect(parseBinanceTradeCsv(plain)[0]).toMatchObject({
      symbol: 'BTC/EUR',
      amount: '0.05',
      feeCurrency: 'BTC',
    })
    const unknown = `${HEADER},Fee Coin\n2024-01-15 10:30:00,FOOBAR,BUY,1,1,1,0,BAR`
    expect(issuesOf(unknown)[0]).toMatchObject({ row: 0, line: 2, field: 'Pair' })
    const resolved = parseBinanceTradeCsv(unknown, {
      resolvePair: (p) => (p === 'FOOBAR' ? { base: 'FOO', quote: 'BAR' } : null),
    })
    expect(resolved[0]!.symbol).toBe('FOO/BAR')
  })

  it('should name the data row, file line and column of each bad row and import nothing', () => {
    const csv = [
      HEADER,
      '2023-04-02 09:15:07,BTCUSDT,BUY,28250.12,0.001BTC,28.25USDT,0.000001BTC',
      '2023-02-30 09:15:07,BTCUSDT,BUY,28250.12,0.001BTC,28.25USDT,0.000001BTC',
      '2023-04-02 09:15:07,BTCUSDT,HOLD,28250.12,0.001BTC,28.25USDT,0.000001BTC',
      '',
      '2023-04-02 09:15:07,BTCUSDT,BUY,28250.12,0.001ETH,28.25USDT,0.000001BTC',
      '2023-04-02 09:15:07,BTCUSDT,BUY,abc,0.001BTC,28.25USDT,0.000001BTC',
      '2023-04-02 09:15:07,BTCUSDT,BUY,1,0.001BTC,28.25USDT,0.000001',
    ].join('\n')
    expect(issuesOf(csv).map((i) => [i.row, i.line, i.field])).toEqual([
      [1, 3, 'Date(UTC)'],
      [2, 4, 'Side'],
      [3, 6, 'Executed'],
      [4, 7, 'Price'],
      [5, 8, 'Fee'],
    ])
  })

  it('should refuse files that are not a Binance trade-history export', () => {
    expect(
      issuesOf('User_ID,UTC_Time,Account,Operation,Coin,Change,Remark\n1,2,3,4,5,6,7')[0]
    ).toMatchObject({
      row: null,
      field: 'header',
    })
    expect(issuesOf(`${HEADER}\n"2023-04-02 09:15:07,BTCUSDT`)[0]!.message).toMatch(/unterminated/)
  })
})
