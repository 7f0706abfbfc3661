/**
 * @module Query parameters of `/v1/analytics/*` and `/v1/bots/:id/performance`: valibot schemas
 * (they validate and document the query) and `resolveRange`, which turns `from`/`to` into a
 * half-open millisecond range [fromMs, toMs) and refuses `from` after `to`.
 *
 * `from`/`to` are `YYYY-MM-DD` (a whole UTC day: `from` its start, `to` its end) or ISO-8601
 * timestamps (`2024-05-01T12:30:00Z`, `…+02:00`; no offset means UTC). Both bounds are inclusive.
 */
import * as v from 'valibot'
import { PageQueryEntries } from '../http/pagination.ts'
import { isUuid } from '../lib/ids.ts'
import { dec, isDecimalString } from '../lib/money.ts'
import { problems, type FieldError } from '../lib/problem.ts'
import { SYMBOL_RE } from '../trading/order-request.ts'
import { TRADING_MODES, type TradingMode } from '../trading/trading.schema.ts'
import { VENUE_IDS } from '../trading/venues.ts'

export const DAY_MS = 86_400_000
export const ANALYTICS_VENUES = [...VENUE_IDS, 'imported'] as const
export const MAX_WINDOW = 1000

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/
// A '+' in an unencoded query string arrives as a space: accept it as the offset sign.
const TS_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+\- ]\d{2}:?\d{2})?$/i

function utc(y: number, m: number, d: number): number | null {
  if (m < 1 || m > 12 || d < 1) return null
  const ms = Date.UTC(y, m - 1, d)
  // Date.UTC rolls 2024-02-30 over into March: refuse days the month does not have.
  return new Date(ms).getUTCDate() === d && y >= 1 ? ms : null
}

/**
 * A bound as epoch milliseconds: `from` is inclusive, `to` is returned exclusive (a day's end, or
 * the timestamp's next millisecond). Null when unparsable.
 */
export function parseBound(s: string, kind: 'from' | 'to'): number | null {
  const day = DAY_RE.exec(s)
  if (day) {
    const ms = utc(Number(day[1]), Number(day[2]), Number(day[3]))
    return ms === null ? null : kind === 'from' ? ms : ms + DAY_MS
  }
  const m = TS_RE.exec(s)
  if (!m) return null
  const base = utc(Number(m[1]), Number(m[2]), Number(m[3]))
  const [h, min, sec] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)]
  if (base === null || h > 23 || min > 59 || sec > 59) return null
  let offset = 0
  const zone = m[8]
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '')
    const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2))]
    if (oh > 23 || om > 59) return null
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000
  }
  const frac = (m[7] ?? '').padEnd(9, '0')
  let ms = base + ((h * 60 + min) * 60 + sec) * 1000 + Number(frac.slice(0, 3)) - offset
  // Stored times have millisecond precision: round the range inwards.
  const subMs = Number(frac.slice(3)) > 0
  if (kind === 'from') return subMs ? ms + 1 : ms
  ms += 1 // inclusive `to` → exclusive bound
  return ms
}

const bound = (kind: 'from' | 'to') =>
  v.optional(
    v.pipe(
      v.string(),
      v.check(
        (s) => parseBound(s, kind) !== null,
        'must be a UTC day YYYY-MM-DD or an ISO-8601 timestamp such as 2024-05-01T12:00:00Z'
      )
    )
  )

const decimalPositive = v.pipe(
  v.string(),
  v.check((s: string) => isDecimalString(s), 'must be a decimal string such as "10000" (at most 18 decimals)'),
  v.check((s) => !isDecimalString(s) || dec(s).gt(0), 'must be greater than 0')
)

/** Book filters without a time range (summary). */
export const BookFilterEntries = {
  botId: v.optional(v.pipe(v.string(), v.check((s: string) => isUuid(s), 'must be a UUID'))),
  symbol: v.optional(v.pipe(v.string(), v.regex(SYMBOL_RE, 'must be a spot symbol such as "BTC/USDT"'))),
  mode: v.optional(v.picklist(TRADING_MODES, `must be one of ${TRADING_MODES.join(', ')}`)),
  venue: v.optional(
    v.picklist(ANALYTICS_VENUES, `must be one of ${ANALYTICS_VENUES.join(', ')}`)
  ),
}

const TimeEntries = { from: bound('from'), to: bound('to') }
const RangeEntries = { ...TimeEntries, startingCapital: v.optional(decimalPositive) }

export const SummaryQuery = v.object(BookFilterEntries)
/** performance, equity-curve, drawdown. */
export const AnalyticsQuery = v.object({ ...BookFilterEntries, ...RangeEntries })
/** pnl (no equity, so no starting capital). */
export const PnlQuery = v.object({ ...BookFilterEntries, ...TimeEntries })
/** `/v1/bots/:id/performance`: the bot is the filter. */
export const BotPerformanceQuery = v.object(RangeEntries)
/** Points per `/win-rate` page (a series over every trade in range can be very long). */
export const MAX_WIN_RATE_POINTS = 1000

/** An optional whole-number query parameter from 1 to `max` (at most 4 digits). */
const wholeNumber = (max: number, dflt: number) => {
  const message = `must be a whole number from 1 to ${max}`
  return v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,4}$/, message),
      v.transform(Number),
      v.minValue(1, message),
      v.maxValue(max, message)
    ),
    String(dflt)
  )
}

export const WinRateQuery = v.object({
  ...BookFilterEntries,
  ...TimeEntries,
  window: wholeNumber(MAX_WINDOW, 20),
  limit: wholeNumber(MAX_WIN_RATE_POINTS, MAX_WIN_RATE_POINTS),
  cursor: PageQueryEntries.cursor,
})

export interface BookFilters {
  userId: string
  botId?: string
  symbol?: string
  mode?: TradingMode
  venue?: string
  /** Internal (no query parameter): leave one venue out, e.g. `imported` for listing performance. */
  excludeVenue?: string
}

/** [fromMs, toMs): either end open when not given. */
export interface TimeRange {
  fromMs: number | null
  toMs: number | null
}

/** Parses `from`/`to` (already checked by the schema); 422 naming both when `from` is after `to`. */
export function resolveRange(q: { from?: string; to?: string }): TimeRange {
  const fromMs = q.from === undefined ? null : parseBound(q.from, 'from')
  const toMs = q.to === undefined ? null : parseBound(q.to, 'to')
  if (fromMs !== null && toMs !== null && fromMs >= toMs) {
    const errors: FieldError[] = [
      { path: 'from', message: 'must not be after `to`' },
      { path: 'to', message: 'must not be before `from`' },
    ]
    throw problems.validation(errors)
  }
  return { fromMs, toMs }
}
