/**
 * @module Tables behind the pre-trade check: USD marks recorded from venue tickers, and the USD
 * value each checked order had, which later checks read as the user's order history.
 */
import { boolean, index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { users } from '../auth/auth.schema.ts'
import { id, money, timestamptz } from '../db/columns.ts'

/** The USD price of one unit of `currency` as seen on `venue` (`symbol`'s ticker). */
export const usdPriceMarks = pgTable(
  'usd_price_marks',
  {
    id: id(),
    currency: text().notNull(),
    usdPrice: money().notNull(),
    venue: text().notNull(),
    symbol: text().notNull(),
    /** True for the synthetic `sim` venue (development only). */
    synthetic: boolean().notNull(),
    /** The ticker's time (or the recording time when the venue gave none). */
    observedAt: timestamptz().notNull(),
    recordedAt: timestamptz().notNull(),
  },
  (t) => [index().on(t.currency, t.observedAt)]
)

/**
 * The USD value of each order the compliance check let through, written in the order's own
 * transaction: it exists exactly when the order does. Read by `OrderHistorySource`.
 */
export const complianceOrderValues = pgTable(
  'compliance_order_values',
  {
    orderId: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    usd: money().notNull(),
    venue: text().notNull(),
    symbol: text().notNull(),
    mode: text(),
    quoteCurrency: text().notNull(),
    /** USD per unit of the quote currency used (1 for USD). */
    usdRate: money().notNull(),
    at: timestamptz().notNull(),
  },
  (t) => [index().on(t.userId, t.at)]
)
