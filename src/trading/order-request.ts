/**
 * @module The order request: its valibot schema (which also documents it in OpenAPI), the
 * `Idempotency-Key` header rule, and the canonical request hash stored beside the key.
 */
import * as v from 'valibot'
import { sha256Hex } from '../lib/crypto.ts'
import { dec, INTEGER_DIGITS, SCALE, toStr } from '../lib/money.ts'
import { TRADING_MODES } from './trading.schema.ts'
import { VENUE_IDS } from './venues.ts'
import type { OrderRequest } from './trading.types.ts'

const PLAIN_DECIMAL_RE = /^(?:0|[1-9]\d*)(?:\.\d+)?$/

/** Why `s` is not a positive decimal that fits numeric(36,18), or null when it is. */
function decimalProblem(s: string): string | null {
  if (!PLAIN_DECIMAL_RE.test(s))
    return 'must be a plain positive decimal string such as "0.015" (no sign or exponent)'
  const [int = '', frac = ''] = s.split('.')
  if (frac.length > SCALE) return `must have at most ${SCALE} decimal places`
  if (int.length > INTEGER_DIGITS)
    return `must have at most ${INTEGER_DIGITS} digits before the point`
  if (!dec(s).gt(0)) return 'must be greater than 0'
  return null
}

/** A positive decimal string that fits numeric(36,18): no sign, exponent, NaN or number type. */
export const PositiveDecimal = v.pipe(
  v.string('must be a decimal string such as "0.015"'),
  v.rawCheck(({ dataset, addIssue }) => {
    const problem = dataset.typed ? decimalProblem(dataset.value) : null
    if (problem) addIssue({ message: problem })
  })
)

export const SYMBOL_RE = /^[A-Z0-9]{1,20}\/[A-Z0-9]{1,20}$/

export const OrderBody = v.pipe(
  v.strictObject({
    exchange: v.picklist(VENUE_IDS, `must be one of ${VENUE_IDS.join(', ')}`),
    symbol: v.pipe(v.string(), v.regex(SYMBOL_RE, 'must be a spot symbol such as "BTC/USDT"')),
    side: v.picklist(['buy', 'sell'], 'must be buy or sell'),
    type: v.picklist(['market', 'limit'], 'must be market or limit'),
    amount: PositiveDecimal,
    price: v.optional(PositiveDecimal),
    mode: v.optional(v.picklist(TRADING_MODES, 'must be paper or live')),
  }),
  v.forward(
    v.check((o) => o.type !== 'limit' || o.price !== undefined, 'is required for a limit order'),
    ['price']
  ),
  v.forward(
    v.check(
      (o) => o.type !== 'market' || o.price === undefined,
      'must be left out for a market order'
    ),
    ['price']
  )
)

/** `Idempotency-Key`: 1–128 visible ASCII characters (UUIDs, ULIDs, `bot:<id>:<tick>`…). */
export const IDEMPOTENCY_KEY_RE = /^[\x21-\x7e]{1,128}$/

/** SHA-256 over the normalised request: "1.50" and "1.5" are the same request. */
export async function requestHash(r: OrderRequest, effectiveMode: string): Promise<string> {
  const canonical = [
    r.exchange,
    r.symbol,
    r.side,
    r.type,
    toStr(dec(r.amount)),
    r.price === undefined ? '' : toStr(dec(r.price)),
    effectiveMode,
  ].join('\n')
  return sha256Hex(canonical)
}
