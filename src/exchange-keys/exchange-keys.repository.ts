/**
 * @module Exchange keys: drizzle queries only, always scoped by owner.
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm'
import type { Queryable } from '../db/types.ts'
import type { EnvelopeRecord } from '../lib/envelope.ts'
import { exchangeKeys, type ExchangeWithKeys } from './exchange-keys.schema.ts'

export type ExchangeKeyRow = typeof exchangeKeys.$inferSelect

export function createExchangeKeysRepository(db: Queryable) {
  return {
    async insert(
      row: {
        id: string
        userId: string
        exchange: ExchangeWithKeys
        label: string | null
        apiKeyLast4: string
        credentials: EnvelopeRecord
      },
      q: Queryable = db
    ): Promise<ExchangeKeyRow> {
      const [inserted] = await q.insert(exchangeKeys).values(row).returning()
      return inserted!
    },

    async find(userId: string, id: string): Promise<ExchangeKeyRow | null> {
      const [row] = await db
        .select()
        .from(exchangeKeys)
        .where(and(eq(exchangeKeys.id, id), eq(exchangeKeys.userId, userId)))
        .limit(1)
      return row ?? null
    },

    async list(userId: string, limit: number, before?: string): Promise<ExchangeKeyRow[]> {
      return db
        .select()
        .from(exchangeKeys)
        .where(
          and(eq(exchangeKeys.userId, userId), before ? lt(exchangeKeys.id, before) : undefined)
        )
        .orderBy(desc(exchangeKeys.id))
        .limit(limit + 1)
    },

    async count(userId: string): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(exchangeKeys)
        .where(eq(exchangeKeys.userId, userId))
      return Number(row?.n ?? 0)
    },

    async delete(userId: string, id: string, q: Queryable = db): Promise<boolean> {
      const rows = await q
        .delete(exchangeKeys)
        .where(and(eq(exchangeKeys.id, id), eq(exchangeKeys.userId, userId)))
        .returning({ id: exchangeKeys.id })
      return rows.length === 1
    },

    async setValidation(
      userId: string,
      id: string,
      v: { status: 'valid' | 'invalid'; reason: string | null; at: Date }
    ): Promise<ExchangeKeyRow | null> {
      const [row] = await db
        .update(exchangeKeys)
        .set({ validationStatus: v.status, validationReason: v.reason, validatedAt: v.at })
        .where(and(eq(exchangeKeys.id, id), eq(exchangeKeys.userId, userId)))
        .returning()
      return row ?? null
    },

  }
}

export type ExchangeKeysRepository = ReturnType<typeof createExchangeKeysRepository>
