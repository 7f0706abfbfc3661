/**
 * @module A bot's diagnosis from its trades (the persisted `analytics_trades` rows, FIFO per book),
 * its own fills and its orders, through `diagnoseBot` (definitions in src/analytics). Its
 * performance is the analytics performance query filtered by the bot (analytics.service.ts).
 */
import { diagnoseBot } from '../analytics/bot-analysis.ts'
import type { TradeRow } from '../analytics/analytics.queries.ts'
import type { FillRow, OrderRow } from '../trading/order-view.ts'

export function botDiagnosis(input: {
  trades: readonly TradeRow[]
  fills: readonly FillRow[]
  orders: readonly Pick<OrderRow, 'id' | 'createdAt' | 'status' | 'referencePrice'>[]
  dailyLossLimit: string | null
  now: Date
  running: boolean
  runningSince: Date | null
}) {
  const reference = new Map(input.orders.map((o) => [o.id, o.referencePrice]))
  return diagnoseBot({
    trades: input.trades.map((t) => ({
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
