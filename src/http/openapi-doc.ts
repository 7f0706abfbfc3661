/**
 * @module Building blocks for `describeRoute`: problem+json responses, JSON bodies from valibot
 * schemas, security requirements and the step-up header, so every route documents the same way.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec'
import { resolver } from 'hono-openapi'

const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', description: 'Problem type URI, e.g. /problems/validation-error' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The request id' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
} as const

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Malformed request body',
  401: 'Missing or invalid credentials',
  403: 'Not allowed (role, scope, or a step-up / two-factor requirement: see `type`)',
  404: "Not found (also for another user's resource)",
  409: 'Conflict with the current state',
  415: 'Body is not application/json',
  422: 'Invalid input: `errors[{path, message}]`',
  429: 'Too many requests or attempts; see Retry-After',
  502: 'The exchange could not be reached',
  503: 'A dependency is unavailable or not configured',
}

/** Problem+json responses for the given statuses. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: PROBLEM_TEXT[s] ?? 'Problem',
        content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } },
      },
    ])
  )
}

/** A JSON response documented from a valibot (standard) schema. */
export function jsonResponse(description: string, schema: StandardSchemaV1) {
  return { description, content: { 'application/json': { schema: resolver(schema) } } }
}

export const noContent = (description: string) => ({ description })

type SecurityRequirement = Record<string, string[]>

export const SECURITY: Record<'public' | 'session' | 'sessionOrApiKey', SecurityRequirement[]> = {
  public: [],
  /** An access token from sign-in. */
  session: [{ bearerAuth: [] }],
  /** An access token or a platform API key (Bearer or X-API-Key). */
  sessionOrApiKey: [{ bearerAuth: [] }, { apiKeyAuth: [] }],
}

export const STEP_UP_HEADER = {
  in: 'header',
  name: 'X-Step-Up-Token',
  required: true,
  description: 'From POST /v1/auth/step-up (valid 5 minutes). Without it: 403 step-up-required.',
  schema: { type: 'string' },
} as const

export const ID_PARAM = {
  in: 'path',
  name: 'id',
  required: true,
  schema: { type: 'string', format: 'uuid' },
} as const
