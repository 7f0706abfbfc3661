/**
 * @module Importing trade history (`POST /v1/fills/import`): parsed fills → the `fills` table under
 * venue `imported`, atomically and de-duplicated, and → the analytics books in the same transaction.
 *
 * - **All or nothing.** Every row is validated before anything is written; a bad row is a 422 that
 *   names it (`<row>.<field>`), and the insert, the analytics update and the audit event share one
 *   transaction.
 * - **De-duplication.** Rows are keyed by `trade:<SYMBOL>:<tradeId>` when they carry an exchange
 *   trade id (exchange trade ids, Binance's included, are unique per market, not globally), else
 *   by the content hash of `withDedupKeys` (`hash:<sha256>`, which counts identical rows of one
 *   file apart). The key is stored in `fills.trade_id`, and the unique `(user_id, venue,
 *   trade_id)` index with `on conflict do nothing` skips what is already stored — a re-import
 *   stores nothing. A trade id repeated within one file with different content is a 422.
 * - **Rows.** `mode` `live` (real history), `order_id` and `bot_id` null, `cost` = price × amount,
 *   `fee_quote` valued like position-math (fee in quote as is, in base × price, zero → 0, a third
 *   currency → null), ids UUIDv7 of the fill time handed out sorted, so id order is time order.
 * - **Positions are not touched**, and `realized_pnl` is 0: positions and the daily loss limit
 *   describe what the platform traded; imported history only feeds analytics (FIFO over the
 *   `imported` book), which the store updates with exactly the rows inserted.
 * - Runs under the user's advisory lock (`lockUser`), like every writer of a user's fills.
 */
import { sql } from 'drizzle-orm'
import { bulkInsertSql } from '../../db/bulk-insert.ts'
import { rowsOf } from '../../db/execute.ts'
import type { Db, Tx } from '../../db/types.ts'
import type { AuditEvent } from '../../compliance/audit-log/audit-log.ts'
import type { Clock } from '../../lib/clock.ts'
import { uuidv7 } from '../../lib/ids.ts'
import { D, dec, toDb, ZERO, type Dec } from '../../lib/money.ts'
import { lockUser } from '../../trading/fill-recorder.ts'
import { fills } from '../../trading/trading.schema.ts'
import { splitSymbol } from '../symbol.ts'
import type { AnalyticsStore } from '../store/fill-listener.ts'
import { parseBinanceTradeCsv } from './binance-csv.ts'
import { withDedupKeys, type KeyedFill } from './content-hash.ts'
import { parseFillsJson } from './fill-json.ts'
import { FillImportError, MAX_ISSUES, type FillImportIssue } from './types.ts'

export const IMPORTED_VENUE = 'imported'
/** Rows per import (JSON array elements or CSV data rows). */
export const DEFAULT_MAX_ROWS = 50_000
/** Rows per INSERT statement (one text[] parameter per column): bounds the size of one statement. */
const CHUNK = 10_000
/** `numeric(36,18)` holds less than 10^18. */
const NUMERIC_LIMIT = new D('1e18')

/** What the import needs from the analytics store: fold newly stored fills in, in `tx`. */
export type ImportAnalytics = Pick<AnalyticsStore, 'applyFills'>

export type ImportSource =
  | { format: 'json'; body: unknown }
  | { format: 'binance-csv'; text: string }

export interface ImportRequest {
  userId: string
  requestId?: string | null
  ip?: string | null
  source: ImportSource
}

export interface ImportResult {
  /** Rows stored by this request. */
  imported: number
  /** Rows skipped because they were stored before (or repeat a row of this file). */
  duplicates: number
  venue: typeof IMPORTED_VENUE
  /** Earliest and latest fill time in the file (ISO 8601); null for an empty file. */
  from: string | null
  to: string | null
}

export interface FillImportService {
  /** @throws FillImportError (422) naming every bad row; nothing is stored then. */
  importFills(request: ImportRequest): Promise<ImportResult>
  readonly maxRows: number
}

export interface FillImportDeps {
  db: Db
  clock: Clock
  analytics: ImportAnalytics
  audit: { append(event: AuditEvent, tx?: Tx): Promise<unknown> }
  /** @default 50000 */
  maxRows?: number
}

/** The fee in quote, valued as position-math does (null: a third currency we cannot price). */
export function feeInQuote(f: {
  symbol: string
  fee: Dec
  feeCurrency: string
  price: Dec
}): Dec | null {
  const market = splitSymbol(f.symbol)
  if (market && f.feeCurrency === market.quote) return f.fee
  if (market && f.feeCurrency === market.base) return f.fee.times(f.price)
  return f.fee.isZero() ? ZERO : null
}

interface Row {
  id: string
  userId: string
  orderId: null
  botId: null
  mode: 'live'
  venue: string
  symbol: string
  side: 'buy' | 'sell'
  tradeId: string
  price: string
  amount: string
  cost: string
  fee: string
  feeCurrency: string
  feeQuote: string | null
  realizedPnl: string
  takerOrMaker: null
  ts: Date
}

