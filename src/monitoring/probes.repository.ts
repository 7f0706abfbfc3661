/**
 * @module Exchange probe rows: insert, recent history per exchange, prune.
 */
import { desc, eq, inArray, lt } from 'drizzle-orm'
import type { Queryable } from '../db/types.ts'
import { exchangeProbes } from './monitoring.schema.ts'

export type ProbeRow = typeof exchangeProbes.$inferSelect
export type NewProbe = Omit<ProbeRow, 'id'>

export function createProbesRepository(db: Queryable) {
  return {
    async insert(rows: NewProbe[]): Promise<void> {
      if (rows.length > 0) await db.insert(exchangeProbes).values(rows)
    },

    /** The newest `limit` probes of one exchange, newest first. */
    async recent(exchange: string, limit: number): Promise<ProbeRow[]> {
      return db
        .select()
        .from(exchangeProbes)
        .where(eq(exchangeProbes.exchange, exchange))
        .orderBy(desc(exchangeProbes.probedAt), desc(exchangeProbes.id))
        .limit(limit)
    },

    /** Exchanges with any stored probe (also ones no longer configured). */
    async exchanges(): Promise<string[]> {
      const rows = await db
        .selectDistinct({ exchange: exchangeProbes.exchange })
        .from(exchangeProbes)
        .orderBy(exchangeProbes.exchange)
      return rows.map((r) => r.exchange)
    },

    /** Deletes probes older than `before` in batches; returns how many went. */
    async prune(before: Date, batch = 5000): Promise<number> {
      let total = 0
      for (;;) {
        const doomed = db
          .select({ id: exchangeProbes.id })
          .from(exchangeProbes)
          .where(lt(exchangeProbes.probedAt, before))
          .limit(batch)
        const gone = await db
          .delete(exchangeProbes)
          .where(inArray(exchangeProbes.id, doomed))
          .returning({ id: exchangeProbes.id })
        total += gone.length
        if (gone.length < batch) return total
      }
    },
  }
}

export type ProbesRepository = ReturnType<typeof createProbesRepository>
