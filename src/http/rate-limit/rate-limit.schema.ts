/**
 * @module Rate-limit windows shared by every instance (the database store of rate-limit/).
 */
import { index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { timestamptz } from '../../db/columns.ts'

export const rateLimitWindows = pgTable(
  'rate_limit_windows',
  {
    /** `<limiter>:<bucket>`, e.g. `login:ip:203.0.113.7`. */
    key: text().notNull(),
    windowStart: timestamptz().notNull(),
    count: integer().notNull(),
    /** End of the window; swept after it. */
    expiresAt: timestamptz().notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index().on(t.expiresAt)]
)
