/**
 * @module Platform API keys: drizzle queries only. Reads are always scoped by owner, so another
 * user's key is indistinguishable from a missing one.
 */
import { and, count, desc, eq, isNull, lt, or, sql } from 'drizzle-orm'
import type { Queryable } from '../db/types.ts'
import type { Scope } from '../http/types.ts'
import { users } from '../auth/auth.schema.ts'
import { apiKeys } from './api-keys.schema.ts'

export type ApiKeyRow = typeof apiKeys.$inferSelect

export function createApiKeysRepository(db: Queryable) {
  return {
    /** Null on a lookup-prefix collision (the caller generates another key). */
    async insert(
      row: {
        userId: string
        name: string
        lookupPrefix: string
        keyHash: string
        scopes: Scope[]
        expiresAt: Date | null
      },
      q: Queryable = db
    ): Promise<ApiKeyRow | null> {
      const [inserted] = await q
        .insert(apiKeys)
        .values(row)
        .onConflictDoNothing({ target: apiKeys.lookupPrefix })
        .returning()
      return inserted ?? null
    },

    async findActive(userId: string, id: string): Promise<ApiKeyRow | null> {
      const [row] = await db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
        .limit(1)
      return row ?? null
    },

    /** The owner's keys that are not revoked, newest first, `limit + 1` rows from `before`. */
    async listActive(userId: string, limit: number, before?: string): Promise<ApiKeyRow[]> {
      return db
        .select()
        .from(apiKeys)
        .where(
          and(
            eq(apiKeys.userId, userId),
            isNull(apiKeys.revokedAt),
            before ? lt(apiKeys.id, before) : undefined
          )
        )
        .orderBy(desc(apiKeys.id))
        .limit(limit + 1)
    },

    async countActive(userId: string): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(apiKeys)
        .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
      return Number(row?.n ?? 0)
    },

    /** Revokes the owner's key; false when there is no such live key of theirs. */
    async revoke(userId: string, id: string, now: Date, q: Queryable = db): Promise<boolean> {
      const rows = await q
        .update(apiKeys)
        .set({ revokedAt: now })
        .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id })
      return rows.length === 1
    },

    /** The key with its owner's current state, for authentication. */
    async findForAuth(lookupPrefix: string) {
      const [row] = await db
        .select({
          key: apiKeys,
          user: { role: users.role, enabled: users.enabled },
        })
        .from(apiKeys)
        .innerJoin(users, eq(users.id, apiKeys.userId))
        .where(eq(apiKeys.lookupPrefix, lookupPrefix))
        .limit(1)
      return row ?? null
    },

    /** At most one write per key per minute, however busy the key is. */
    async touch(id: string, now: Date): Promise<void> {
      const minuteAgo = new Date(now.getTime() - 60_000)
      await db
        .update(apiKeys)
        .set({ lastUsedAt: now, updatedAt: sql`${apiKeys.updatedAt}` })
        .where(
          and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, minuteAgo)))
        )
    },
  }
}

export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>
