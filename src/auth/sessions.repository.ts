/**
 * @module Refresh tokens (hashed, rotated, grouped in families) and used MFA challenges.
 */
import { and, eq, gt, isNull, lt } from 'drizzle-orm'
import type { Queryable } from '../db/types.ts'
import { refreshTokens, usedMfaChallenges } from './auth.schema.ts'

export type RefreshTokenRow = typeof refreshTokens.$inferSelect

export function createSessionsRepository(db: Queryable) {
  return {
    async insertRefreshToken(
      row: Pick<RefreshTokenRow, 'userId' | 'familyId' | 'tokenHash' | 'createdAt' | 'expiresAt'>,
      q: Queryable = db
    ): Promise<void> {
      await q.insert(refreshTokens).values(row)
    },

    /**
     * Marks a live token used and returns it; null when it is unknown, spent, revoked or expired.
     * One conditional UPDATE, so of two concurrent refreshes with one token only one wins.
     */
    async consumeRefreshToken(
      tokenHash: string,
      now: Date,
      q: Queryable = db
    ): Promise<RefreshTokenRow | null> {
      const [row] = await q
        .update(refreshTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(refreshTokens.tokenHash, tokenHash),
            isNull(refreshTokens.usedAt),
            isNull(refreshTokens.revokedAt),
            gt(refreshTokens.expiresAt, now)
          )
        )
        .returning()
      return row ?? null
    },

    async findRefreshToken(tokenHash: string): Promise<RefreshTokenRow | null> {
      const [row] = await db
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, tokenHash))
        .limit(1)
      return row ?? null
    },

    async revokeFamily(familyId: string, now: Date): Promise<number> {
      const rows = await db
        .update(refreshTokens)
        .set({ revokedAt: now })
        .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)))
        .returning({ id: refreshTokens.id })
      return rows.length
    },

    async revokeAllForUser(userId: string, now: Date, q: Queryable = db): Promise<number> {
      const rows = await q
        .update(refreshTokens)
        .set({ revokedAt: now })
        .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)))
        .returning({ id: refreshTokens.id })
      return rows.length
    },

    /** Records a challenge's jti; false when it was used before. */
    async useMfaChallenge(
      jti: string,
      userId: string,
      now: Date,
      expiresAt: Date
    ): Promise<boolean> {
      const rows = await db
        .insert(usedMfaChallenges)
        .values({ jti, userId, usedAt: now, expiresAt })
        .onConflictDoNothing()
        .returning({ jti: usedMfaChallenges.jti })
      return rows.length === 1
    },

    /**
     * Deletes expired refresh tokens and challenge records. Spent tokens are kept until they expire,
     * so presenting one still counts as reuse.
     */
    async sweep(now: Date): Promise<number> {
      const a = await db
        .delete(refreshTokens)
        .where(lt(refreshTokens.expiresAt, now))
        .returning({ id: refreshTokens.id })
      const b = await db
        .delete(usedMfaChallenges)
        .where(lt(usedMfaChallenges.expiresAt, now))
        .returning({ jti: usedMfaChallenges.jti })
      return a.length + b.length
    },
  }
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>
