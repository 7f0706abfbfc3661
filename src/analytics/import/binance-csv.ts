/**
 * @module Binance spot trade-history CSV export → normalised fills.
 *
 * Layouts (detected from the header, case- and spacing-insensitive, BOM stripped, `,`/`;`/tab):
 * - current "Trade History": `Date(UTC),Pair,Side,Price,Executed,Amount,Fee` — Executed, Amount
 *   and Fee carry their asset glued to the number (`0.0010000000BTC`, `"1,234.56USDT"`,
 *   `0.00000750BNB`); Executed is in base, Amount in quote. The pair is split by those units, which
 *   also reads assets starting with a digit (`0.51INCH` in `1INCHUSDT` is 0.5 1INCH). Exports seen
 *   without units fall back to splitting the pair; an extra `Fee Coin` column is honoured.
 * - classic "Trade History" (removed by Binance in 2022, still in archives):
 *   `Date(UTC),Market,Type,Price,Amount,Total,Fee,Fee Coin` — Market is the glued pair.
 * Dates are UTC `YYYY-MM-DD HH:MM:SS` (two-digit years are read as 20YY). Pairs without units are
 * split by `resolvePair` when given (e.g. from the exchange's market list), else by a list of
 * Binance quote assets; an ambiguous or unknown pair is an error, never a guess.
 */
import { dec, isDecimalString, toStr } from '../../lib/money.ts'
import { splitSymbol, type SymbolParts } from '../symbol.ts'
import { readCsv } from './csv.ts'
import { FillImportError, MAX_ISSUES, type FillImportIssue, type ImportedFill } from './types.ts'

const CURRENT = ['date(utc)', 'pair', 'side', 'price', 'executed', 'amount', 'fee']
const CLASSIC = ['date(utc)', 'market', 'type', 'price', 'amount', 'total', 'fee', 'fee coin']

/** Binance spot quote assets while unit-less exports were produced (AEUR/EURI came later). */
// prettier-ignore
const QUOTES = [
  'USDT', 'FDUSD', 'USDC', 'TUSD', 'BUSD', 'USDP', 'USDS', 'PAX', 'DAI', 'UST', 'VAI', 'BTC', 'ETH',
  'BNB', 'XRP', 'TRX', 'DOGE', 'DOT', 'SOL', 'XMR', 'EUR', 'GBP', 'TRY', 'AUD', 'BRL', 'RUB', 'UAH',
  'NGN', 'ZAR', 'IDRT', 'BIDR', 'BKRW', 'BVND', 'GYEN', 'ARS', 'JPY', 'MXN', 'PLN', 'RON', 'CZK',
  'COP',
]

export interface BinanceCsvOptions {
  /** Splits a glued pair (`BTCUSDT`), e.g. from loaded markets; tried before the built-in list. */
  resolvePair?: (pair: string) => SymbolParts | null
  /** Refuse larger files outright. */
  maxRows?: number
  /** When given, fills timestamped after it are refused. */
  now?: Date
}

class RowError extends Error {
  constructor(
    readonly field: string,
    message: string
  ) {
    super(message)
  }
}

const DATE_RE = /^(\d{4}|\d{2})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z?$/

function parseDate(raw: string): Date {
  const m = DATE_RE.exec(raw.trim())
  if (!m)
    throw new RowError('Date(UTC)', `"${raw.slice(0, 40)}" is not a UTC date YYYY-MM-DD HH:MM:SS`)
  const [, y, mo, d, h, mi, s, ms = '0'] = m
  const year = y!.length === 2 ? 2000 + Number(y) : Number(y)
  const t = Date.UTC(
    year,
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(ms.padEnd(3, '0'))
  )
  const back = new Date(t)
  if (back.getUTCDate() !== Number(d) || back.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23) {
    throw new RowError('Date(UTC)', `"${raw.slice(0, 40)}" is not a real date`)
  }
  return back
}

/** A plain or thousands-grouped unsigned decimal → canonical string, or null. */
function number(raw: string): string | null {
  const s = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(raw) ? raw.replace(/,/g, '') : raw
  if (!/^\d+(?:\.\d+)?$/.test(s)) return null
  const canonical = toStr(dec(s.replace(/^0+(?=\d)/, '')))
  return isDecimalString(canonical) ? canonical : null
}

/** Every way to read `<number><ASSET>`; assets may start with a digit (1INCH, 1000SATS). */
function gluedReadings(raw: string): { value: string; asset: string }[] {
  const s = raw.trim().toUpperCase()
  const out: { value: string; asset: string }[] = []
  for (let k = 1; k < s.length; k++) {
    const asset = s.slice(k)
    const value = /^[A-Z0-9]+$/.test(asset) ? number(s.slice(0, k)) : null
    if (value !== null) out.push({ value, asset })
  }
  return out
}

function splitPair(
  pair: string,
  resolve: BinanceCsvOptions['resolvePair'],
  field: string
): SymbolParts {
  const resolved = resolve?.(pair)
  if (resolved) return resolved
  const matches = QUOTES.filter((q) => pair.endsWith(q) && pair.length > q.length)
  if (matches.length === 1) return { base: pair.slice(0, -matches[0]!.length), quote: matches[0]! }
  throw new RowError(
    field,
    `cannot tell base from quote in "${pair}"${matches.length > 1 ? ' (ambiguous)' : ''}`
  )
}

function positive(raw: string, field: string, allowZero = false): string {
  const v = number(raw.trim())
  if (v === null) throw new RowError(field, `"${raw.slice(0, 40)}" is not a decimal number`)
  if (!allowZero && v === '0') throw new RowError(field, 'must be greater than 0')
  return v
}