const contentOf = (f: KeyedFill) =>
  JSON.stringify([f.ts.getTime(), f.symbol, f.side, f.amount, f.price, f.fee, f.feeCurrency])

/** Final keys; a trade id repeated with other content, or a cost too large to store, is an issue. */
function keysAndChecks(keyed: readonly KeyedFill[]): string[] {
  const issues: FillImportIssue[] = []
  const firstByKey = new Map<string, { row: number; content: string }>()
  const keys = keyed.map((f, row) => {
    const key = f.tradeId === null ? f.dedupKey : `trade:${f.symbol}:${f.tradeId}`
    const price = dec(f.price)
    if (price.times(dec(f.amount)).gte(NUMERIC_LIMIT)) {
      issues.push({ row, field: 'amount', message: 'price × amount is too large to store' })
    }
    const feeQuote = feeInQuote({ ...f, fee: dec(f.fee), price })
    if (feeQuote?.gte(NUMERIC_LIMIT)) {
      issues.push({ row, field: 'fee', message: 'the fee valued in quote is too large to store' })
    }
    const content = contentOf(f)
    const first = firstByKey.get(key)
    if (!first) firstByKey.set(key, { row, content })
    else if (first.content !== content) {
      issues.push({
        row,
        field: 'tradeId',
        message: `repeats the trade id of row ${first.row} with different content`,
      })
    }
    return key
  })
  if (issues.length > 0) throw new FillImportError(issues.slice(0, MAX_ISSUES))
  return keys
}

/**
 * @example
 * const fillImport = createFillImportService({ db, clock, analytics: store, audit: auditLog })
 * await fillImport.importFills({ userId, source: { format: 'json', body } })
 */
export function createFillImportService({
  db,
  clock,
  analytics,
  audit,
  maxRows = DEFAULT_MAX_ROWS,
}: FillImportDeps): FillImportService {
  function parse(source: ImportSource) {
    const opts = { maxRows, now: clock.now() }
    return source.format === 'json'
      ? parseFillsJson(source.body, opts)
      : parseBinanceTradeCsv(source.text, opts)
  }

  return {
    maxRows,
    async importFills({ userId, requestId, ip, source }) {
      const keyed = await withDedupKeys(parse(source))
      const keys = keysAndChecks(keyed)
      // Stable sort: rows of the same time keep their file order.
      const time = (i: number) => keyed[i]!.ts.getTime()
      const order = keyed.map((_, i) => i).sort((a, b) => time(a) - time(b))
      const ids = order.map((i) => uuidv7(keyed[i]!.ts.getTime())).sort()
      const rows: Row[] = order.map((i, n) => {
        const f = keyed[i]!
        const price = dec(f.price)
        const amount = dec(f.amount)
        const fee = dec(f.fee)
        const feeQuote = feeInQuote({ symbol: f.symbol, fee, feeCurrency: f.feeCurrency, price })
        return {
          id: ids[n]!,
          userId,
          orderId: null,
          botId: null,
          mode: 'live',
          venue: IMPORTED_VENUE,
          symbol: f.symbol,
          side: f.side,
          tradeId: keys[i]!,
          price: toDb(price),
          amount: toDb(amount),
          cost: toDb(price.times(amount)),
          fee: toDb(fee),
          feeCurrency: f.feeCurrency,
          feeQuote: feeQuote === null ? null : toDb(feeQuote),
          realizedPnl: '0',
          takerOrMaker: null,
          ts: f.ts,
        }
      })
      const from = rows[0]?.ts.toISOString() ?? null
      const to = rows.at(-1)?.ts.toISOString() ?? null

      const inserted = await db.transaction(async (tx) => {
        await lockUser(tx, userId)
        const stored = new Set<string>()
        for (let i = 0; i < rows.length; i += CHUNK) {
          const returned = await rowsOf<{ id: string }>(
            tx,
            bulkInsertSql(
              fills,
              rows.slice(i, i + CHUNK),
              sql`on conflict (user_id, venue, trade_id) do nothing returning id`
            )
          )
          for (const r of returned) stored.add(r.id)
        }
        const fresh = rows.filter((r) => stored.has(r.id))
        if (fresh.length > 0) {
          await analytics.applyFills(
            tx,
            fresh.map((r) => ({
              id: r.id,
              userId: r.userId,
              botId: null,
              mode: r.mode,
              venue: r.venue,
              symbol: r.symbol,
              side: r.side,
              price: dec(r.price),
              amount: dec(r.amount),
              fee: dec(r.fee),
              feeCurrency: r.feeCurrency,
              feeQuote: r.feeQuote === null ? null : dec(r.feeQuote),
              ts: r.ts,
            }))
          )
        }
        await audit.append(
          {
            actor: userId,
            action: 'fills.imported',
            subject: `user:${userId}`,
            requestId: requestId ?? null,
            ip: ip ?? null,
            details: {
              format: source.format,
              rows: rows.length,
              imported: fresh.length,
              duplicates: rows.length - fresh.length,
              from,
              to,
            },
          },
          tx
        )
        return fresh.length
      })
      const duplicates = rows.length - inserted
      return { imported: inserted, duplicates, venue: IMPORTED_VENUE, from, to }
    },
  }
}
