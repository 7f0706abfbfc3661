/**
 * @module Tables of the bots feature: the bot (config, persisted strategy state, tick counter) and
 * one row per tick (`bot_runs`), which records the intents before any order is sent so a restarted
 * tick replays the same intents under the same idempotency keys.
 */
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from '../auth/auth.schema.ts'
import { id, timestamps, timestamptz } from '../db/columns.ts'
import { TRADING_MODES } from '../trading/trading.schema.ts'

export const STRATEGIES = ['dca', 'grid', 'ma_crossover'] as const
export type StrategyName = (typeof STRATEGIES)[number]
export const BOT_STATUSES = ['stopped', 'running'] as const

export const bots = pgTable(
  'bots',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    strategy: text({ enum: STRATEGIES }).notNull(),
    venue: text().notNull(),
    symbol: text().notNull(),
    mode: text({ enum: TRADING_MODES }).notNull(),
    config: jsonb().notNull(),
    status: text({ enum: BOT_STATUSES }).notNull().default('stopped'),
    /** The strategy's own state (JSON, decimals as strings), saved after every tick. */
    state: jsonb().notNull(),
    /** Number of the last completed tick; the next tick is `lastTick + 1`. */
    lastTick: integer().notNull().default(0),
    nextTickAt: timestamptz(),
    tickLeaseUntil: timestamptz(),
    lastError: text(),
    startedAt: timestamptz(),
    stoppedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [index().on(t.userId, t.id), index().on(t.status, t.nextTickAt)]
)

export const botRuns = pgTable(
  'bot_runs',
  {
    id: id(),
    botId: uuid()
      .notNull()
      .references(() => bots.id, { onDelete: 'cascade' }),
    tick: integer().notNull(),
    /** `placing` until every intent went through the order path, then `done`. */
    status: text({ enum: ['placing', 'done'] }).notNull(),
    /** The market data the strategy saw. */
    market: jsonb().notNull(),
    intents: jsonb().notNull(),
    nextState: jsonb().notNull(),
    /** Per intent: order id and status, or the problem that refused it. */
    results: jsonb(),
    startedAt: timestamptz().notNull(),
    finishedAt: timestamptz(),
  },
  (t) => [uniqueIndex().on(t.botId, t.tick)]
)
