/**
 * @module Request validation with valibot through hono-openapi's validator, so the same schema both
 * checks the request and documents it in `/openapi.json`.
 *
 * Failures become problems: wrong media type → 415, schema violations → 422 with `errors[{path,
 * message}]`. (Malformed JSON is Hono's 400, rendered by `onError`.)
 */
import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { Context, Env, ValidationTargets } from 'hono'
import { validator } from 'hono-openapi'
import { ProblemError, problems, type FieldError } from '../lib/problem.ts'

const JSON_MEDIA_RE = /^application\/([\w.-]+\+)?json$/i

export function issuesToFieldErrors(issues: ReadonlyArray<StandardSchemaV1.Issue>): FieldError[] {
  return issues.map((issue) => ({
    path: (issue.path ?? [])
      .map((p) => (typeof p === 'object' && p !== null && 'key' in p ? String(p.key) : String(p)))
      .join('.'),
    message: issue.message,
  }))
}

function hook<E extends Env>(
  result: { success: boolean; target: keyof ValidationTargets; error?: ReadonlyArray<StandardSchemaV1.Issue> },
  c: Context<E>
): void {
  if (result.target === 'json') {
    const media = (c.req.header('content-type') ?? '').split(';')[0]!.trim()
    if (!JSON_MEDIA_RE.test(media)) {
      throw new ProblemError({
        status: 415,
        type: 'unsupported-media-type',
        detail: 'Send the request body as application/json.',
      })
    }
  }
  if (!result.success) throw problems.validation(issuesToFieldErrors(result.error ?? []))
}

/**
 * Validates one part of the request; read the result with `c.req.valid(target)`.
 *
 * @example app.post('/v1/things', validate('json', ThingSchema), (c) => c.json(c.req.valid('json')))
 */
export function validate<S extends StandardSchemaV1, T extends keyof ValidationTargets>(target: T, schema: S) {
  return validator(target, schema, hook as never)
}
