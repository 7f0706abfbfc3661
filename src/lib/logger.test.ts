import { describe, expect, it } from 'vitest'
import { createLogger, describeError, redact, REDACTED } from './logger.ts'

describe('logger', () => {
  it('should redact secret-named fields at any depth', () => {
    expect(
      redact({ email: 'a@b.c', password: 'hunter2', nested: { apiKey: 'k', refreshToken: 'r', list: [{ totpSecret: 's' }] } })
    ).toEqual({ email: 'a@b.c', password: REDACTED, nested: { apiKey: REDACTED, refreshToken: REDACTED, list: [{ totpSecret: REDACTED }] } })
  })

  it('should redact credential-shaped values whatever their key', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl'
    expect(redact(`header Bearer ${jwt}`)).toBe(`header ${REDACTED}`)
    expect(redact({ note: `got ${jwt} here` })).toEqual({ note: `got ${REDACTED} here` })
    expect(redact('key tw_live_abcdefghijklmnopqrstu used')).toBe(`key ${REDACTED} used`)
  })

  it('should describe errors by class, code and location only', () => {
    const err = Object.assign(new Error('duplicate key (email)=(a@b.c)'), { code: '23505' })
    const d = describeError(err)
    expect(d).toMatchObject({ name: 'Error', code: '23505' })
    expect(JSON.stringify(d)).not.toContain('a@b.c')
  })

  it('should write one JSON object per line with level filtering and child fields', () => {
    const lines: string[] = []
    const log = createLogger({ level: 'info', sink: (l) => lines.push(l), now: () => new Date(0) }).child({ requestId: 'r1' })
    log.debug('hidden')
    log.info('shown', { password: 'x' })
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0]!)).toEqual({ level: 'info', time: '1970-01-01T00:00:00.000Z', msg: 'shown', requestId: 'r1', password: REDACTED })
  })
})
