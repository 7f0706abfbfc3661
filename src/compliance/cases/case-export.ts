/**
 * @module Case views and the regulator export: JSON (the full case with items and notes) and CSV
 * (RFC 4180, one row per alert, screening hit and note, so a spreadsheet shows the whole trail).
 */
import { screeningView } from '../kyc/kyc-views.ts'
import type { AlertRow, CaseItemView, CaseRow, NoteRow } from './cases.repository.ts'

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null

export function alertView(a: AlertRow, caseIds?: string[]) {
  return {
    id: a.id,
    userId: a.userId,
    orderId: a.orderId,
    ruleId: a.ruleId,
    severity: a.severity,
    message: a.message,
    inputs: a.inputs,
    thresholds: a.thresholds,
    score: a.score,
    orderIds: a.orderIds,
    decision: a.decision,
    status: a.status,
    resolution: a.resolution,
    resolutionReason: a.resolutionReason,
    resolvedBy: a.resolvedBy,
    resolvedAt: iso(a.resolvedAt),
    ...(caseIds && { caseIds }),
    createdAt: a.createdAt.toISOString(),
  }
}

export function caseView(c: CaseRow) {
  return {
    id: c.id,
    title: c.title,
    origin: c.origin,
    status: c.status,
    subjectUserId: c.subjectUserId,
    assigneeId: c.assigneeId,
    openedBy: c.openedBy,
    resolution: c.resolution,
    closeReason: c.closeReason,
    closedBy: c.closedBy,
    closedAt: iso(c.closedAt),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  }
}

export function noteView(n: NoteRow) {
  return { id: n.id, authorId: n.authorId, body: n.body, createdAt: n.createdAt.toISOString() }
}

export interface CaseBundle {
  kase: CaseRow
  items: CaseItemView[]
  notes: NoteRow[]
}

export function caseDetail({ kase, items, notes }: CaseBundle) {
  return {
    ...caseView(kase),
    items: items.map((i) => ({
      id: i.id,
      kind: i.kind,
      addedAt: i.addedAt.toISOString(),
      addedBy: i.addedBy,
      alert: i.alert ? alertView(i.alert) : null,
      screening: i.screening ? screeningView(i.screening) : null,
    })),
    notes: notes.map(noteView),
  }
}

export type CaseDetail = ReturnType<typeof caseDetail>

export const CSV_COLUMNS = [
  'case_id',
  'case_title',
  'case_origin',
  'case_status',
  'subject_user_id',
  'assignee_id',
  'opened_at',
  'closed_at',
  'resolution',
  'close_reason',
  'record_type',
  'record_id',
  'record_at',
  'rule_id',
  'severity',
  'score',
  'order_ids',
  'detail',
] as const

/** CSV of cases: a row per alert, screening and note (a case with none still gets one row). */
export function casesToCsv(bundles: readonly CaseBundle[]): string {
  const lines = [CSV_COLUMNS.join(',')]
  for (const { kase, items, notes } of bundles) {
    const head = [
      kase.id,
      kase.title,
      kase.origin,
      kase.status,
      kase.subjectUserId,
      kase.assigneeId,
      iso(kase.createdAt),
      iso(kase.closedAt),
      kase.resolution,
      kase.closeReason,
    ]
    const records: (string | number | null)[][] = []
    for (const i of items) {
      if (i.alert) {
        const a = i.alert
        records.push([
          'alert',
          a.id,
          iso(a.createdAt),
          a.ruleId,
          a.severity,
          a.score,
          a.orderIds.join(' '),
          a.message,
        ])
      } else if (i.screening) {
        const s = i.screening
        const top = s.matches[0]
        const detail = top
          ? `${s.context} screening: ${s.matches.length} match(es), best ${top.matchedName} (${top.list} ent_num ${top.entNum}, ${top.programs.join('/')})`
          : `${s.context} screening: no match`
        records.push(['screening', s.id, iso(s.createdAt), null, null, s.topScore, null, detail])
      }
    }
    for (const n of notes)
      records.push(['note', n.id, iso(n.createdAt), null, null, null, null, n.body])
    if (records.length === 0) records.push([null, null, null, null, null, null, null, null])
    for (const r of records) lines.push([...head, ...r].map(csvCell).join(','))
  }
  return `${lines.join('\r\n')}\r\n`
}

/**
 * One CSV field: quoted when needed, and a leading `= + - @` (or tab/CR) neutralised with `'` so
 * a spreadsheet never runs text from a note or a name as a formula.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  let s = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
