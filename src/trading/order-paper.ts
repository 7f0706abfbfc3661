/**
 * @module Paper execution: fills from the pure paper engine (`paper-fill.ts`) against the venue's
 * current book, stored through the same fill recorder as live fills. No order-placing call is
 * ever made. A market order's unfilled rest (book too thin) is cancelled; a limit order's rest
 * keeps resting and reconciliation continues it against later books as a maker.
 */
import type { Tx } from '../db/types.ts'
import type { OrderBook } from '../exchanges/types.ts'
import { uuidv7 } from '../lib/ids.ts'
import { D, fromDb, toDb, ZERO, type Dec } from '../lib/money.ts'
import type { ApplyDeps } from './order-apply.ts'
import type { OrderRow } from './order-view.ts'
import { fillPaperOrder, type PaperFillResult } from './paper-fill.ts'
import type { OrderStatus } from './trading.schema.ts'

export function paperFill(
  o: { side: 'buy' | 'sell'; type: 'market' | 'limit'; amount: Dec; price: Dec | null },
  book: OrderBook,
  feeRate: Dec | null
): PaperFillResult {
  return fillPaperOrder({
    order: { side: o.side, type: o.type, amount: o.amount, ...(o.price && { price: o.price }) },
    market: { book: { bids: book.bids, asks: book.asks } },
    feeRate: feeRate ?? ZERO,
  })
}

/** Stores a paper result on an order (new or resting) and moves its status. */
export async function applyPaperResult(
  tx: Tx,
  deps: ApplyDeps,
  row: OrderRow,
  result: PaperFillResult,
  now: Date,
  liquidity: 'taker' | 'maker'
): Promise<OrderRow> {
  const quote = row.symbol.split('/')[1] ?? null
  await deps.recorder.record(
    tx,
    row,
    result.fills.map((f) => ({
      tradeId: `paper-${uuidv7(now.getTime())}`,
      price: f.price,
      amount: f.amount,
      fee: f.fee.toDecimalPlaces(18, D.ROUND_HALF_UP),
      feeCurrency: quote,
      takerOrMaker: liquidity,
      ts: now,
    })),
    { fresh: true }
  )
  const before = fromDb(row.filled) ?? ZERO
  const beforeCost = before.times(fromDb(row.averagePrice) ?? ZERO)
  const filled = before.plus(result.filled)
  const cost = beforeCost.plus(result.cost)
  const amount = fromDb(row.amount)!
  let status: OrderStatus
  if (filled.gte(amount)) status = 'filled'
  else if (row.type === 'market') status = 'cancelled'
  else status = filled.gt(0) ? 'partially_filled' : 'open'
  return deps.repo.update(tx, row.id, {
    status,
    filled: toDb(filled),
    averagePrice: filled.gt(0) ? toDb(cost.div(filled)) : null,
    submittedAt: row.submittedAt ?? now,
    rejectReason: status === 'cancelled' ? 'insufficient-book-liquidity' : null,
    updatedAt: now,
  })
}
