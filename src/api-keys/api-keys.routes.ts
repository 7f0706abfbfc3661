/**
 * @module `GET/POST /v1/api-keys`, `GET/DELETE /v1/api-keys/:id`: platform API keys.
 */
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import type { AuthGate } from '../auth/auth-gate.ts'
import { actorOf, requireAuth, requireScope } from '../http/auth.ts'
import {
  ID_PARAM,
  jsonResponse,
  noContent,
  problemResponses,
  SECURITY,
} from '../http/openapi-doc.ts'
import { PageQuery } from '../http/pagination.ts'
import type { AppEnv } from '../http/types.ts'
import { validate } from '../http/validate.ts'
import { isUuid } from '../lib/ids.ts'
import { problems } from '../lib/problem.ts'
import type { ApiKeysService } from './api-keys.service.ts'

const tags = ['api-keys']

const CreateBody = v.object({
  name: v.pipe(
    v.string('Name must be a string.'),
    v.trim(),
    v.minLength(1, 'Name is required.'),
    v.maxLength(64, 'Name must be at most 64 characters.')
  ),
  scopes: v.pipe(
    v.array(
      v.picklist(['read', 'trade', 'compliance'], 'Scopes are read, trade and compliance.'),
      'Scopes must be a list.'
    ),
    v.minLength(1, 'Choose at least one scope.'),
    v.maxLength(3, 'At most three scopes.')
  ),
  expiresInDays: v.optional(
    v.pipe(
      v.number('expiresInDays must be a number.'),
      v.integer('expiresInDays must be whole days.'),
      v.minValue(1, 'At least 1 day.'),
      v.maxValue(365, 'At most 365 days.')
    )
  ),
})

const KeySchema = v.object({
  id: v.string(),
  name: v.string(),
  prefix: v.string(),
  scopes: v.array(v.string()),
  expiresAt: v.nullable(v.string()),
  lastUsedAt: v.nullable(v.string()),
  createdAt: v.string(),
})
const CreatedSchema = v.object({ ...KeySchema.entries, key: v.string() })
const PageSchema = v.object({ items: v.array(KeySchema), nextCursor: v.nullable(v.string()) })

const idOf = (id: string) => {
  if (!isUuid(id)) throw problems.notFound('No such API key.')
  return id
}

export function createApiKeysRouter(deps: { apiKeys: ApiKeysService; gate: AuthGate }) {
  const { apiKeys, gate } = deps
  const session = requireAuth(gate, { apiKeys: false })
  return new Hono<AppEnv>()
    .get(
      '/v1/api-keys',
      describeRoute({
        tags,
        summary: 'Your active API keys (the secret part is never shown again)',
        security: SECURITY.sessionOrApiKey,
        responses: {
          200: jsonResponse('A page of keys, newest first', PageSchema),
          ...problemResponses(401, 403, 422),
        },
      }),
      requireAuth(gate),
      requireScope('read'),
      validate('query', PageQuery),
      async (c) => c.json(await apiKeys.list(actorOf(c), c.req.valid('query')), 200)
    )
    .post(
      '/v1/api-keys',
      describeRoute({
        tags,
        summary: 'Create an API key; the key is in this response only',
        description:
          'Use it as `Authorization: Bearer <key>` or `X-API-Key: <key>`. Scopes do not imply one another. Default expiry 90 days.',
        security: SECURITY.session,
        responses: {
          201: jsonResponse('The key, shown once', CreatedSchema),
          ...problemResponses(400, 401, 403, 409, 415, 422),
        },
      }),
      session,
      validate('json', CreateBody),
      async (c) => c.json(await apiKeys.create(actorOf(c), c.req.valid('json')), 201)
    )
    .get(
      '/v1/api-keys/:id',
      describeRoute({
        tags,
        summary: 'One of your API keys',
        security: SECURITY.sessionOrApiKey,
        parameters: [ID_PARAM],
        responses: {
          200: jsonResponse('The key (without its secret)', KeySchema),
          ...problemResponses(401, 403, 404),
        },
      }),
      requireAuth(gate),
      requireScope('read'),
      async (c) => c.json(await apiKeys.get(actorOf(c), idOf(c.req.param('id'))), 200)
    )
    .delete(
      '/v1/api-keys/:id',
      describeRoute({
        tags,
        summary: 'Revoke an API key',
        security: SECURITY.session,
        parameters: [ID_PARAM],
        responses: { 204: noContent('Revoked'), ...problemResponses(401, 403, 404) },
      }),
      session,
      async (c) => {
        await apiKeys.revoke(actorOf(c), idOf(c.req.param('id')))
        return c.body(null, 204)
      }
    )
}
