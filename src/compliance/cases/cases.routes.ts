/**
 * @module Alert and case routes (officers): `GET /v1/compliance/alerts`,
 * `POST /v1/compliance/alerts/:id/resolve`, `GET/POST /v1/compliance/cases`,
 * `GET /v1/compliance/cases/:id`, `POST …/:id/assign`, `…/:id/notes`, `…/:id/close`, and exports
 * (`GET /v1/compliance/cases/export?from&to&format`, `GET /v1/compliance/cases/:id/export`).
 */
import { Hono, type Context } from 'hono'
import { describeRoute } from 'hono-openapi'
import type { AuthGate } from '../../auth/auth-gate.ts'
import { actorOf, requireAuth, requireRole, requireScope } from '../../http/auth.ts'
import { ID_PARAM, jsonResponse, problemResponses, SECURITY } from '../../http/openapi-doc.ts'
import type { AppEnv } from '../../http/types.ts'
import { validate } from '../../http/validate.ts'
import {
  AlertPageSchema,
  AlertSchema,
  AlertsQuery,
  AssignBody,
  CaseDetailSchema,
  CasePageSchema,
  CaseSchema,
  CasesQuery,
  CloseBody,
  CreateCaseBody,
  ExportFormatQuery,
  ExportRangeQuery,
  NoteBody,
  NoteSchema,
  ResolveBody,
} from '../compliance.schemas.ts'
import { tags, uuidParam } from '../route-kit.ts'
import type { CasesService, ExportFile } from './cases.service.ts'

const exportResponse = {
  description: 'The export, as an attachment',
  content: { 'application/json': {}, 'text/csv': {} },
}

function sendFile(c: Context<AppEnv>, file: ExportFile) {
  c.header('content-disposition', `attachment; filename="${file.filename}"`)
  c.header('cache-control', 'no-store')
  return c.body(file.body, 200, { 'content-type': file.contentType })
}

