/**
 * @module Tables of the trading core: orders (with their idempotency record), fills, positions,
 * risk limits, kill switches and risk events. Paper and live records sit in the same tables and are
 * kept apart by `mode` everywhere (positions are keyed by it).
 */
import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { users } from '../auth/auth.schema.ts'
import { id, money, timestamps, timestamptz } from '../db/columns.ts'

/** Orders, fills and positions are kept: a user who has any cannot be deleted (disable them instead). */
const userRef = () => uuid().references(() => users.id)
const ownedBy = () => uuid().references(() => users.id, { onDelete: 'cascade' })

export const ORDER_STATUSES = [
  'pending_submit',
  'open',
  'partially_filled',
  'filled',
  'cancelled',
  'rejected',
  'unknown',
] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]
export const TRADING_MODES = ['paper', 'live'] as const
export type TradingMode = (typeof TRADING_MODES)[number]

export const orders = pgTable(
  'orders',
  {
    id: id(),
    userId: userRef().notNull(),
    mode: text({ enum: TRADING_MODES }).notNull(),
    venue: text().notNull(),
    symbol: text().notNull(),
    side: text({ enum: ['buy', 'sell'] }).notNull(),
    type: text({ enum: ['market', 'limit'] }).notNull(),
    /** Base amount after `amountToPrecision` (what is, or would be, sent). */
    amount: money().notNull(),
    /** The amount the client asked for, before truncation to the market step. */
    requestedAmount: money().notNull(),
    /** Limit price after `priceToPrecision`; null for market orders. */
    price: money(),
    /** Price the pre-trade checks used: the limit, or the best opposite quote at submission. */
    referencePrice: money(),
    status: text({ enum: ORDER_STATUSES }).notNull(),
    /** Ours, derived from the id and committed before any exchange call. */
    clientOrderId: text().notNull(),
    /** Null once released: the order was certainly not placed, so the key may be used again. */
    idempotencyKey: text(),
    /** SHA-256 of the canonical request: the same key with another body is refused. */
    requestHash: text().notNull(),
    /** The first response, replayed verbatim for the same key (`json` keeps its key order). */
    responseStatus: integer(),
    responseBody: json(),
    exchangeOrderId: text(),
    filled: money().notNull().default('0'),
    averagePrice: money(),
    botId: uuid(),
    rejectReason: text(),
    /** What reconciliation saw (exchange status, not-found tries, last error class). */
    evidence: jsonb(),
    reconcileAttempts: integer().notNull().default(0),
    notFoundCount: integer().notNull().default(0),
    reconcileAfter: timestamptz(),
    reconcileLeaseUntil: timestamptz(),
    lastReconciledAt: timestamptz(),
    /** The exchange reports more filled than the fills stored: reconciliation imports the rest. */
    fillsPending: boolean().notNull().default(false),
    cancelRequestedAt: timestamptz(),
    submittedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    check(
      'orders_status_check',
      sql`${t.status} in ('pending_submit', 'open', 'partially_filled', 'filled', 'cancelled', 'rejected', 'unknown')`
    ),
    check('orders_amount_check', sql`${t.amount} > 0 and ${t.filled} >= 0`),
    uniqueIndex().on(t.userId, t.idempotencyKey),
    uniqueIndex().on(t.clientOrderId),
    index().on(t.userId, t.id),
    index().on(t.botId, t.id),
    // Pre-trade checks count a user's open orders on every order: only active rows are indexed.
    index('orders_user_active_idx')
      .on(t.userId, t.mode, t.venue, t.symbol)
      .where(sql`status in ('pending_submit', 'unknown', 'open', 'partially_filled')`),
    index('orders_reconcile_idx')
      .on(t.reconcileAfter)
      .where(
        sql`status in ('pending_submit', 'unknown', 'open', 'partially_filled') or fills_pending`
      ),
  ]
)

export const fills = pgTable(
  'fills',
  {
    id: id(),
    userId: userRef().notNull(),
    /** References orders(id), DEFERRABLE INITIALLY DEFERRED (drizzle/0004_fills_order_fk.sql): the
     * order path sends an order and its fills together and the reference is checked at commit.
     * Null only for history imported from elsewhere (venue `imported`, POST /v1/fills/import). */
    orderId: uuid(),
    botId: uuid(),
    mode: text({ enum: TRADING_MODES }).notNull(),
    venue: text().notNull(),
    symbol: text().notNull(),
    side: text({ enum: ['buy', 'sell'] }).notNull(),
    /** The exchange's trade id (`paper-…` for paper fills): the de-duplication key. */
    tradeId: text().notNull(),
    price: money().notNull(),
    amount: money().notNull(),
    cost: money().notNull(),
    fee: money().notNull(),
    feeCurrency: text(),
    /** The fee valued in quote currency; null when it is in a third currency we cannot price. */
    feeQuote: money(),
    /** Realized PnL of this fill against the position's average cost, in quote (sells; buys 0). */
    realizedPnl: money().notNull(),
    takerOrMaker: text(),
    ts: timestamptz().notNull(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    check('fills_amount_check', sql`${t.amount} > 0 and ${t.price} > 0 and ${t.fee} >= 0`),
    check('fills_order_check', sql`${t.orderId} is not null or ${t.venue} = 'imported'`),
    uniqueIndex().on(t.userId, t.venue, t.tradeId),
    index().on(t.userId, t.id),
    index().on(t.orderId),
    index().on(t.botId, t.ts),
    // The latest recorded price of a market (analytics' unrealized PnL).
    index().on(t.venue, t.symbol, t.ts),
  ]
)

export const positions = pgTable(
  'positions',
  {
    userId: userRef().notNull(),
    mode: text({ enum: TRADING_MODES }).notNull(),
    venue: text().notNull(),
    symbol: text().notNull(),
    /** Base quantity held. */
    amount: money().notNull(),
    /** Average cost per base unit in quote, fees on buys included; 0 when flat. */
    averagePrice: money().notNull(),
    realizedPnl: money().notNull(),
    /** Realized PnL of fills dated `realizedDay` (UTC), for the daily loss limit in O(1). */
    realizedDayPnl: money().notNull().default('0'),
    realizedDay: text(),
    updatedAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.mode, t.venue, t.symbol] })]
)

/** Per-user limits, in the quote currency of each order's market; null = no limit. */
export const riskLimits = pgTable('risk_limits', {
  userId: ownedBy().primaryKey(),
  maxOrderNotional: money(),
  maxPositionNotional: money(),
  maxDailyLoss: money(),
  maxOpenOrders: integer(),
  updatedBy: uuid(),
  ...timestamps,
})

/** `id` is `global` or `user:<uuid>`. */
export const killSwitches = pgTable('kill_switches', {
  id: text().primaryKey(),
  userId: ownedBy(),
  active: boolean().notNull(),
  cancelOpenOrders: boolean().notNull().default(false),
  reason: text(),
  changedBy: uuid(),
  changedAt: timestamptz().notNull().defaultNow(),
})

export const riskEvents = pgTable(
  'risk_events',
  {
    id: id(),
    /** Null for platform-wide events (the global kill switch). */
    userId: userRef(),
    type: text().notNull(),
    actor: uuid(),
    details: jsonb().notNull(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [index().on(t.userId, t.id)]
)
