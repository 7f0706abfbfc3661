import { describe, expect, it } from 'vitest'
import {
  jaro,
  jaroWinkler,
  phoneticClass,
  similarityUpperBound,
  tokenSimilarity,
} from './jaro-winkler.ts'

describe('jaroWinkler', () => {
  it('should reproduce the textbook values', () => {
    // Winkler (1990) / Wikipedia examples.
    expect(jaro('martha', 'marhta')).toBeCloseTo(0.944, 3)
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3)
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 3)
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3)
  })

  it('should handle identical, empty and disjoint strings', () => {
    expect(jaroWinkler('abc', 'abc')).toBe(1)
    expect(jaroWinkler('', '')).toBe(0)
    expect(jaroWinkler('abc', '')).toBe(0)
    expect(jaroWinkler('abc', 'xyz')).toBe(0)
  })

  it('should be symmetric', () => {
    for (const [a, b] of [
      ['khoroshev', 'horoshev'],
      ['nasrallah', 'nasralla'],
      ['ab', 'ba'],
    ]) {
      expect(jaroWinkler(a!, b!)).toBeCloseTo(jaroWinkler(b!, a!), 12)
    }
  })
})

describe('tokenSimilarity', () => {
  it('should accept transliterations and typos', () => {
    expect(tokenSimilarity('zubaida', 'zubaydah')).toBeGreaterThan(0.85)
    expect(tokenSimilarity('hawatmeh', 'hawatma')).toBeGreaterThan(0.85)
    expect(tokenSimilarity('mohammed', 'muhammad')).toBeGreaterThan(0.8)
  })

  it('should score tokens with different first-letter sounds 0, but not k/c or p/f', () => {
    expect(tokenSimilarity('hassan', 'assan')).toBe(0)
    expect(phoneticClass('kozachek')).toBe(phoneticClass('cozachek'))
    expect(tokenSimilarity('kozachek', 'cozachek')).toBeGreaterThan(0.8)
  })

  it('should require near-identity for short tokens', () => {
    expect(jaroWinkler('iran', 'iraq')).toBeGreaterThan(0.85)
    expect(tokenSimilarity('iran', 'iraq')).toBe(0)
    expect(tokenSimilarity('saud', 'saad')).toBe(0)
    expect(tokenSimilarity('abd', 'abu')).toBe(0)
  })

  it('should match digits and compounds only exactly', () => {
    expect(tokenSimilarity('532', '523')).toBe(0)
    expect(tokenSimilarity('532', '532')).toBe(1)
    expect(tokenSimilarity('aero+caribbean', 'anglo+caribbean')).toBe(0)
    expect(tokenSimilarity('santa+cruz', 'santacruz')).toBe(1)
  })

  it('should ignore an article written as its own word, but not a solid "al" name', () => {
    expect(tokenSimilarity('al_qahtani', 'qahtani')).toBe(1)
    expect(tokenSimilarity('al_qahtani', 'alqahtani')).toBe(1)
    expect(tokenSimilarity('al_otaibi', 'el_otaibi')).toBe(1)
    // The article must not lend its shared prefix to different surnames.
    expect(tokenSimilarity('al_zahrani', 'al_zawahiri')).toBeLessThan(0.8)
    expect(tokenSimilarity('alexander', 'aleksandr')).toBeGreaterThan(0.85)
  })

  it('should never exceed the length-only upper bound used by the index', () => {
    let seed = 42
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const word = () =>
      Array.from({ length: 1 + Math.floor(rnd() * 12) }, () =>
        'aeioumnrstkhl'.charAt(Math.floor(rnd() * 13))
      ).join('')
    for (let i = 0; i < 5000; i++) {
      const a = word()
      const b = word()
      if (a === b) continue
      expect(tokenSimilarity(a, b)).toBeLessThanOrEqual(similarityUpperBound(a.length, b.length))
    }
  })
})
