/**
 * @module KYC routes: `POST/GET /v1/kyc`, `GET /v1/kyc/:id` (the caller's own), and for officers
 * `GET /v1/compliance/kyc`, `GET /v1/compliance/kyc/:userId`,
 * `POST /v1/compliance/kyc/:userId/decision`.
 */
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import type { AuthGate } from '../../auth/auth-gate.ts'
import { actorOf, requireAuth, requireRole, requireScope } from '../../http/auth.ts'
import { ID_PARAM, jsonResponse, problemResponses, SECURITY } from '../../http/openapi-doc.ts'
import type { AppEnv } from '../../http/types.ts'
import { validate } from '../../http/validate.ts'
import type { Clock } from '../../lib/clock.ts'
import {
  DecisionBody,
  KycListQuery,
  KycPageSchema,
  KycViewSchema,
  OfficerKycSchema,
} from '../compliance.schemas.ts'
import { tags, USER_ID_PARAM, uuidParam } from '../route-kit.ts'
import { kycSubmissionSchema } from './kyc-input.ts'
import type { KycService } from './kyc.service.ts'

export function createKycRouter(deps: { kyc: KycService; gate: AuthGate; clock: Clock }) {
  const { kyc, gate, clock } = deps
  const SubmissionBody = kycSubmissionSchema(() => clock.now())
  return new Hono<AppEnv>()
    .post(
      '/v1/kyc',
      describeRoute({
        tags,
        summary: 'Submit identity verification (KYC)',
        description:
          'Legal name, date of birth (18+), country (ISO 3166-1 alpha-2), address, document type and number. ' +
          'Personal fields are stored encrypted. The name is screened against the active sanctions lists. ' +
          'A second submission while one is pending, in review or approved: 409.',
        security: SECURITY.session,
        responses: {
          201: jsonResponse('The submission and its status', KycViewSchema),
          ...problemResponses(400, 401, 403, 409, 415, 422),
        },
      }),
      requireAuth(gate, { apiKeys: false }),
      validate('json', SubmissionBody),
      async (c) => c.json(await kyc.submit(actorOf(c), c.req.valid('json')), 201)
    )
    .get(
      '/v1/kyc',
      describeRoute({
        tags,
        summary: 'Your KYC status (`not_started` before any submission)',
        security: SECURITY.sessionOrApiKey,
        responses: {
          200: jsonResponse('Your current submission', KycViewSchema),
          ...problemResponses(401, 403),
        },
      }),
      requireAuth(gate),
      requireScope('read'),
      async (c) => c.json(await kyc.mine(actorOf(c)), 200)
    )
    .get(
      '/v1/kyc/:id',
      describeRoute({
        tags,
        summary: 'One of your KYC submissions',
        security: SECURITY.sessionOrApiKey,
        parameters: [ID_PARAM],
        responses: {
          200: jsonResponse('The submission', KycViewSchema),
          ...problemResponses(401, 403, 404),
        },
      }),
      requireAuth(gate),
      requireScope('read'),
      async (c) =>
        c.json(await kyc.mineById(actorOf(c), uuidParam(c.req.param('id'), 'KYC submission')), 200)
    )
    .get(
      '/v1/compliance/kyc',
      describeRoute({
        tags,
        summary: 'KYC submissions by status, newest first (officers)',
        security: SECURITY.sessionOrApiKey,
        responses: {
          200: jsonResponse('A page of submissions', KycPageSchema),
          ...problemResponses(401, 403, 422),
        },
      }),
      requireAuth(gate),
      requireRole('compliance_officer', 'admin'),
      requireScope('compliance'),
      validate('query', KycListQuery),
      async (c) => {
        const { status, ...page } = c.req.valid('query')
        return c.json(await kyc.list(actorOf(c), { status }, page), 200)
      }
    )
    .get(
      '/v1/compliance/kyc/:userId',
      describeRoute({
        tags,
        summary:
          "A user's KYC with personal data, decisions and screenings (officers; audit-logged)",
        security: SECURITY.sessionOrApiKey,
        parameters: [USER_ID_PARAM],
        responses: {
          200: jsonResponse('The KYC file', OfficerKycSchema),
          ...problemResponses(401, 403, 404),
        },
      }),
      requireAuth(gate),
      requireRole('compliance_officer', 'admin'),
      requireScope('compliance'),
      async (c) =>
        c.json(await kyc.officerView(actorOf(c), uuidParam(c.req.param('userId'), 'user')), 200)
    )
    .post(
      '/v1/compliance/kyc/:userId/decision',
      describeRoute({
        tags,
        summary: "Decide a user's KYC: approved, rejected or in_review, with a reason (officers)",
        description:
          'Audit-logged. Approval needs a sanctions screening of the submission; `expiresAt` optionally ' +
          'limits an approval. Officers cannot decide their own KYC.',
        security: SECURITY.sessionOrApiKey,
        parameters: [USER_ID_PARAM],
        responses: {
          200: jsonResponse('The submission after the decision', KycViewSchema),
          ...problemResponses(400, 401, 403, 404, 409, 415, 422),
        },
      }),
      requireAuth(gate),
      requireRole('compliance_officer', 'admin'),
      requireScope('compliance'),
      validate('json', DecisionBody),
      async (c) => {
        const userId = uuidParam(c.req.param('userId'), 'user')
        return c.json(await kyc.decide(actorOf(c), userId, c.req.valid('json')), 200)
      }
    )
}
