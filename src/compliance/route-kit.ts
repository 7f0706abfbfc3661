/**
 * @module Pieces every compliance route shares: the tag and UUID path params. Officer routes spell
 * out `requireAuth`, `requireRole`, `requireScope` inline so readers (and the audit) see the guard.
 */
import { isUuid } from '../lib/ids.ts'
import { problems } from '../lib/problem.ts'

export const tags = ['compliance']

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
