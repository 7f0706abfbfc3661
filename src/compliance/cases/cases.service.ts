/**
 * @module What officers do with alerts and cases: list, resolve alerts with a reason, open cases
 * (from alerts and screenings), assign, add notes, close with a resolution and a reason, and
 * export a case or a date range for a regulator. Every action is in the audit log, in the same
 * transaction as the change.
 */
import { auditMeta, type Actor } from '../../auth/actor.ts'
import type { UsersRepository } from '../../auth/users.repository.ts'
import type { Db, Queryable } from '../../db/types.ts'
import { toPage, type Page, type PageParams } from '../../http/pagination.ts'
import type { Clock } from '../../lib/clock.ts'
import { uuidv7 } from '../../lib/ids.ts'
import { problems } from '../../lib/problem.ts'
import type { AuditLog } from '../audit-log/audit-log.ts'
import type { Resolution } from '../cases.schema.ts'
import { assertOfficer } from '../officer.ts'
import {
  alertView,
  caseDetail,
  casesToCsv,
  caseView,
  noteView,
  type CaseBundle,
} from './case-export.ts'
import type { CaseRow, CasesRepository } from './cases.repository.ts'

const OFFICER_ROLES: readonly string[] = ['compliance_officer', 'admin']

/** Most cases one range export carries; narrow the range beyond that. */
export const MAX_EXPORT_CASES = 5000

export type ExportFormat = 'json' | 'csv'
export interface ExportFile {
  contentType: string
  filename: string
  body: string
}

