/**
 * @module `POST /v1/compliance/screen` and `GET /v1/compliance/sanctions/lists` (officers).
 */
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import type { AuthGate } from '../../auth/auth-gate.ts'
import { actorOf, requireAuth, requireRole, requireScope } from '../../http/auth.ts'
import { jsonResponse, problemResponses, SECURITY } from '../../http/openapi-doc.ts'
import { PageQuery } from '../../http/pagination.ts'
import type { AppEnv } from '../../http/types.ts'
import { validate } from '../../http/validate.ts'
import { ListPageSchema, ScreenBody, ScreenResultSchema } from '../compliance.schemas.ts'
import { tags } from '../route-kit.ts'
import type { ScreeningService } from './screening.service.ts'

export function createSanctionsRouter(deps: { screening: ScreeningService; gate: AuthGate }) {
  const { screening, gate } = deps
  return new Hono<AppEnv>()
    .post(
      '/v1/compliance/screen',
      describeRoute({
        tags,
        summary:
          'Screen a name against the active sanctions lists (officers; stored and audit-logged)',
        description:
          'Matches at or above the configured threshold (default 0.80), best first, scores 0–1; an exact ' +
          'ID-number match scores 1. 503 when no list has been imported.',
        security: SECURITY.sessionOrApiKey,
        responses: {
          200: jsonResponse('The matches', ScreenResultSchema),
          ...problemResponses(400, 401, 403, 415, 422, 503),
        },
      }),
      requireAuth(gate),
      requireRole('compliance_officer', 'admin'),
      requireScope('compliance'),
      validate('json', ScreenBody),
      async (c) => c.json(await screening.screenOnDemand(actorOf(c), c.req.valid('json')), 200)
    )
    .get(
      '/v1/compliance/sanctions/lists',
      describeRoute({
        tags,
        summary: 'Imported sanctions list versions with their age, newest first (officers)',
        security: SECURITY.sessionOrApiKey,
        responses: {
          200: jsonResponse('A page of list versions', ListPageSchema),
          ...problemResponses(401, 403, 422),
        },
      }),
      requireAuth(gate),
      requireRole('compliance_officer', 'admin'),
      requireScope('compliance'),
      validate('query', PageQuery),
      async (c) => c.json(await screening.listVersions(actorOf(c), c.req.valid('query')), 200)
    )
}
