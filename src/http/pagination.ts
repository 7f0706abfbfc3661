/**
 * @module Cursor pagination shared by every list route: `?limit=` (default 50, max 200) and
 * `?cursor=`; the body is `{ items, nextCursor }`, newest first, `nextCursor` null on the last page.
 *
 * Primary keys are UUIDv7 (time-ordered), so the cursor is the last id seen and a page is
 * `where id < cursor order by id desc limit n + 1` — stable under concurrent inserts.
 */
import * as v from 'valibot'
import { bytesToBase64Url, base64UrlToBytes } from '../lib/crypto.ts'
import { isUuid } from '../lib/ids.ts'

export const DEFAULT_LIMIT = 50
export const MAX_LIMIT = 200

const enc = new TextEncoder()
const dec = new TextDecoder()

export function encodeCursor(id: string): string {
  return bytesToBase64Url(enc.encode(id))
}

export function decodeCursor(cursor: string): string | undefined {
  try {
    const id = dec.decode(base64UrlToBytes(cursor))
    return isUuid(id) ? id : undefined
  } catch {
    return undefined
  }
}

/** Query schema: use with `validate('query', PageQuery)` or spread its entries into a bigger one. */
export const PageQueryEntries = {
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,4}$/, 'must be a whole number'),
      v.transform(Number),
      v.minValue(1, 'must be at least 1'),
      v.maxValue(MAX_LIMIT, `must be at most ${MAX_LIMIT}`)
    ),
    String(DEFAULT_LIMIT)
  ),
  cursor: v.optional(
    v.pipe(
      v.string(),
      v.check((c) => decodeCursor(c) !== undefined, 'is not a valid cursor'),
      v.transform((c) => decodeCursor(c)!)
    )
  ),
}
export const PageQuery = v.object(PageQueryEntries)
export type PageParams = v.InferOutput<typeof PageQuery>

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

/**
 * Builds the page from rows fetched with `limit + 1` (newest first): the extra row only tells that
 * another page exists.
 */
export function toPage<T extends { id: string }, U = T>(rows: T[], limit: number, map: (row: T) => U = (r) => r as unknown as U): Page<U> {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null }
}
