/**
 * @module Users' exchange API credentials, envelope-encrypted (lib/envelope.ts): only the last four
 * characters of the API key are stored in the clear, for display.
 */
import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { users } from '../auth/auth.schema.ts'
import { id, timestamps, timestamptz } from '../db/columns.ts'
import type { EnvelopeRecord } from '../lib/envelope.ts'

export const EXCHANGES_WITH_KEYS = ['binance', 'coinbase', 'kraken', 'kucoin'] as const
export type ExchangeWithKeys = (typeof EXCHANGES_WITH_KEYS)[number]
export const VALIDATION_STATUSES = ['unvalidated', 'valid', 'invalid'] as const

export const exchangeKeys = pgTable(
  'exchange_keys',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    exchange: text({ enum: EXCHANGES_WITH_KEYS }).notNull(),
    label: text(),
    apiKeyLast4: text().notNull(),
    /**
     * `{ apiKey, secret, passphrase? }` as JSON, sealed with AAD
     * `exchange_keys:<id>:credentials:<userId>`; the record names its KEK (`kekId`) for rotation.
     */
    credentials: jsonb().$type<EnvelopeRecord>().notNull(),
    validationStatus: text({ enum: VALIDATION_STATUSES }).notNull().default('unvalidated'),
    /** Why the exchange refused the key (`authentication`, `permission`), never its message. */
    validationReason: text(),
    validatedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [index().on(t.userId)]
)
