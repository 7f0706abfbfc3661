/**
 * @module `POST /v1/auth/2fa/enroll`, `/2fa/confirm`, `/2fa/disable`, `/2fa/recovery-codes` and
 * `POST /v1/auth/step-up`. Interactive sessions only (no API keys).
 */
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { actorOf, requireAuth, requireStepUp } from '../http/auth.ts'
import {
  jsonResponse,
  noContent,
  problemResponses,
  SECURITY,
  STEP_UP_HEADER,
} from '../http/openapi-doc.ts'
import type { AppEnv } from '../http/types.ts'
import { validate } from '../http/validate.ts'
import type { AuthGate } from './auth-gate.ts'
import type { AuthLimiters } from './auth-rate-limits.ts'
import {
  CodeBody,
  ConfirmedSchema,
  DisableBody,
  EnrollSchema,
  RecoveryCodesSchema,
  StepUpSchema,
} from './auth.schemas.ts'
import type { TwoFactorService } from './two-factor.service.ts'

const tags = ['two-factor']

export function createTwoFactorRouter(deps: {
  twoFactor: TwoFactorService
  gate: AuthGate
  limits: AuthLimiters
}) {
  const { twoFactor, gate, limits } = deps
  const session = requireAuth(gate, { apiKeys: false })
  return new Hono<AppEnv>()
    .post(
      '/v1/auth/2fa/enroll',
      describeRoute({
        tags,
        summary: 'Start TOTP enrolment: a new secret and its otpauth:// URI (shown once)',
        security: SECURITY.session,
        responses: {
          200: jsonResponse('Secret to add to an authenticator app', EnrollSchema),
          ...problemResponses(401, 403, 409, 503),
        },
      }),
      session,
      async (c) => c.json(await twoFactor.enroll(actorOf(c)), 200)
    )
    .post(
      '/v1/auth/2fa/confirm',
      describeRoute({
        tags,
        summary:
          'Turn two-factor on with a first code; returns ten single-use recovery codes (shown once)',
        security: SECURITY.session,
        responses: {
          200: jsonResponse('Enabled', ConfirmedSchema),
          ...problemResponses(400, 401, 403, 409, 415, 422, 429),
        },
      }),
      session,
      limits.code,
      validate('json', CodeBody),
      async (c) => c.json(await twoFactor.confirm(actorOf(c), c.req.valid('json')), 200)
    )
    .post(
      '/v1/auth/2fa/disable',
      describeRoute({
        tags,
        summary: 'Turn two-factor off (step-up, password and a current code)',
        security: SECURITY.session,
        parameters: [STEP_UP_HEADER],
        responses: {
          204: noContent('Disabled'),
          ...problemResponses(400, 401, 403, 415, 422, 429),
        },
      }),
      session,
      limits.code,
      requireStepUp(gate),
      validate('json', DisableBody),
      async (c) => {
        await twoFactor.disable(actorOf(c), c.req.valid('json'))
        return c.body(null, 204)
      }
    )
    .post(
      '/v1/auth/2fa/recovery-codes',
      describeRoute({
        tags,
        summary: 'Replace all recovery codes (step-up); the new ones are shown once',
        security: SECURITY.session,
        parameters: [STEP_UP_HEADER],
        responses: {
          200: jsonResponse('New recovery codes', RecoveryCodesSchema),
          ...problemResponses(401, 403),
        },
      }),
      session,
      requireStepUp(gate),
      async (c) => c.json(await twoFactor.regenerateRecoveryCodes(actorOf(c)), 200)
    )
    .post(
      '/v1/auth/step-up',
      describeRoute({
        tags,
        summary: 'Exchange a fresh TOTP or recovery code for a 5-minute step-up token',
        description:
          'Send the token as X-Step-Up-Token on exchange-key changes, 2FA changes and live orders.',
        security: SECURITY.session,
        responses: {
          200: jsonResponse('Step-up token', StepUpSchema),
          ...problemResponses(400, 401, 403, 415, 422, 429),
        },
      }),
      session,
      limits.code,
      validate('json', CodeBody),
      async (c) => c.json(await twoFactor.stepUp(actorOf(c), c.req.valid('json')), 200)
    )
}
