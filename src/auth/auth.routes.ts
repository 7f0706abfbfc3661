/**
 * @module `POST /v1/auth/register`, `/login`, `/login/mfa`, `/refresh`, `/logout`; `GET /v1/auth/me`.
 */
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import { metaOf, actorOf, requireAuth, requireScope } from '../http/auth.ts'
import { jsonResponse, noContent, problemResponses, SECURITY } from '../http/openapi-doc.ts'
import type { AppEnv } from '../http/types.ts'
import { validate } from '../http/validate.ts'
import type { AuthLimiters } from './auth-rate-limits.ts'
import type { AuthGate } from './auth-gate.ts'
import type { AuthService } from './auth.service.ts'
import type { SessionsService } from './sessions.service.ts'
import {
  LoginBody,
  LogoutBody,
  MeSchema,
  MfaLoginBody,
  MfaRequiredSchema,
  RefreshBody,
  RegisteredSchema,
  registerBody,
  TokensSchema,
} from './auth.schemas.ts'
import type { PasswordPolicy } from './password-policy.ts'

const tags = ['auth']

export function createAuthRouter(deps: {
  auth: AuthService
  sessions: SessionsService
  gate: AuthGate
  limits: AuthLimiters
  policy: PasswordPolicy
}) {
  const { auth, sessions, gate, limits, policy } = deps
  return new Hono<AppEnv>()
    .post(
      '/v1/auth/register',
      describeRoute({
        tags,
        summary: 'Create an account',
        description:
          'Emails are normalised; passwords need 12+ characters and must not be common or derived from the email.',
        security: SECURITY.public,
        responses: {
          201: jsonResponse('Account created', RegisteredSchema),
          ...problemResponses(400, 409, 415, 422, 429),
        },
      }),
      limits.register,
      validate('json', registerBody(policy)),
      async (c) => c.json(await auth.register(c.req.valid('json'), metaOf(c)), 201)
    )
    .post(
      '/v1/auth/login',
      describeRoute({
        tags,
        summary: 'Sign in with email and password',
        description:
          'Returns tokens, or `{mfaRequired: true, challenge}` when two-factor is on (complete with /v1/auth/login/mfa). ' +
          'Failed attempts back off exponentially per account and per IP, then lock for a while (429 with Retry-After).',
        security: SECURITY.public,
        responses: {
          200: jsonResponse(
            'Tokens, or an MFA challenge',
            v.union([TokensSchema, MfaRequiredSchema])
          ),
          ...problemResponses(400, 401, 415, 422, 429),
        },
      }),
      limits.login,
      validate('json', LoginBody),
      async (c) => c.json(await auth.login(c.req.valid('json'), metaOf(c)), 200)
    )
    .post(
      '/v1/auth/login/mfa',
      describeRoute({
        tags,
        summary: 'Complete sign-in with a TOTP or recovery code',
        security: SECURITY.public,
        responses: {
          200: jsonResponse('Tokens', TokensSchema),
          ...problemResponses(400, 401, 415, 422, 429),
        },
      }),
      limits.login,
      validate('json', MfaLoginBody),
      async (c) => c.json(await auth.loginMfa(c.req.valid('json'), metaOf(c)), 200)
    )
    .post(
      '/v1/auth/refresh',
      describeRoute({
        tags,
        summary: 'Rotate a refresh token for a new token pair',
        description:
          'Each refresh token works once. Presenting a spent one revokes its whole family (all tokens from that sign-in).',
        security: SECURITY.public,
        responses: {
          200: jsonResponse('New tokens', TokensSchema),
          ...problemResponses(400, 401, 415, 422, 429),
        },
      }),
      limits.refresh,
      validate('json', RefreshBody),
      async (c) => c.json(await sessions.refresh(c.req.valid('json'), metaOf(c)), 200)
    )
    // readiness: public — the refresh token in the body is the credential being revoked.
    .post(
      '/v1/auth/logout',
      describeRoute({
        tags,
        summary: "Sign out: revoke the refresh token's session, or with allSessions every session",
        description: '`allSessions: true` also invalidates every access token issued until now.',
        security: SECURITY.public,
        responses: {
          204: noContent('Signed out (also for an unknown token)'),
          ...problemResponses(400, 415, 422, 429),
        },
      }),
      limits.refresh,
      validate('json', LogoutBody),
      async (c) => {
        await sessions.logout(c.req.valid('json'), metaOf(c))
        return c.body(null, 204)
      }
    )
    .get(
      '/v1/auth/me',
      describeRoute({
        tags,
        summary: 'The signed-in user',
        security: SECURITY.sessionOrApiKey,
        responses: { 200: jsonResponse('The user', MeSchema), ...problemResponses(401, 403) },
      }),
      requireAuth(gate),
      requireScope('read'),
      async (c) => c.json(await auth.me(actorOf(c)), 200)
    )
}
