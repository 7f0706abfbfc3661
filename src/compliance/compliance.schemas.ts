/**
 * @module Request and response schemas of the compliance routes (valibot): the same schemas
 * validate requests (422 with `errors[{path, message}]`) and document `/openapi.json`.
 */
import * as v from 'valibot'
import { PageQueryEntries } from '../http/pagination.ts'
import { isUuid } from '../lib/ids.ts'
import { RESOLUTIONS } from './cases.schema.ts'
import { DOCUMENT_TYPES, KYC_STATUSES } from './kyc.schema.ts'

const reasonText = (field: string) =>
  v.pipe(
    v.string(`${field} must be a string.`),
    v.trim(),
    v.minLength(3, `${field} is required (at least 3 characters).`),
    v.maxLength(2000, `${field} must be at most 2000 characters.`)
  )
const uuidField = (field: string) =>
  v.pipe(
    v.string(`${field} must be a string.`),
    v.check((s: string) => isUuid(s), `${field} must be a UUID.`)
  )
const isoInstant = (field: string) =>
  v.pipe(
    v.string(`${field} must be a string.`),
    v.regex(
      /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/,
      `${field} must be an ISO 8601 date or date-time.`
    ),
    v.check((s) => !Number.isNaN(Date.parse(s)), `${field} is not a real date.`)
  )

export const DecisionBody = v.object({
  decision: v.picklist(
    ['approved', 'rejected', 'in_review'],
    'decision must be approved, rejected or in_review.'
  ),
  reason: reasonText('reason'),
  expiresAt: v.optional(isoInstant('expiresAt')),
})

export const KycListQuery = v.object({
  ...PageQueryEntries,
  status: v.optional(
    v.picklist(
      KYC_STATUSES.filter((s) => s !== 'not_started'),
      'unknown status'
    )
  ),
})

export const KycViewSchema = v.object({
  id: v.nullable(v.string()),
  status: v.picklist(KYC_STATUSES),
  country: v.nullable(v.string()),
  documentType: v.nullable(v.picklist(DOCUMENT_TYPES)),
  submittedAt: v.nullable(v.string()),
  decidedAt: v.nullable(v.string()),
  expiresAt: v.nullable(v.string()),
})
export const KycPageSchema = v.object({
  items: v.array(v.object({ ...KycViewSchema.entries, userId: v.string() })),
  nextCursor: v.nullable(v.string()),
})
export const OfficerKycSchema = v.object({
  userId: v.string(),
  current: v.looseObject({
    ...KycViewSchema.entries,
    legalName: v.string(),
    dateOfBirth: v.string(),
  }),
  earlierSubmissions: v.array(KycViewSchema),
  decisions: v.array(v.looseObject({ from: v.string(), to: v.string(), reason: v.string() })),
  screenings: v.array(v.looseObject({ id: v.string(), hit: v.boolean() })),
})

export const ResolveBody = v.object({
  resolution: v.picklist(RESOLUTIONS, `resolution must be one of ${RESOLUTIONS.join(', ')}.`),
  reason: reasonText('reason'),
})

export const AlertsQuery = v.object({
  ...PageQueryEntries,
  status: v.optional(v.picklist(['open', 'resolved'], 'status must be open or resolved')),
  userId: v.optional(uuidField('userId')),
  ruleId: v.optional(
    v.pipe(v.string(), v.regex(/^[a-z-]{1,64}$/, 'ruleId is a rule id like structuring'))
  ),
})

export const AlertSchema = v.looseObject({
  id: v.string(),
  userId: v.string(),
  orderId: v.string(),
  ruleId: v.string(),
  severity: v.picklist(['review', 'suspicious']),
  message: v.string(),
  inputs: v.record(v.string(), v.unknown()),
  thresholds: v.record(v.string(), v.object({ value: v.unknown(), source: v.string() })),
  score: v.number(),
  orderIds: v.array(v.string()),
  status: v.picklist(['open', 'resolved']),
  resolution: v.nullable(v.picklist(RESOLUTIONS)),
  createdAt: v.string(),
})
export const AlertPageSchema = v.object({
  items: v.array(AlertSchema),
  nextCursor: v.nullable(v.string()),
})

