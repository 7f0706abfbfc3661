import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { uuidv7 } from '../lib/ids.ts'
import { decodeCursor, encodeCursor, PageQuery, toPage } from './pagination.ts'

describe('pagination', () => {
  it('should default to 50 and cap at 200', () => {
    expect(v.parse(PageQuery, {})).toEqual({ limit: 50 })
    expect(v.safeParse(PageQuery, { limit: '201' }).success).toBe(false)
    expect(v.safeParse(PageQuery, { limit: '0' }).success).toBe(false)
    expect(v.safeParse(PageQuery, { limit: '-1' }).success).toBe(false)
  })

  it('should round-trip cursors and refuse forged ones', () => {
    const id = uuidv7()
    expect(decodeCursor(encodeCursor(id))).toBe(id)
    expect(v.parse(PageQuery, { cursor: encodeCursor(id) }).cursor).toBe(id)
    expect(v.safeParse(PageQuery, { cursor: encodeCursor("1' or '1'='1") }).success).toBe(false)
    expect(v.safeParse(PageQuery, { cursor: '!!!' }).success).toBe(false)
  })

  it('should give a next cursor only when more rows exist', () => {
    const rows = [uuidv7(), uuidv7(), uuidv7()].map((id) => ({ id }))
    expect(toPage(rows, 2)).toEqual({ items: rows.slice(0, 2), nextCursor: encodeCursor(rows[1]!.id) })
    expect(toPage(rows.slice(0, 2), 2)).toEqual({ items: rows.slice(0, 2), nextCursor: null })
  })
})
