/**
 * @module `GET/POST /v1/exchange-keys`, `GET/DELETE /v1/exchange-keys/:id`,
 * `POST /v1/exchange-keys/:id/validate`. Keys are returned masked; changes need a step-up token.
 */
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import type { AuthGate } from '../auth/auth-gate.ts'
import type { AuthLimiters } from '../auth/auth-rate-limits.ts'
import { actorOf, requireAuth, requireScope, requireStepUp } from '../http/auth.ts'
import {
  ID_PARAM,
  jsonResponse,
  noContent,
  problemResponses,
  SECURITY,
  STEP_UP_HEADER,
} from '../http/openapi-doc.ts'
import { PageQuery } from '../http/pagination.ts'
import type { AppEnv } from '../http/types.ts'
import { validate } from '../http/validate.ts'
import { isUuid } from '../lib/ids.ts'
import { problems } from '../lib/problem.ts'
import { EXCHANGES_WITH_KEYS, VALIDATION_STATUSES } from './exchange-keys.schema.ts'
import type { ExchangeKeysService } from './exchange-keys.service.ts'

const tags = ['exchange-keys']
const printable = (name: string, min: number, max: number) =>
  v.pipe(
    v.string(`${name} must be a string.`),
    v.minLength(min, `${name} must be at least ${min} characters.`),
    v.maxLength(max, `${name} must be at most ${max} characters.`),
    // PEM private keys (Coinbase) span lines; nothing else may carry control characters.
    v.check(
      (s) => !/[\u0000-\u0009\u000b-\u001f\u007f]/.test(s),
      `${name} contains control characters.`
    )
  )

const CreateBody = v.object({
  exchange: v.picklist(
    EXCHANGES_WITH_KEYS,
    `Exchange must be one of: ${EXCHANGES_WITH_KEYS.join(', ')}.`
  ),
  apiKey: printable('apiKey', 16, 512),
  secret: printable('secret', 16, 4096),
  passphrase: v.optional(printable('passphrase', 1, 128)),
  label: v.optional(
    v.pipe(
      v.string('Label must be a string.'),
      v.trim(),
      v.minLength(1, 'Label must not be empty.'),
      v.maxLength(64, 'Label must be at most 64 characters.')
    )
  ),
})

const KeySchema = v.object({
  id: v.string(),
  exchange: v.picklist(EXCHANGES_WITH_KEYS),
  label: v.nullable(v.string()),
  maskedApiKey: v.string(),
  validationStatus: v.picklist(VALIDATION_STATUSES),
  validationReason: v.nullable(v.string()),
  validatedAt: v.nullable(v.string()),
  createdAt: v.string(),
})
const PageSchema = v.object({ items: v.array(KeySchema), nextCursor: v.nullable(v.string()) })

const idOf = (id: string) => {
  if (!isUuid(id)) throw problems.notFound('No such exchange key.')
  return id
}

export function createExchangeKeysRouter(deps: {
  exchangeKeys: ExchangeKeysService
  gate: AuthGate
  limits: AuthLimiters
}) {
  const { exchangeKeys, gate, limits } = deps
  const session = requireAuth(gate, { apiKeys: false })
  return new Hono<AppEnv>()
    .get(
      '/v1/exchange-keys',
      describeRoute({
        tags,
        summary: 'Your exchange keys, masked',
        security: SECURITY.sessionOrApiKey,
        responses: {
          200: jsonResponse('A page of keys, newest first', PageSchema),
          ...problemResponses(401, 403, 422),
        },
      }),
      requireAuth(gate),
      requireScope('read'),
      validate('query', PageQuery),
      async (c) => c.json(await exchangeKeys.list(actorOf(c), c.req.valid('query')), 200)
    )
    .post(
      '/v1/exchange-keys',
      describeRoute({
        tags,
        summary: 'Store an exchange API key (encrypted at rest; step-up required)',
        security: SECURITY.session,
        parameters: [STEP_UP_HEADER],
        responses: {
          201: jsonResponse('The stored key, masked', KeySchema),
          ...problemResponses(400, 401, 403, 409, 415, 422, 503),
        },
      }),
      session,
      requireStepUp(gate),
      validate('json', CreateBody),
      async (c) => c.json(await exchangeKeys.create(actorOf(c), c.req.valid('json')), 201)
    )
    .get(
      '/v1/exchange-keys/:id',
      describeRoute({
        tags,
        summary: 'One of your exchange keys, masked',
        security: SECURITY.sessionOrApiKey,
        parameters: [ID_PARAM],
        responses: {
          200: jsonResponse('The key, masked', KeySchema),
          ...problemResponses(401, 403, 404),
        },
      }),
      requireAuth(gate),
      requireScope('read'),
      async (c) => c.json(await exchangeKeys.get(actorOf(c), idOf(c.req.param('id'))), 200)
    )
    .delete(
      '/v1/exchange-keys/:id',
      describeRoute({
        tags,
        summary: 'Delete an exchange key (step-up required)',
        security: SECURITY.session,
        parameters: [ID_PARAM, STEP_UP_HEADER],
        responses: { 204: noContent('Deleted'), ...problemResponses(401, 403, 404) },
      }),
      session,
      requireStepUp(gate),
      async (c) => {
        await exchangeKeys.remove(actorOf(c), idOf(c.req.param('id')))
        return c.body(null, 204)
      }
    )
    .post(
      '/v1/exchange-keys/:id/validate',
      describeRoute({
        tags,
        summary: 'Check the key against the exchange (a signed read) and record the result',
        security: SECURITY.session,
        parameters: [ID_PARAM],
        responses: {
          200: jsonResponse('The key with its validation status', KeySchema),
          ...problemResponses(401, 403, 404, 429, 502, 503),
        },
      }),
      session,
      limits.validateKey,
      async (c) => c.json(await exchangeKeys.validate(actorOf(c), idOf(c.req.param('id'))), 200)
    )
}
