/**
 * @module A bot's performance and diagnosis from its own fills and orders, through the analytics
 * engine (FIFO trades, `computePerformance`, `diagnoseBot`; definitions in src/analytics).
 */
import { diagnoseBot } from '../analytics/bot-analysis.ts'
import { replayFills } from '../analytics/fifo.ts'
import type { FillInput } from '../analytics/fifo-types.ts'
import { computePerformance } from '../analytics/performance.ts'
import type { FillRow, OrderRow } from '../trading/order-view.ts'

function fifoInputs(rows: readonly FillRow[]): FillInput[] {
  return rows.map((f) => ({
    id: f.id,
    ts: f.ts,
    symbol: f.symbol,
    side: f.side,
    amount: f.amount,
    price: f.price,
    fee: f.fee,
    feeCurrency: f.feeCurrency ?? '',
    feeQuote: f.feeQuote,
  }))
}

export function botPerformance(rows: readonly FillRow[]) {
  const { trades } = replayFills(fifoInputs(rows))
  return computePerformance({
    trades,
    fills: rows.map((f) => ({ ts: f.ts, amount: f.amount, price: f.price })),
  })
}

export function botDiagnosis(input: {
  fills: readonly FillRow[]
  orders: readonly Pick<OrderRow, 'id' | 'createdAt' | 'status' | 'referencePrice'>[]
  dailyLossLimit: string | null
  now: Date
  running: boolean
  runningSince: Date | null
}) {
  const { trades } = replayFills(fifoInputs(input.fills))
  const reference = new Map(input.orders.map((o) => [o.id, o.referencePrice]))
  return diagnoseBot({
    trades: trades.map((t) => ({
      ts: t.ts,
      symbol: t.symbol,
      pnl: t.pnl,
      grossPnl: t.grossPnl,
      fees: t.fees,
    })),
    fills: input.fills.map((f) => ({
      ts: f.ts,
      symbol: f.symbol,
      side: f.side,
      amount: f.amount,
      price: f.price,
      orderId: f.orderId,
      referencePrice: (f.orderId && reference.get(f.orderId)) ?? null,
    })),
    orders: input.orders.map((o) => ({
      id: o.id,
      ts: o.createdAt,
      status: o.status,
      referencePrice: o.referencePrice,
    })),
    riskLimits: { dailyLossLimit: input.dailyLossLimit },
    now: input.now,
    running: input.running,
    runningSince: input.runningSince,
  })
}
