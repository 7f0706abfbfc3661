/**
 * @module The real `ProviderPerformanceSource`: the provider's fills from the trading `fills`
 * table, replayed FIFO per (mode, venue) by the analytics engine and summarised by
 * `computePerformance`. Imported history (venue `imported`) is left out: anyone can upload a
 * file, so it proves nothing to a subscriber.
 */
import { sql } from 'drizzle-orm'
import { replayFills, type FillInput, type Trade } from '../analytics/fifo.ts'
import { computePerformance } from '../analytics/performance.ts'
import { rowsOf } from '../db/execute.ts'
import type { Queryable } from '../db/types.ts'
import type { ProviderPerformance, ProviderPerformanceSource } from './performance-source.ts'

interface FillRow extends Record<string, unknown> {
  id: string
  mode: 'live' | 'paper'
  venue: string
  symbol: string
  side: 'buy' | 'sell'
  price: string
  amount: string
  fee: string
  fee_currency: string | null
  fee_quote: string | null
  ts_ms: number | string
}

export function createFillsPerformance(db: Queryable): ProviderPerformanceSource {
  return {
    async performanceOf(userId): Promise<ProviderPerformance> {
      // Epoch milliseconds read the same from both drivers (raw timestamptz does not).
      const rows = await rowsOf<FillRow>(
        db,
        sql`select id, mode, venue, symbol, side, price::text, amount::text, fee::text, fee_currency,
                   fee_quote::text, (extract(epoch from ts) * 1000)::float8 as ts_ms
            from fills where user_id = ${userId} and venue <> 'imported'
            order by ts, id`
      )
      return { live: summarise(rows, 'live'), paper: summarise(rows, 'paper') }
    },
  }
}

function summarise(all: FillRow[], mode: 'live' | 'paper') {
  const rows = all.filter((r) => r.mode === mode)
  if (rows.length === 0) return null
  const byVenue = new Map<string, FillInput[]>()
  const fills = rows.map((r) => {
    const fill: FillInput = {
      id: r.id,
      ts: new Date(Number(r.ts_ms)),
      symbol: r.symbol,
      side: r.side,
      amount: r.amount,
      price: r.price,
      fee: r.fee,
      // An unnamed fee currency is left unpriced unless trading valued it (fee_quote).
      feeCurrency: r.fee_currency ?? 'UNKNOWN',
      feeQuote: r.fee_quote,
    }
    const list = byVenue.get(r.venue) ?? []
    list.push(fill)
    byVenue.set(r.venue, list)
    return fill
  })
  // One lot book per venue: a position bought on one exchange cannot be sold on another.
  const trades: Trade[] = []
  for (const venueFills of byVenue.values()) trades.push(...replayFills(venueFills).trades)
  trades.sort((a, b) => a.ts.getTime() - b.ts.getTime())
  return computePerformance({ trades, fills })
}
