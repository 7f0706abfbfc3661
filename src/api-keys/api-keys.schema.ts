/**
 * @module Platform API keys: stored as a SHA-256 with a public lookup prefix, scoped, expiring,
 * revocable.
 */
import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { users } from '../auth/auth.schema.ts'
import { id, timestamps, timestamptz } from '../db/columns.ts'

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    /** `tw_live_AbCd1234`: finds the row and names the key in lists. */
    lookupPrefix: text().notNull().unique(),
    /** Hex SHA-256 of the whole key. */
    keyHash: text().notNull(),
    scopes: text({ enum: ['read', 'trade', 'compliance'] })
      .array()
      .notNull(),
    expiresAt: timestamptz(),
    lastUsedAt: timestamptz(),
    revokedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [index().on(t.userId)]
)
