/**
 * @module Pieces every compliance route shares: the officer guard chain and UUID path params.
 */
import type { AuthGate } from '../auth/auth-gate.ts'
import { requireAuth, requireRole, requireScope } from '../http/auth.ts'
import { isUuid } from '../lib/ids.ts'
import { problems } from '../lib/problem.ts'

export const tags = ['compliance']

/** Officers and admins with the `compliance` scope (access token or API key); others get 403. */
export const officerOnly = (gate: AuthGate) =>
  [
    requireAuth(gate),
    requireRole('compliance_officer', 'admin'),
    requireScope('compliance'),
  ] as const

/** A UUID path parameter; anything else is a 404 like a missing row. */
export const uuidParam = (value: string, what: string) => {
  if (!isUuid(value)) throw problems.notFound(`No such ${what}.`)
  return value
}

export const USER_ID_PARAM = {
  in: 'path',
  name: 'userId',
  required: true,
  schema: { type: 'string', format: 'uuid' },
} as const
