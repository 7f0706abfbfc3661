/**
 * @module Tables the analytics engine keeps up to date from fills, in the fills' own transaction
 * (see store/fill-listener.ts): FIFO books (open lots per book), one trade row per sell fill, and
 * one rollup row per book and UTC day. `/v1/analytics/*` reads these; nothing here is the source
 * of truth — `npm run analytics:rebuild` recomputes all of it from the fills table.
 *
 * A book is one FIFO ledger: (user, mode, venue, bot, symbol). A bot's sells close its own buys,
 * manual trading on a venue has its own book, and imported history sits in venue `imported`.
 */
import { sql } from 'drizzle-orm'
import {
  bigint,
  check,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'
import { users } from '../auth/auth.schema.ts'
import { id, money, timestamptz } from '../db/columns.ts'
import { fills, TRADING_MODES } from '../trading/trading.schema.ts'

const owner = () =>
  uuid()
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' })

export const analyticsBooks = pgTable(
  'analytics_books',
  {
    id: id(),
    userId: owner(),
    mode: text({ enum: TRADING_MODES }).notNull(),
    venue: text().notNull(),
    botId: uuid(),
    symbol: text().notNull(),
    /**
     * The last fill applied, in (ts, id) order, the order a rebuild replays: a fill before it (an
     * older one, or one of the same millisecond with a smaller id) makes the book rebuild.
     */
    lastTs: timestamptz(),
    lastFillId: uuid(),
    updatedAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [unique('analytics_books_key').on(t.userId, t.mode, t.venue, t.botId, t.symbol).nullsNotDistinct()]
)

/**
 * A book's open lots, one row each, oldest first by `id`: a buy appends a row and a sell reads,
 * shrinks and deletes rows from the head, so storing a fill costs what it touches, not the size
 * of the book (a DCA bot's book only grows).
 */
export const analyticsLots = pgTable(
  'analytics_lots',
  {
    /** FIFO order within the book. */
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    bookId: uuid()
      .notNull()
      .references(() => analyticsBooks.id, { onDelete: 'cascade' }),
    /** The buy fill that opened the lot. */
    fillId: uuid().notNull(),
    ts: timestamptz().notNull(),
    // Unconstrained numeric: the exact values the engine holds (a base fee valued in quote can
    // carry more than 18 decimals).
    price: numeric().notNull(),
    amount: numeric().notNull(),
    remaining: numeric().notNull(),
    /** The lot's quote-valued fee (split pro rata as it is sold). */
    fee: numeric().notNull(),
    /** A fee in a third currency the recorder could not price. */
    unpricedCurrency: text(),
    unpricedAmount: numeric(),
  },
  (t) => [index().on(t.bookId, t.id)]
)

/** One row per sell fill that closed at least part of a lot (definitions: ../DEFINITIONS.md). */
export const analyticsTrades = pgTable(
  'analytics_trades',
  {
    /** The sell fill's id. */
    id: uuid()
      .primaryKey()
      .references(() => fills.id, { onDelete: 'cascade' }),
    bookId: uuid()
      .notNull()
      .references(() => analyticsBooks.id, { onDelete: 'cascade' }),
    userId: owner(),
    mode: text({ enum: TRADING_MODES }).notNull(),
    venue: text().notNull(),
    botId: uuid(),
    symbol: text().notNull(),
    ts: timestamptz().notNull(),
    amount: money().notNull(),
    price: money().notNull(),
    matchedAmount: money().notNull(),
    unmatchedAmount: money().notNull(),
    costBasis: money().notNull(),
    grossPnl: money().notNull(),
    fees: money().notNull(),
    pnl: money().notNull(),
  },
  (t) => [index().on(t.userId, t.ts), index().on(t.botId, t.ts), index().on(t.bookId, t.ts)]
)

/** A book's fills and trades of one UTC day, summed (rollup.ts `DailyRollup`). */
export const analyticsDaily = pgTable(
  'analytics_daily',
  {
    bookId: uuid()
      .notNull()
      .references(() => analyticsBooks.id, { onDelete: 'cascade' }),
    /** UTC day, YYYY-MM-DD. */
    day: text().notNull(),
    userId: owner(),
    mode: text({ enum: TRADING_MODES }).notNull(),
    venue: text().notNull(),
    botId: uuid(),
    symbol: text().notNull(),
    fillCount: integer().notNull(),
    // Sums are unconstrained numeric: squares of 18-decimal PnL need 36 decimals to stay exact.
    volume: numeric().notNull(),
    firstTs: timestamptz(),
    lastTs: timestamptz(),
    tradeCount: integer().notNull(),
    wins: integer().notNull(),
    losses: integer().notNull(),
    sumPnl: numeric().notNull(),
    sumWins: numeric().notNull(),
    sumLosses: numeric().notNull(),
    sumPnlSq: numeric().notNull(),
    best: numeric(),
    worst: numeric(),
  },
  (t) => [
    primaryKey({ columns: [t.bookId, t.day] }),
    index().on(t.userId, t.day),
    index().on(t.botId, t.day),
    check('analytics_daily_day_check', sql`${t.day} ~ '^\\d{4}-\\d{2}-\\d{2}$'`),
  ]
)