function side(raw: string, field: string): 'buy' | 'sell' {
  const s = raw.trim().toLowerCase()
  if (s !== 'buy' && s !== 'sell')
    throw new RowError(field, `"${raw.slice(0, 20)}" is not BUY or SELL`)
  return s
}

type Cell = (name: string) => string

function currentRow(cell: Cell, has: (n: string) => boolean, opts: BinanceCsvOptions) {
  const pair = cell('pair').trim().toUpperCase()
  const executed = cell('executed').trim()
  let parts: SymbolParts | null = null
  let amount: string | null = number(executed)
  if (amount === null) {
    // units glued: the base is the Executed unit that, followed by the Amount unit, spells the pair
    const quoteUnits = new Set(gluedReadings(cell('amount')).map((r) => r.asset))
    const readings = gluedReadings(executed).filter(
      (r) => pair.startsWith(r.asset) && quoteUnits.has(pair.slice(r.asset.length))
    )
    if (readings.length !== 1) {
      throw new RowError('Executed', `units of Executed/Amount do not spell the pair "${pair}"`)
    }
    amount = readings[0]!.value
    parts = { base: readings[0]!.asset, quote: pair.slice(readings[0]!.asset.length) }
  }
  parts ??= splitPair(pair, opts.resolvePair, 'Pair')
  if (amount === '0') throw new RowError('Executed', 'must be greater than 0')
  let fee: string
  let feeCurrency: string
  if (has('fee coin')) {
    fee = positive(cell('fee'), 'Fee', true)
    feeCurrency = cell('fee coin').trim().toUpperCase()
  } else {
    const plain = number(cell('fee').trim())
    const readings = gluedReadings(cell('fee'))
    const known = readings.find((r) => r.asset === parts.base || r.asset === parts.quote)
    const lettered = readings.find((r) => /^[A-Z]/.test(r.asset))
    const pick = known ?? lettered
    if (plain === '0') [fee, feeCurrency] = ['0', parts.quote]
    else if (pick) [fee, feeCurrency] = [pick.value, pick.asset]
    else
      throw new RowError(
        'Fee',
        `"${cell('fee').slice(0, 40)}" has no asset (expected e.g. 0.001BNB)`
      )
  }
  if (!/^[A-Z0-9]{1,20}$/.test(feeCurrency))
    throw new RowError('Fee', 'fee currency is not an asset code')
  return { parts, amount, fee, feeCurrency, side: side(cell('side'), 'Side') }
}

function classicRow(cell: Cell, opts: BinanceCsvOptions) {
  const parts = splitPair(cell('market').trim().toUpperCase(), opts.resolvePair, 'Market')
  const feeCurrency = cell('fee coin').trim().toUpperCase()
  if (!/^[A-Z0-9]{1,20}$/.test(feeCurrency)) throw new RowError('Fee Coin', 'is not an asset code')
  return {
    parts,
    amount: positive(cell('amount'), 'Amount'),
    fee: positive(cell('fee'), 'Fee', true),
    feeCurrency,
    side: side(cell('type'), 'Type'),
  }
}

function detectDelimiter(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/))
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length] as const)
  return counts.sort((a, b) => b[1] - a[1])[0]![0]
}

/**
 * Parses a Binance spot trade-history export.
 * @param [options.maxRows=100000]
 * @throws FillImportError naming the data row (0-based), its file line and the column
 * @example const fills = parseBinanceTradeCsv(await file.text(), { now: clock.now() })
 */
export function parseBinanceTradeCsv(text: string, opts: BinanceCsvOptions = {}): ImportedFill[] {
  const clean = text.replace(/^\uFEFF/, '')
  const records = readCsv(clean, detectDelimiter(clean))
  const header = (records[0]?.cells ?? []).map((h) => h.trim().toLowerCase().replace(/\s+/g, ' '))
  const layout = CURRENT.every((h) => header.includes(h))
    ? 'current'
    : CLASSIC.every((h) => header.includes(h))
      ? 'classic'
      : null
  if (layout === null) {
    const message =
      'not a Binance spot trade-history export; expected the columns ' +
      `${CURRENT.join(',')} or ${CLASSIC.join(',')}`
    throw new FillImportError([{ row: null, line: 1, field: 'header', message }])
  }
  const maxRows = opts.maxRows ?? 100_000
  if (records.length - 1 > maxRows) {
    throw new FillImportError([
      { row: null, field: '', message: `at most ${maxRows} fills per import` },
    ])
  }
  const has = (name: string) => header.includes(name)
  const issues: FillImportIssue[] = []
  const fills: ImportedFill[] = []
  for (let row = 0; row < records.length - 1 && issues.length < MAX_ISSUES; row++) {
    const { line, cells } = records[row + 1]!
    const cell: Cell = (name) => cells[header.indexOf(name)] ?? ''
    try {
      const ts = parseDate(cell('date(utc)'))
      if (opts.now !== undefined && ts.getTime() > opts.now.getTime()) {
        throw new RowError('Date(UTC)', 'is in the future')
      }
      const r = layout === 'current' ? currentRow(cell, has, opts) : classicRow(cell, opts)
      const symbol = `${r.parts.base}/${r.parts.quote}`
      if (!splitSymbol(symbol)) throw new RowError('Pair', `"${symbol}" is not a spot symbol`)
      fills.push({
        ts,
        symbol,
        side: r.side,
        amount: r.amount,
        price: positive(cell('price'), 'Price'),
        fee: r.fee,
        feeCurrency: r.feeCurrency,
        tradeId: null,
      })
    } catch (err) {
      if (!(err instanceof RowError)) throw err
      issues.push({ row, line, field: err.field, message: err.message })
    }
  }
  if (issues.length > 0) throw new FillImportError(issues)
  return fills
}