export function createCasesRouter(deps: { cases: CasesService; gate: AuthGate }) {
  const { cases, gate } = deps
  const caseId = (c: Context<AppEnv>) => uuidParam(c.req.param('id') ?? '', 'case')
  return new Hono<AppEnv>()
    .get(
      '/v1/compliance/alerts',
      describeRoute({
        tags,
        summary: 'Monitoring alerts, newest first (officers)',
        security: SECURITY.sessionOrApiKey,
        responses: {
          200: jsonResponse('A page of alerts', AlertPageSchema),
          ...problemResponses(401, 403, 422),
        },
      }),
      requireAuth(gate),
      requireRole('compliance_officer', 'admin'),
      requireScope('compliance'),
      validate('query', AlertsQuery),
      async (c) => {
        const { status, userId, ruleId, ...page } = c.req.valid('query')
        return c.json(await cases.listAlerts(actorOf(c), { status, userId, ruleId }, page), 200)
      }
    )
    .post(
      '/v1/compliance/alerts/:id/resolve',
      describeRoute({
        tags,
        summary: 'Resolve an alert with a resolution and a reason (officers; audit-logged)',
        security: SECURITY.sessionOrApiKey,
        parameters: [ID_PARAM],
        responses: {
          200: jsonResponse('The resolved alert', AlertSchema),
          ...problemResponses(400, 401, 403, 404, 409, 415, 422),
        },
      }),
      requireAuth(gate),
      requireRole('compliance_officer', 'admin'),
      requireScope('compliance'),
      validate('json', ResolveBody),
      async (c) => {
        const id = uuidParam(c.req.param('id'), 'alert')
        return c.json(await cases.resolveAlert(actorOf(c), id, c.req.valid('json')), 200)
      }
    )
    .get(
      '/v1/compliance/cases',
      describeRoute({
        tags,
        summary: 'Cases, newest first (officers)',
        security: SECURITY.sessionOrApiKey,
        responses: {
          200: jsonResponse('A page of cases', CasePageSchema),
          ...problemResponses(401, 403, 422),
        },
      }),
      requireAuth(gate),
      requireRole('compliance_officer', 'admin'),
      requireScope('compliance'),
      validate('query', CasesQuery),
      async (c) => {
        const { status, assigneeId, subjectUserId, ...page } = c.req.valid('query')
        return c.json(
          await cases.list(actorOf(c), { status, assigneeId, subjectUserId }, page),
          200
        )
      }
    )
    .post(
      '/v1/compliance/cases',
      describeRoute({
        tags,
        summary: 'Open a case, optionally with alerts, screenings and a first note (officers)',
        security: SECURITY.sessionOrApiKey,
        responses: {
          201: jsonResponse('The new case', CaseDetailSchema),
          ...problemResponses(400, 401, 403, 415, 422),
        },
      }),
      requireAuth(gate),
      requireRole('compliance_officer', 'admin'),
      requireScope('compliance'),
      validate('json', CreateCaseBody),
      async (c) => c.json(await cases.create(actorOf(c), c.req.valid('json')), 201)
    )
    .get(
      '/v1/compliance/cases/export',
      describeRoute({
        tags,
        summary: 'Export the cases opened in [from, to) as JSON or CSV (officers; audit-logged)',
        security: SECURITY.sessionOrApiKey,
        responses: { 200: exportResponse, ...problemResponses(401, 403, 422) },
      }),
      requireAuth(gate),
      requireRole('compliance_officer', 'admin'),
      requireScope('compliance'),
      validate('query', ExportRangeQuery),
      async (c) => {
        const { from, to, format } = c.req.valid('query')
        return sendFile(
          c,
          await cases.exportRange(actorOf(c), { from: new Date(from), to: new Date(to) }, format)
        )
      }
    )
    .get(
      '/v1/compliance/cases/:id',
      describeRoute({
        tags,
        summary: 'A case with its alerts, screenings and notes (officers)',
        security: SECURITY.sessionOrApiKey,
        parameters: [ID_PARAM],
        responses: {
          200: jsonResponse('The case', CaseDetailSchema),
          ...problemResponses(401, 403, 404),
        },
      }),
      requireAuth(gate),
      requireRole('compliance_officer', 'admin'),
      requireScope('compliance'),
      async (c) => c.json(await cases.get(actorOf(c), caseId(c)), 200)
    )
    .get(
      '/v1/compliance/cases/:id/export',
      describeRoute({
        tags,
        summary: 'Export one case as JSON or CSV (officers; audit-logged)',
        security: SECURITY.sessionOrApiKey,
        parameters: [ID_PARAM],
        responses: { 200: exportResponse, ...problemResponses(401, 403, 404, 422) },
      }),
      requireAuth(gate),
      requireRole('compliance_officer', 'admin'),
      requireScope('compliance'),
      validate('query', ExportFormatQuery),
      async (c) =>
        sendFile(c, await cases.exportCase(actorOf(c), caseId(c), c.req.valid('query').format))
    )
    .post(
      '/v1/compliance/cases/:id/assign',
      describeRoute({
        tags,
        summary: 'Assign a case to an officer (default: yourself)',
        security: SECURITY.sessionOrApiKey,
        parameters: [ID_PARAM],
        responses: {
          200: jsonResponse('The case', CaseSchema),
          ...problemResponses(400, 401, 403, 404, 409, 415, 422),
        },
      }),
      requireAuth(gate),
      requireRole('compliance_officer', 'admin'),
      requireScope('compliance'),
      validate('json', AssignBody),
      async (c) => c.json(await cases.assign(actorOf(c), caseId(c), c.req.valid('json')), 200)
    )
    .post(
      '/v1/compliance/cases/:id/notes',
      describeRoute({
        tags,
        summary: 'Add a note to an open case',
        security: SECURITY.sessionOrApiKey,
        parameters: [ID_PARAM],
        responses: {
          201: jsonResponse('The note', NoteSchema),
          ...problemResponses(400, 401, 403, 404, 409, 415, 422),
        },
      }),
      requireAuth(gate),
      requireRole('compliance_officer', 'admin'),
      requireScope('compliance'),
      validate('json', NoteBody),
      async (c) => c.json(await cases.addNote(actorOf(c), caseId(c), c.req.valid('json')), 201)
    )
    .post(
      '/v1/compliance/cases/:id/close',
      describeRoute({
        tags,
        summary:
          'Close a case with a resolution and a reason; its open alerts are resolved with it',
        security: SECURITY.sessionOrApiKey,
        parameters: [ID_PARAM],
        responses: {
          200: jsonResponse('The closed case', CaseDetailSchema),
          ...problemResponses(400, 401, 403, 404, 409, 415, 422),
        },
      }),
      requireAuth(gate),
      requireRole('compliance_officer', 'admin'),
      requireScope('compliance'),
      validate('json', CloseBody),
      async (c) => c.json(await cases.close(actorOf(c), caseId(c), c.req.valid('json')), 200)
    )
}
