/**
 * @module KYC submissions and their decision history: drizzle queries only. A user's KYC is their
 * newest submission; status changes are compare-and-set on the status the caller saw.
 */
import { and, asc, desc, eq, gt, inArray, lt } from 'drizzle-orm'
import type { Queryable } from '../../db/types.ts'
import type { KycStatus } from '../pre-trade.ts'
import { kycDecisions, kycProfiles } from '../kyc.schema.ts'

export type KycRow = typeof kycProfiles.$inferSelect
export type KycInsert = typeof kycProfiles.$inferInsert
export type KycDecisionRow = typeof kycDecisions.$inferSelect

/** The status a submission has now: an approval past its expiry counts as expired. */
export function effectiveStatus(row: Pick<KycRow, 'status' | 'expiresAt'>, now: Date): KycStatus {
  if (row.status === 'approved' && row.expiresAt && row.expiresAt.getTime() <= now.getTime()) {
    return 'expired'
  }
  return row.status
}

export function createKycRepository(db: Queryable) {
  const repo = {
    async latestOf(userId: string, q: Queryable = db): Promise<KycRow | null> {
      const [row] = await q
        .select()
        .from(kycProfiles)
        .where(eq(kycProfiles.userId, userId))
        .orderBy(desc(kycProfiles.seq))
        .limit(1)
      return row ?? null
    },

    /** The user's KYC status at `now`; `not_started` without a submission. */
    async statusOf(userId: string, now: Date, q: Queryable = db): Promise<KycStatus> {
      const row = await repo.latestOf(userId, q)
      return row ? effectiveStatus(row, now) : 'not_started'
    },

    async findById(id: string, q: Queryable = db): Promise<KycRow | null> {
      const [row] = await q.select().from(kycProfiles).where(eq(kycProfiles.id, id))
      return row ?? null
    },

    async insert(row: KycInsert, q: Queryable): Promise<KycRow> {
      const [inserted] = await q.insert(kycProfiles).values(row).returning()
      return inserted!
    },

    /** Moves a submission from `from` to a new status; null when its status changed meanwhile. */
    async transition(
      id: string,
      from: KycRow['status'],
      patch: Partial<KycInsert> & { status: KycRow['status'] },
      q: Queryable
    ): Promise<KycRow | null> {
      const [row] = await q
        .update(kycProfiles)
        .set(patch)
        .where(and(eq(kycProfiles.id, id), eq(kycProfiles.status, from)))
        .returning()
      return row ?? null
    },

    async setScreening(id: string, screeningId: string, at: Date, q: Queryable): Promise<void> {
      await q
        .update(kycProfiles)
        .set({ lastScreeningId: screeningId, lastScreenedAt: at })
        .where(eq(kycProfiles.id, id))
    },

    async insertDecision(
      row: typeof kycDecisions.$inferInsert,
      q: Queryable
    ): Promise<KycDecisionRow> {
      const [inserted] = await q.insert(kycDecisions).values(row).returning()
      return inserted!
    },

    async decisionsOf(profileIds: string[]): Promise<KycDecisionRow[]> {
      if (profileIds.length === 0) return []
      return db
        .select()
        .from(kycDecisions)
        .where(inArray(kycDecisions.profileId, profileIds))
        .orderBy(asc(kycDecisions.seq))
    },

    async submissionsOf(userId: string): Promise<KycRow[]> {
      return db
        .select()
        .from(kycProfiles)
        .where(eq(kycProfiles.userId, userId))
        .orderBy(desc(kycProfiles.seq))
    },

    async list(
      f: { status?: KycRow['status'] },
      limit: number,
      before?: string
    ): Promise<KycRow[]> {
      return db
        .select()
        .from(kycProfiles)
        .where(
          and(
            f.status ? eq(kycProfiles.status, f.status) : undefined,
            before ? lt(kycProfiles.id, before) : undefined
          )
        )
        .orderBy(desc(kycProfiles.id))
        .limit(limit + 1)
    },

    /** Live submissions (pending or approved) after `afterId`, for re-screening in id order. */
    async screenablePage(afterId: string | null, limit: number): Promise<KycRow[]> {
      return db
        .select()
        .from(kycProfiles)
        .where(
          and(
            inArray(kycProfiles.status, ['pending', 'approved']),
            afterId ? gt(kycProfiles.id, afterId) : undefined
          )
        )
        .orderBy(asc(kycProfiles.id))
        .limit(limit)
    },

  }
  return repo
}

export type KycRepository = ReturnType<typeof createKycRepository>
