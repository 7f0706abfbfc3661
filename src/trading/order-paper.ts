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
import type { PositionSnapshot } from './fill-recorder.ts'
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

type PaperRowFields = Pick<
  OrderRow,
  | 'id'
  | 'userId'
  | 'botId'
  | 'mode'
  | 'venue'
  | 'symbol'
  | 'side'
  | 'type'
  | 'amount'
  | 'filled'
  | 'averagePrice'
>

/** The order's fields after a paper result (pure): status, filled, average price. */
export function paperOutcome(row: PaperRowFields, result: PaperFillResult) {
  const before = fromDb(row.filled) ?? ZERO
  const filled = before.plus(result.filled)
  const cost = before.times(fromDb(row.averagePrice) ?? ZERO).plus(result.cost)
  let status: OrderStatus
  if (filled.gte(fromDb(row.amount)!)) status = 'filled'
  else if (row.type === 'market') status = 'cancelled'
  else status = filled.gt(0) ? 'partially_filled' : 'open'
  return {
    status,
    filled: toDb(filled),
    averagePrice: filled.gt(0) ? toDb(cost.div(filled)) : null,
    rejectReason: status === 'cancelled' ? 'insufficient-book-liquidity' : null,
  }
}

/** Stores the fills of a paper result (through the fill recorder). */
export async function recordPaperFills(
  tx: Tx,
  recorder: ApplyDeps['recorder'],
  row: PaperRowFields,
  result: PaperFillResult,
  now: Date,
  liquidity: 'taker' | 'maker',
  position?: PositionSnapshot
) {
  const quote = row.symbol.split('/')[1] ?? null
  await recorder.record(
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
    { fresh: true, position }
  )
}

/** Continues a resting paper order with a new result (reconciliation). */
export async function applyPaperResult(
  tx: Tx,
  deps: ApplyDeps,
  row: OrderRow,
  result: PaperFillResult,
  now: Date,
  liquidity: 'taker' | 'maker'
): Promise<OrderRow> {
  await recordPaperFills(tx, deps.recorder, row, result, now, liquidity)
  return deps.repo.update(tx, row.id, {
    ...paperOutcome(row, result),
    submittedAt: row.submittedAt ?? now,
    updatedAt: now,
  })
}
