/**
 * @module `GET /v1/compliance/audit-log/verify` (admins and compliance officers).
 */
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import type { AuthGate } from '../../auth/auth-gate.ts'
import { actorOf, requireAuth, requireRole, requireScope } from '../../http/auth.ts'
import { jsonResponse, problemResponses, SECURITY } from '../../http/openapi-doc.ts'
import type { AppEnv } from '../../http/types.ts'
import { validate } from '../../http/validate.ts'
import { verifyAuditLogAs, type AuditLog } from './audit-log.ts'

const VerifyQuery = v.object({
  expectedHead: v.optional(
    v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'))
  ),
})

const VerificationSchema = v.variant('ok', [
  v.object({
    ok: v.literal(true),
    count: v.number(),
    headHash: v.string(),
    headSeq: v.nullable(v.number()),
  }),
  v.object({
    ok: v.literal(false),
    index: v.number(),
    rowId: v.nullable(v.string()),
    seq: v.nullable(v.number()),
    reason: v.picklist(['malformed', 'prev-hash-mismatch', 'hash-mismatch', 'head-mismatch']),
    detail: v.string(),
  }),
])

export function createAuditLogRouter(deps: { auditLog: AuditLog; gate: AuthGate }) {
  return new Hono<AppEnv>().get(
    '/v1/compliance/audit-log/verify',
    describeRoute({
      tags: ['compliance'],
      summary: 'Verify the audit log hash chain; reports the first broken link',
      description:
        'Pass `expectedHead` (a head hash recorded elsewhere, e.g. from the hourly `audit log head` log line) ' +
        'to also detect dropped newest rows. A broken chain is a 200 with `ok: false`.',
      security: SECURITY.sessionOrApiKey,
      responses: {
        200: jsonResponse('Verification result', VerificationSchema),
        ...problemResponses(401, 403, 422),
      },
    }),
    requireAuth(deps.gate),
    requireRole('admin', 'compliance_officer'),
    requireScope('compliance'),
    validate('query', VerifyQuery),
    async (c) =>
      c.json(await verifyAuditLogAs(deps.auditLog, actorOf(c), c.req.valid('query')), 200)
  )
}
