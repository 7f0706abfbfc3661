/**
 * @module Alerts, cases, case items and notes: drizzle queries only. State changes are
 * compare-and-set on the current status, so two officers acting at once can't both win.
 */
import { and, asc, desc, eq, gte, inArray, lt, ne } from 'drizzle-orm'
import type { Queryable } from '../../db/types.ts'
import { screeningResults } from '../sanctions.schema.ts'
import { caseItems, caseNotes, complianceAlerts, complianceCases } from '../cases.schema.ts'
import type { Resolution } from '../cases.schema.ts'

export type AlertRow = typeof complianceAlerts.$inferSelect
export type AlertInsert = typeof complianceAlerts.$inferInsert
export type CaseRow = typeof complianceCases.$inferSelect
export type CaseInsert = typeof complianceCases.$inferInsert
export type NoteRow = typeof caseNotes.$inferSelect
export type ScreeningRow = typeof screeningResults.$inferSelect

export interface CaseItemView {
  id: string
  kind: 'alert' | 'screening'
  addedAt: Date
  addedBy: string | null
  alert: AlertRow | null
  screening: ScreeningRow | null
}

export function createCasesRepository(db: Queryable) {
  return {
    async insertAlerts(rows: AlertInsert[], q: Queryable = db): Promise<AlertRow[]> {
      return rows.length === 0 ? [] : q.insert(complianceAlerts).values(rows).returning()
    },

    async findAlert(id: string, q: Queryable = db): Promise<AlertRow | null> {
      const [row] = await q.select().from(complianceAlerts).where(eq(complianceAlerts.id, id))
      return row ?? null
    },

    async listAlerts(
      f: { status?: 'open' | 'resolved'; userId?: string; ruleId?: string },
      limit: number,
      before?: string
    ): Promise<AlertRow[]> {
      return db
        .select()
        .from(complianceAlerts)
        .where(
          and(
            f.status ? eq(complianceAlerts.status, f.status) : undefined,
            f.userId ? eq(complianceAlerts.userId, f.userId) : undefined,
            f.ruleId ? eq(complianceAlerts.ruleId, f.ruleId) : undefined,
            before ? lt(complianceAlerts.id, before) : undefined
          )
        )
        .orderBy(desc(complianceAlerts.id))
        .limit(limit + 1)
    },

    /** Resolves an open alert; null when it is not open (anymore). */
    async resolveAlert(
      id: string,
      r: { resolution: Resolution; reason: string; by: string; at: Date },
      q: Queryable = db
    ): Promise<AlertRow | null> {
      const [row] = await q
        .update(complianceAlerts)
        .set({
          status: 'resolved',
          resolution: r.resolution,
          resolutionReason: r.reason,
          resolvedBy: r.by,
          resolvedAt: r.at,
        })
        .where(and(eq(complianceAlerts.id, id), eq(complianceAlerts.status, 'open')))
        .returning()
      return row ?? null
    },

    async caseIdsOfAlerts(alertIds: string[]): Promise<Map<string, string[]>> {
      const out = new Map<string, string[]>()
      if (alertIds.length === 0) return out
      const rows = await db
        .select({ alertId: caseItems.alertId, caseId: caseItems.caseId })
        .from(caseItems)
        .where(inArray(caseItems.alertId, alertIds))
      for (const r of rows) out.set(r.alertId!, [...(out.get(r.alertId!) ?? []), r.caseId])
      return out
    },

    /** The subject's newest case that is not closed. */
    async findOpenCaseFor(userId: string, q: Queryable = db): Promise<CaseRow | null> {
      const [row] = await q
        .select()
        .from(complianceCases)
        .where(and(eq(complianceCases.subjectUserId, userId), ne(complianceCases.status, 'closed')))
        .orderBy(desc(complianceCases.id))
        .limit(1)
      return row ?? null
    },

    async insertCase(row: CaseInsert, q: Queryable = db): Promise<CaseRow> {
      const [inserted] = await q.insert(complianceCases).values(row).returning()
      return inserted!
    },

    async findCase(id: string, q: Queryable = db): Promise<CaseRow | null> {
      const [row] = await q.select().from(complianceCases).where(eq(complianceCases.id, id))
      return row ?? null
    },

    async listCases(
      f: { status?: CaseRow['status']; assigneeId?: string; subjectUserId?: string },
      limit: number,
      before?: string
    ): Promise<CaseRow[]> {
      return db
        .select()
        .from(complianceCases)
        .where(
          and(
            f.status ? eq(complianceCases.status, f.status) : undefined,
            f.assigneeId ? eq(complianceCases.assigneeId, f.assigneeId) : undefined,
            f.subjectUserId ? eq(complianceCases.subjectUserId, f.subjectUserId) : undefined,
            before ? lt(complianceCases.id, before) : undefined
          )
        )
        .orderBy(desc(complianceCases.id))
        .limit(limit + 1)
    },

    /** Cases opened in [from, to), oldest first, at most `limit`. */
    async casesOpenedBetween(from: Date, to: Date, limit: number): Promise<CaseRow[]> {
      return db
        .select()
        .from(complianceCases)
        .where(and(gte(complianceCases.createdAt, from), lt(complianceCases.createdAt, to)))
        .orderBy(asc(complianceCases.createdAt), asc(complianceCases.id))
        .limit(limit)
    },

    /** Updates a case that is not closed; null when it is closed (or gone). */
    async updateOpenCase(
      id: string,
      patch: Partial<CaseInsert>,
      q: Queryable = db
    ): Promise<CaseRow | null> {
      const [row] = await q
        .update(complianceCases)
        .set(patch)
        .where(and(eq(complianceCases.id, id), ne(complianceCases.status, 'closed')))
        .returning()
      return row ?? null
    },

    async addItems(
      items: {
        caseId: string
        kind: 'alert' | 'screening'
        alertId?: string
        screeningId?: string
        addedBy: string | null
        addedAt: Date
      }[],
      q: Queryable = db
    ): Promise<void> {
      if (items.length === 0) return
      await q.insert(caseItems).values(items).onConflictDoNothing()
    },

    async itemsOf(caseId: string): Promise<CaseItemView[]> {
      const rows = await db
        .select({ item: caseItems, alert: complianceAlerts, screening: screeningResults })
        .from(caseItems)
        .leftJoin(complianceAlerts, eq(complianceAlerts.id, caseItems.alertId))
        .leftJoin(screeningResults, eq(screeningResults.id, caseItems.screeningId))
        .where(eq(caseItems.caseId, caseId))
        .orderBy(asc(caseItems.addedAt), asc(caseItems.id))
      return rows.map((r) => ({
        id: r.item.id,
        kind: r.item.kind,
        addedAt: r.item.addedAt,
        addedBy: r.item.addedBy,
        alert: r.alert,
        screening: r.screening,
      }))
    },

    /** Open alerts among a case's items (to resolve them with the case). */
    async openAlertIdsOf(caseId: string, q: Queryable = db): Promise<string[]> {
      const rows = await q
        .select({ id: complianceAlerts.id })
        .from(caseItems)
        .innerJoin(complianceAlerts, eq(complianceAlerts.id, caseItems.alertId))
        .where(and(eq(caseItems.caseId, caseId), eq(complianceAlerts.status, 'open')))
      return rows.map((r) => r.id)
    },

    async insertNote(
      row: { caseId: string; authorId: string; body: string; createdAt: Date },
      q: Queryable = db
    ): Promise<NoteRow> {
      const [inserted] = await q.insert(caseNotes).values(row).returning()
      return inserted!
    },

    async notesOf(caseId: string): Promise<NoteRow[]> {
      return db
        .select()
        .from(caseNotes)
        .where(eq(caseNotes.caseId, caseId))
        .orderBy(asc(caseNotes.seq))
    },

    async screeningsByIds(ids: string[], q: Queryable = db): Promise<ScreeningRow[]> {
      if (ids.length === 0) return []
      return q.select().from(screeningResults).where(inArray(screeningResults.id, ids))
    },

    async alertsByIds(ids: string[], q: Queryable = db): Promise<AlertRow[]> {
      if (ids.length === 0) return []
      return q.select().from(complianceAlerts).where(inArray(complianceAlerts.id, ids))
    },
  }
}

export type CasesRepository = ReturnType<typeof createCasesRepository>
