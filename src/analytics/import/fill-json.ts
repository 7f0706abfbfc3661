/**
 * @module Validation of a JSON fill import:
 * `[{ts, symbol, side, amount, price, fee, feeCurrency, tradeId?}]`.
 *
 * Decimals must be strings (a JSON number may already have lost digits); `ts` is an ISO 8601
 * string with an explicit zone or integer epoch milliseconds. Every bad row is reported with its
 * index and field, and nothing is returned unless every row is valid.
 */
import * as v from 'valibot'
import { dec, isDecimalString, toStr } from '../../lib/money.ts'
import { splitSymbol } from '../symbol.ts'
import { FillImportError, MAX_ISSUES, type FillImportIssue, type ImportedFill } from './types.ts'

const ISO_ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/

const decimalString = (min: 'positive' | 'non-negative') =>
  v.pipe(
    v.string('must be a decimal string (e.g. "0.015"), not a number'),
    v.trim(),
    v.check(
      (s: string) => isDecimalString(s),
      'must be a plain decimal with at most 18 integer and 18 fractional digits'
    ),
    v.check(
      (s: string) => !isDecimalString(s) || (min === 'positive' ? dec(s).gt(0) : dec(s).gte(0)),
      min === 'positive' ? 'must be greater than 0' : 'must not be negative'
    ),
    v.transform((s: string) => toStr(dec(s)))
  )

const timestamp = v.union(
  [
    v.pipe(
      v.string(),
      v.regex(ISO_ZONED),
      v.transform((s) => new Date(s))
    ),
    v.pipe(
      v.number(),
      v.safeInteger(),
      v.minValue(0),
      v.transform((n) => new Date(n))
    ),
  ],
  'must be an ISO 8601 timestamp with a zone (…Z or ±hh:mm) or integer epoch milliseconds'
)

const RowSchema = v.object({
  ts: v.pipe(
    timestamp,
    v.check((d) => !Number.isNaN(d.getTime()), 'is not a real date')
  ),
  symbol: v.pipe(
    v.string(),
    v.trim(),
    v.toUpperCase(),
    v.check((s) => splitSymbol(s) !== null, 'must be a spot symbol BASE/QUOTE, e.g. BTC/USDT')
  ),
  side: v.pipe(v.string(), v.toLowerCase(), v.picklist(['buy', 'sell'], 'must be buy or sell')),
  amount: decimalString('positive'),
  price: decimalString('positive'),
  fee: decimalString('non-negative'),
  feeCurrency: v.pipe(
    v.string(),
    v.trim(),
    v.toUpperCase(),
    v.regex(/^[A-Z0-9]{1,20}$/, 'must be an asset code such as USDT or BNB')
  ),
  tradeId: v.optional(
    v.nullable(
      v.union(
        [
          v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(128)),
          v.pipe(v.number(), v.safeInteger(), v.transform(String)),
        ],
        'must be a non-empty string of at most 128 characters, or an integer'
      )
    )
  ),
})

export interface JsonImportOptions {
  /** Refuse larger imports outright. */
  maxRows?: number
  /** When given, fills timestamped after it are refused. */
  now?: Date
}

function fieldOf(issue: v.BaseIssue<unknown>): string {
  const key = issue.path?.[0]?.key
  return typeof key === 'string' ? key : ''
}

/**
 * Validates and normalises a parsed JSON body.
 * @param [options.maxRows=100000]
 * @throws FillImportError naming each bad row index and field
 * @example const fills = parseFillsJson(await c.req.json(), { now: clock.now() })
 */
export function parseFillsJson(
  input: unknown,
  { maxRows = 100_000, now }: JsonImportOptions = {}
): ImportedFill[] {
  if (!Array.isArray(input)) {
    throw new FillImportError([{ row: null, field: '', message: 'must be a JSON array of fills' }])
  }
  if (input.length > maxRows) {
    throw new FillImportError([
      { row: null, field: '', message: `at most ${maxRows} fills per import` },
    ])
  }
  const issues: FillImportIssue[] = []
  const fills: ImportedFill[] = []
  for (let row = 0; row < input.length && issues.length < MAX_ISSUES; row++) {
    const r = v.safeParse(RowSchema, input[row])
    if (!r.success) {
      for (const issue of r.issues)
        issues.push({ row, field: fieldOf(issue), message: issue.message })
      continue
    }
    const o = r.output
    if (now !== undefined && o.ts.getTime() > now.getTime()) {
      issues.push({ row, field: 'ts', message: 'is in the future' })
      continue
    }
    fills.push({ ...o, side: o.side as 'buy' | 'sell', tradeId: o.tradeId ?? null })
  }
  if (issues.length > 0) throw new FillImportError(issues.slice(0, MAX_ISSUES))
  return fills
}
