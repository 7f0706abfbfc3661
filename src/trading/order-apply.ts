/**
 * @module Folding what an exchange (or the paper engine) says about an order into its row, inside
 * a transaction holding the row lock: status moves only forward, fills go through the fill
 * recorder (de-duplicated by trade id), and the stored response is written once.
 */
import type { Tx } from '../db/types.ts'
import type { ExchangeOrder, ExchangeTrade } from '../exchanges/types.ts'
import { D, fromDb, sum, toDb, ZERO, type Dec } from '../lib/money.ts'
import type { FillRecorder, TradeToRecord } from './fill-recorder.ts'
import type { OrdersRepository } from './orders.repository.ts'
import { orderView, type OrderRow } from './order-view.ts'
import type { OrderStatus } from './trading.schema.ts'

const TERMINAL: ReadonlySet<OrderStatus> = new Set(['filled', 'cancelled', 'rejected'])

/** Rejections reconciliation made for lack of evidence; a later exchange answer overrides them. */
export const NOT_FOUND_REJECTION = 'not-found-on-exchange'

export function isTerminal(row: Pick<OrderRow, 'status' | 'rejectReason'>): boolean {
  return (
    TERMINAL.has(row.status) &&
    !(row.status === 'rejected' && row.rejectReason === NOT_FOUND_REJECTION)
  )
}

export function tradeToRecord(t: ExchangeTrade, fallbackTs: Date): TradeToRecord {
  return {
    tradeId: t.tradeId,
    price: t.price,
    amount: t.amount,
    fee: t.fee?.cost ?? ZERO,
    feeCurrency: t.fee?.currency ?? null,
    takerOrMaker: t.takerOrMaker,
    ts: t.timestamp ?? fallbackTs,
  }
}

/** The stored response of a first request: the order as it stood when the request finished. */
export function responseOf(row: OrderRow) {
  return { responseStatus: 201, responseBody: orderView(row) as unknown as Record<string, unknown> }
}

export interface ApplyDeps {
  repo: OrdersRepository
  recorder: FillRecorder
}

/**
 * Applies an exchange's view of the order. `trades` are the order's fills known so far (from the
 * create response or `orderTrades`); the row's `filled` is the larger of the exchange's figure and
 * the stored fills, and `fillsPending` stays set while the exchange reports more than is stored.
 */
export async function applyExchangeOrder(
  tx: Tx,
  deps: ApplyDeps,
  row: OrderRow,
  ex: ExchangeOrder,
  trades: readonly ExchangeTrade[],
  now: Date
): Promise<OrderRow> {
  await deps.recorder.record(
    tx,
    row,
    trades.map((t) => tradeToRecord(t, ex.timestamp ?? now))
  )
  const stored = await deps.repo.fillsOfOrder(tx, row.id)
  const storedFilled = sum(stored.map((f) => fromDb(f.amount)!))
  const storedCost = sum(stored.map((f) => fromDb(f.cost)!))
  const exFilled = ex.filled ?? ZERO
  const filled = D.max(exFilled, storedFilled, fromDb(row.filled) ?? ZERO)

  let status: OrderStatus = row.status
  if (!isTerminal(row)) {
    status = ex.status ?? 'open'
    if (status === 'open' && filled.gt(0)) status = 'partially_filled'
  }
  const average: Dec | null =
    ex.average ?? (storedFilled.gt(0) ? storedCost.div(storedFilled) : null)
  return deps.repo.update(tx, row.id, {
    status,
    exchangeOrderId: ex.exchangeOrderId,
    filled: toDb(filled),
    averagePrice: average === null ? row.averagePrice : toDb(average),
    rejectReason:
      status === 'rejected'
        ? row.rejectReason === NOT_FOUND_REJECTION
          ? 'rejected-by-exchange'
          : (row.rejectReason ?? 'rejected-by-exchange')
        : null,
    fillsPending: exFilled.gt(storedFilled),
    submittedAt: row.submittedAt ?? now,
    updatedAt: now,
  })
}

/** Writes the stored response once, from the row as it is now. */
export async function storeResponseIfMissing(
  tx: Tx,
  repo: OrdersRepository,
  row: OrderRow
): Promise<OrderRow> {
  if (row.responseBody !== null) return row
  return repo.update(tx, row.id, responseOf(row))
}