export function createCasesService(deps: {
  db: Db
  repo: CasesRepository
  users: Pick<UsersRepository, 'findById'>
  auditLog: AuditLog
  clock: Clock
}) {
  const { db, repo, users, auditLog, clock } = deps

  async function bundle(kase: CaseRow): Promise<CaseBundle> {
    return { kase, items: await repo.itemsOf(kase.id), notes: await repo.notesOf(kase.id) }
  }

  async function mustFind(id: string, q: Queryable = db): Promise<CaseRow> {
    const kase = await repo.findCase(id, q)
    if (!kase) throw problems.notFound('No such case.')
    return kase
  }

  const closed = () => problems.conflict('The case is closed.', 'case-closed')

  function exportFile(
    name: string,
    bundles: CaseBundle[],
    format: ExportFormat,
    meta: object
  ): ExportFile {
    if (format === 'csv')
      return {
        contentType: 'text/csv; charset=utf-8',
        filename: `${name}.csv`,
        body: casesToCsv(bundles),
      }
    const body = JSON.stringify({ ...meta, cases: bundles.map(caseDetail) }, null, 2)
    return { contentType: 'application/json', filename: `${name}.json`, body }
  }

  return {
    async listAlerts(
      actor: Actor,
      filter: { status?: 'open' | 'resolved'; userId?: string; ruleId?: string },
      page: PageParams
    ) {
      assertOfficer(actor)
      const rows = await repo.listAlerts(filter, page.limit, page.cursor)
      const caseIds = await repo.caseIdsOfAlerts(rows.slice(0, page.limit).map((r) => r.id))
      return toPage(rows, page.limit, (r) => alertView(r, caseIds.get(r.id) ?? []))
    },

    async resolveAlert(
      actor: Actor,
      id: string,
      input: { resolution: Resolution; reason: string }
    ) {
      assertOfficer(actor)
      const at = clock.now()
      return db.transaction(async (tx) => {
        const row = await repo.resolveAlert(id, { ...input, by: actor.principal.userId, at }, tx)
        if (!row) {
          if (await repo.findAlert(id, tx))
            throw problems.conflict('The alert is already resolved.', 'alert-resolved')
          throw problems.notFound('No such alert.')
        }
        await auditLog.append(
          {
            ...auditMeta(actor),
            action: 'alert.resolved',
            subject: `alert:${id}`,
            details: { resolution: input.resolution, reason: input.reason, ruleId: row.ruleId },
          },
          tx
        )
        return alertView(row)
      })
    },

    async list(
      actor: Actor,
      filter: { status?: CaseRow['status']; assigneeId?: string; subjectUserId?: string },
      page: PageParams
    ): Promise<Page<ReturnType<typeof caseView>>> {
      assertOfficer(actor)
      return toPage(await repo.listCases(filter, page.limit, page.cursor), page.limit, caseView)
    },

    async get(actor: Actor, id: string) {
      assertOfficer(actor)
      return caseDetail(await bundle(await mustFind(id)))
    },

    /** Opens a case by hand, optionally with alerts and screenings and a first note. */
    async create(
      actor: Actor,
      input: {
        title: string
        subjectUserId?: string
        alertIds?: string[]
        screeningIds?: string[]
        note?: string
      }
    ) {
      assertOfficer(actor)
      const now = clock.now()
      const alertIds = [...new Set(input.alertIds ?? [])]
      const screeningIds = [...new Set(input.screeningIds ?? [])]
      const kase = await db.transaction(async (tx) => {
        if (input.subjectUserId && !(await users.findById(input.subjectUserId, tx))) {
          throw problems.validation([{ path: 'subjectUserId', message: 'No such user.' }])
        }
        const alerts = await repo.alertsByIds(alertIds, tx)
        const screenings = await repo.screeningsByIds(screeningIds, tx)
        const missing = [
          ...alertIds.filter((a) => !alerts.some((r) => r.id === a)).map(() => 'alertIds'),
          ...screeningIds
            .filter((s) => !screenings.some((r) => r.id === s))
            .map(() => 'screeningIds'),
        ]
        if (missing.length > 0) {
          throw problems.validation(
            [...new Set(missing)].map((path) => ({ path, message: 'Unknown id(s).' }))
          )
        }
        const row = await repo.insertCase(
          {
            id: uuidv7(now.getTime()),
            subjectUserId: input.subjectUserId ?? null,
            title: input.title,
            origin: 'manual',
            status: 'open',
            openedBy: actor.principal.userId,
            createdAt: now,
            updatedAt: now,
          },
          tx
        )
        await repo.addItems(
          [
            ...alertIds.map((alertId) => ({
              caseId: row.id,
              kind: 'alert' as const,
              alertId,
              addedBy: actor.principal.userId,
              addedAt: now,
            })),
            ...screeningIds.map((screeningId) => ({
              caseId: row.id,
              kind: 'screening' as const,
              screeningId,
              addedBy: actor.principal.userId,
              addedAt: now,
            })),
          ],
          tx
        )
        if (input.note) {
          await repo.insertNote(
            { caseId: row.id, authorId: actor.principal.userId, body: input.note, createdAt: now },
            tx
          )
        }
        await auditLog.append(
          {
            ...auditMeta(actor),
            action: 'case.opened',
            subject: `case:${row.id}`,
            details: {
              subjectUserId: row.subjectUserId,
              alerts: alertIds.length,
              screenings: screeningIds.length,
            },
          },
          tx
        )
        return row
      })
      return caseDetail(await bundle(kase))
    },

    /** Assigns a case to an officer (default: the caller). */
    async assign(actor: Actor, id: string, input: { assigneeId?: string }) {
      assertOfficer(actor)
      const assigneeId = input.assigneeId ?? actor.principal.userId
      const now = clock.now()
      const kase = await db.transaction(async (tx) => {
        const assignee = await users.findById(assigneeId, tx)
        if (!assignee?.enabled || !OFFICER_ROLES.includes(assignee.role)) {
          throw problems.validation([
            {
              path: 'assigneeId',
              message: 'The assignee must be an active compliance officer or admin.',
            },
          ])
        }
        await mustFind(id, tx)
        const row = await repo.updateOpenCase(
          id,
          { status: 'assigned', assigneeId, updatedAt: now },
          tx
        )
        if (!row) throw closed()
        await auditLog.append(
          {
            ...auditMeta(actor),
            action: 'case.assigned',
            subject: `case:${id}`,
            details: { assigneeId },
          },
          tx
        )
        return row
      })
      return caseView(kase)
    },

    async addNote(actor: Actor, id: string, input: { body: string }) {
      assertOfficer(actor)
      const now = clock.now()
      return db.transaction(async (tx) => {
        await mustFind(id, tx)
        // Touching the case both checks it is open and orders notes with other changes.
        if (!(await repo.updateOpenCase(id, { updatedAt: now }, tx))) throw closed()
        const note = await repo.insertNote(
          { caseId: id, authorId: actor.principal.userId, body: input.body, createdAt: now },
          tx
        )
        await auditLog.append(
          {
            ...auditMeta(actor),
            action: 'case.note_added',
            subject: `case:${id}`,
            details: { noteId: note.id, length: input.body.length },
          },
          tx
        )
        return noteView(note)
      })
    },

    /** Closes with a resolution and a reason; the case's open alerts are resolved with it. */
    async close(actor: Actor, id: string, input: { resolution: Resolution; reason: string }) {
      assertOfficer(actor)
      const now = clock.now()
      const kase = await db.transaction(async (tx) => {
        await mustFind(id, tx)
        const row = await repo.updateOpenCase(
          id,
          {
            status: 'closed',
            resolution: input.resolution,
            closeReason: input.reason,
            closedBy: actor.principal.userId,
            closedAt: now,
            updatedAt: now,
          },
          tx
        )
        if (!row) throw closed()
        const alertIds = await repo.openAlertIdsOf(id, tx)
        for (const alertId of alertIds) {
          await repo.resolveAlert(
            alertId,
            {
              resolution: input.resolution,
              reason: `closed with case ${id}: ${input.reason}`,
              by: actor.principal.userId,
              at: now,
            },
            tx
          )
        }
        await auditLog.append(
          {
            ...auditMeta(actor),
            action: 'case.closed',
            subject: `case:${id}`,
            details: {
              resolution: input.resolution,
              reason: input.reason,
              alertsResolved: alertIds.length,
            },
          },
          tx
        )
        return row
      })
      return caseDetail(await bundle(kase))
    },

    async exportCase(actor: Actor, id: string, format: ExportFormat): Promise<ExportFile> {
      assertOfficer(actor)
      const b = await bundle(await mustFind(id))
      await auditLog.append({
        ...auditMeta(actor),
        action: 'case.exported',
        subject: `case:${id}`,
        details: { format },
      })
      return exportFile(`case-${id}`, [b], format, { exportedAt: clock.now().toISOString() })
    },

    /** Cases opened in [from, to). */
    async exportRange(
      actor: Actor,
      range: { from: Date; to: Date },
      format: ExportFormat
    ): Promise<ExportFile> {
      assertOfficer(actor)
      if (range.to.getTime() <= range.from.getTime()) {
        throw problems.validation([{ path: 'to', message: 'to must be after from.' }])
      }
      const rows = await repo.casesOpenedBetween(range.from, range.to, MAX_EXPORT_CASES + 1)
      if (rows.length > MAX_EXPORT_CASES) {
        throw problems.unprocessable(
          `More than ${MAX_EXPORT_CASES} cases in the range; export a shorter range.`,
          'export-too-large'
        )
      }
      const bundles: CaseBundle[] = []
      for (const r of rows) bundles.push(await bundle(r))
      const from = range.from.toISOString()
      const to = range.to.toISOString()
      await auditLog.append({
        ...auditMeta(actor),
        action: 'case.exported',
        subject: null,
        details: { from, to, format, cases: rows.length },
      })
      const day = (s: string) => s.slice(0, 10)
      return exportFile(`cases-${day(from)}-${day(to)}`, bundles, format, {
        exportedAt: clock.now().toISOString(),
        from,
        to,
      })
    },
  }
}

export type CasesService = ReturnType<typeof createCasesService>
