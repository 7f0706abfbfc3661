/**
 * @module Queries of the bots feature: bots, their tick claim, their runs, and the bot's own fills.
 */
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm'
import { rowsOf } from '../db/execute.ts'
import type { Db, Queryable } from '../db/types.ts'
import type { PageParams } from '../http/pagination.ts'
import { D, ZERO, type Dec } from '../lib/money.ts'
import { ts } from '../trading/orders.repository.ts'
import { fills, orders } from '../trading/trading.schema.ts'
import { botRuns, bots } from './bots.schema.ts'

export type BotRow = typeof bots.$inferSelect
export type BotRunRow = typeof botRuns.$inferSelect

export function createBotsRepository(db: Db) {
  return {
    async insert(values: typeof bots.$inferInsert): Promise<BotRow> {
      const [row] = await db.insert(bots).values(values).returning()
      return row!
    },
    async find(q: Queryable, id: string, userId?: string): Promise<BotRow | undefined> {
      const [row] = await q
        .select()
        .from(bots)
        .where(userId ? and(eq(bots.id, id), eq(bots.userId, userId)) : eq(bots.id, id))
      return row
    },
    async page(userId: string, p: PageParams): Promise<BotRow[]> {
      const conds = [eq(bots.userId, userId), ...(p.cursor ? [lt(bots.id, p.cursor)] : [])]
      return db
        .select()
        .from(bots)
        .where(and(...conds))
        .orderBy(desc(bots.id))
        .limit(p.limit + 1)
    },
    async update(
      q: Queryable,
      id: string,
      userId: string | null,
      set: Partial<typeof bots.$inferInsert>
    ): Promise<BotRow | undefined> {
      const where = userId ? and(eq(bots.id, id), eq(bots.userId, userId)) : eq(bots.id, id)
      const [row] = await q.update(bots).set(set).where(where).returning()
      return row
    },
    async remove(id: string, userId: string): Promise<boolean> {
      const rows = await db
        .delete(bots)
        .where(and(eq(bots.id, id), eq(bots.userId, userId)))
        .returning({ id: bots.id })
      return rows.length === 1
    },

    /** Running bots whose tick is due, leased so other instances skip them. */
    async claimDue(now: Date, limit: number, leaseSeconds: number): Promise<BotRow[]> {
      const until = new Date(now.getTime() + leaseSeconds * 1000)
      const ids = await rowsOf<{ id: string }>(
        db,
        sql`update bots set tick_lease_until = ${ts(until)}
            where id in (
              select id from bots
              where status = 'running'
                and (next_tick_at is null or next_tick_at <= ${ts(now)})
                and (tick_lease_until is null or tick_lease_until <= ${ts(now)})
              order by next_tick_at nulls first
              limit ${limit}
              for update skip locked)
            returning id`
      )
      if (ids.length === 0) return []
      return db
        .select()
        .from(bots)
        .where(
          inArray(
            bots.id,
            ids.map((r) => r.id)
          )
        )
    },

    async run(q: Queryable, botId: string, tick: number): Promise<BotRunRow | undefined> {
      const [row] = await q
        .select()
        .from(botRuns)
        .where(and(eq(botRuns.botId, botId), eq(botRuns.tick, tick)))
      return row
    },
    /** Inserts the run unless one exists for (bot, tick); returns the stored one either way. */
    async insertRun(values: typeof botRuns.$inferInsert): Promise<BotRunRow> {
      await db.insert(botRuns).values(values).onConflictDoNothing()
      return (await this.run(db, values.botId, values.tick))!
    },
    async recentRuns(botId: string, limit: number): Promise<BotRunRow[]> {
      return db
        .select()
        .from(botRuns)
        .where(eq(botRuns.botId, botId))
        .orderBy(desc(botRuns.tick))
        .limit(limit)
    },

    /** Base amount the bot holds from its own fills (fees paid in base included). */
    async position(botId: string, base: string): Promise<Dec> {
      const [r] = await rowsOf<{ amount: string | null }>(
        db,
        sql`select sum(case when side = 'buy' then amount else -amount end
                       - case when fee_currency = ${base} then fee else 0 end) as amount
            from fills where bot_id = ${botId}`
      )
      return r?.amount == null ? ZERO : new D(r.amount)
    },
    async ordersOf(botId: string) {
      return db
        .select({
          id: orders.id,
          createdAt: orders.createdAt,
          status: orders.status,
          referencePrice: orders.referencePrice,
        })
        .from(orders)
        .where(eq(orders.botId, botId))
        .orderBy(orders.id)
    },
    async fillsOf(botId: string) {
      return db.select().from(fills).where(eq(fills.botId, botId)).orderBy(fills.ts, fills.id)
    },
  }
}

export type BotsRepository = ReturnType<typeof createBotsRepository>
