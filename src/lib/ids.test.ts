import { describe, expect, it } from 'vitest'
import { isUuid, uuidv7 } from './ids.ts'

describe('uuidv7', () => {
  it('should carry the millisecond, version 7 and the RFC 9562 variant', () => {
    const ms = Date.parse('2026-11-25T12:34:56.789Z')
    const id = uuidv7(ms)
    expect(isUuid(id)).toBe(true)
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms)
    expect(id[14]).toBe('7')
    expect('89ab').toContain(id[19])
  })

  it('should increase within one millisecond, in the order the ids were made', () => {
    const ms = Date.parse('2026-11-25T00:00:00Z')
    const ids = Array.from({ length: 2000 }, () => uuidv7(ms))
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(ids)
    expect(ids.every(isUuid)).toBe(true)
  })

  it('should keep increasing within the latest millisecond when ids for earlier times are made in between', () => {
    const ms = Date.parse('2026-11-25T00:00:02Z')
    const ids: string[] = []
    for (let i = 0; i < 200; i++) {
      ids.push(uuidv7(ms))
      uuidv7(ms - 86_400_000 - i) // imported history
    }
    expect([...ids].sort()).toEqual(ids)
  })

  it('should start from fresh random bits in a new millisecond, not carry the sequence over', () => {
    const ms = Date.parse('2026-11-25T00:00:01Z')
    // rand_a (the 12 bits after the version nibble) of the first id of 50 milliseconds: a counter
    // carried across milliseconds would keep it (nearly) constant.
    const randA = new Set(Array.from({ length: 50 }, (_, i) => uuidv7(ms + i * 2).slice(15, 18)))
    expect(randA.size).toBeGreaterThan(40)
  })
})