export const CasesQuery = v.object({
  ...PageQueryEntries,
  status: v.optional(
    v.picklist(['open', 'assigned', 'closed'], 'status must be open, assigned or closed')
  ),
  assigneeId: v.optional(uuidField('assigneeId')),
  subjectUserId: v.optional(uuidField('subjectUserId')),
})

export const CreateCaseBody = v.object({
  title: v.pipe(
    v.string('title must be a string.'),
    v.trim(),
    v.minLength(3, 'title is required.'),
    v.maxLength(200, 'title must be at most 200 characters.')
  ),
  subjectUserId: v.optional(uuidField('subjectUserId')),
  alertIds: v.optional(
    v.pipe(v.array(uuidField('alertIds')), v.maxLength(500, 'at most 500 alerts'))
  ),
  screeningIds: v.optional(
    v.pipe(v.array(uuidField('screeningIds')), v.maxLength(100, 'at most 100 screenings'))
  ),
  note: v.optional(reasonText('note')),
})
export const AssignBody = v.object({ assigneeId: v.optional(uuidField('assigneeId')) })
export const NoteBody = v.object({
  body: v.pipe(
    v.string('body must be a string.'),
    v.trim(),
    v.minLength(1, 'body is required.'),
    v.maxLength(10_000, 'body must be at most 10000 characters.')
  ),
})
export const CloseBody = ResolveBody

export const ExportFormatQuery = v.object({
  format: v.optional(v.picklist(['json', 'csv'], 'format must be json or csv'), 'json'),
})
export const ExportRangeQuery = v.object({
  from: isoInstant('from'),
  to: isoInstant('to'),
  format: v.optional(v.picklist(['json', 'csv'], 'format must be json or csv'), 'json'),
})

export const CaseSchema = v.looseObject({
  id: v.string(),
  title: v.string(),
  origin: v.picklist(['monitoring', 'screening', 'manual']),
  status: v.picklist(['open', 'assigned', 'closed']),
  subjectUserId: v.nullable(v.string()),
  assigneeId: v.nullable(v.string()),
  resolution: v.nullable(v.picklist(RESOLUTIONS)),
  closeReason: v.nullable(v.string()),
  createdAt: v.string(),
})
export const CaseDetailSchema = v.looseObject({
  ...CaseSchema.entries,
  items: v.array(v.looseObject({ id: v.string(), kind: v.picklist(['alert', 'screening']) })),
  notes: v.array(
    v.object({ id: v.string(), authorId: v.string(), body: v.string(), createdAt: v.string() })
  ),
})
export const CasePageSchema = v.object({
  items: v.array(CaseSchema),
  nextCursor: v.nullable(v.string()),
})
export const NoteSchema = v.object({
  id: v.string(),
  authorId: v.string(),
  body: v.string(),
  createdAt: v.string(),
})

export const ScreenBody = v.object({
  name: v.pipe(
    v.string('name must be a string.'),
    v.trim(),
    v.minLength(2, 'name is required.'),
    v.maxLength(200, 'name must be at most 200 characters.')
  ),
  type: v.optional(
    v.picklist(
      ['individual', 'entity', 'vessel', 'aircraft'],
      'type must be individual, entity, vessel or aircraft.'
    )
  ),
  idNumbers: v.optional(
    v.pipe(
      v.array(
        v.pipe(v.string('idNumbers must be strings.'), v.trim(), v.minLength(1), v.maxLength(120))
      ),
      v.maxLength(10, 'at most 10 ID numbers')
    )
  ),
})
export const ScreenResultSchema = v.object({
  screeningId: v.string(),
  threshold: v.number(),
  lists: v.array(v.object({ name: v.string(), version: v.string() })),
  matches: v.array(
    v.object({
      entNum: v.number(),
      name: v.string(),
      matchedName: v.string(),
      score: v.number(),
      list: v.string(),
      programs: v.array(v.string()),
    })
  ),
})
export const ListPageSchema = v.object({
  items: v.array(
    v.object({
      id: v.string(),
      name: v.string(),
      version: v.string(),
      importedAt: v.string(),
      ageHours: v.number(),
      active: v.boolean(),
      entries: v.number(),
      aliases: v.number(),
      idNumbers: v.number(),
      rescreenedAt: v.nullable(v.string()),
    })
  ),
  nextCursor: v.nullable(v.string()),
})
