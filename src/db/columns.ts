/**
 * @module Column helpers shared by every feature's tables.
 */
import { numeric, timestamp, uuid } from 'drizzle-orm/pg-core'
import { uuidv7 } from '../lib/ids.ts'

/** UUIDv7 primary key generated in the app (time-ordered, so `ORDER BY id` is creation order). */
export const id = () => uuid().primaryKey().$defaultFn(() => uuidv7())

/** `timestamptz` in UTC, as a JS Date. */
export const timestamptz = () => timestamp({ withTimezone: true, mode: 'date' })

/** Money or crypto quantity: exact `numeric(36,18)`, a string in TypeScript (see lib/money.ts). */
export const money = () => numeric({ precision: 36, scale: 18 })

/** `created_at` / `updated_at`, spread into tables. */
export const timestamps = {
  createdAt: timestamptz().notNull().defaultNow(),
  updatedAt: timestamptz()
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
}
