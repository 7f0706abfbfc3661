import { describe, expect, it } from 'vitest'
import { tokenSimilarity } from './jaro-winkler.ts'
import { scoreName } from './name-score.ts'
import type { ListName, ScoreOptions } from './name-score.ts'
import type { TokenPart } from './normalize.ts'

const OPTS: ScoreOptions = { minTokenScore: 0.8, unmatchedPenalty: 0.15, conflictPenalty: 0.5 }
const weights = (tokens: string[]) => tokens.map((t) => t.length)

function score(query: string, list: string, parts?: TokenPart[], opts = OPTS): number {
  const q = query.split(' ')
  const l = list.split(' ')
  const p = parts ?? l.map((): TokenPart => 'any')
  const name: ListName = {
    tokens: l,
    parts: p,
    weights: weights(l),
    structured: p.includes('surname') && p.includes('given'),
  }
  const sim = (qi: number, li: number) => {
    const s = tokenSimilarity(q[qi]!, l[li]!)
    return s >= opts.minTokenScore ? s : 0
  }
  return scoreName({ tokens: q, weights: weights(q) }, name, sim, opts)
}

describe('scoreName', () => {
  it('should ignore word order', () => {
    expect(score('joaquin guzman loera', 'guzman loera joaquin')).toBe(1)
  })

  it('should score a name with an unmatched middle name lower than the exact name', () => {
    const exact = score('john doe', 'john doe')
    const longer = score('john doe', 'john bartholomew doe')
    expect(exact).toBe(1)
    expect(longer).toBeLessThan(exact)
    expect(longer).toBeGreaterThan(0.9)
  })

  it('should give nothing for a differing word, not partial credit', () => {
    expect(score('central bank iraq', 'central bank iran')).toBeLessThan(0.8)
  })

  it('should reject a shared given name or a shared surname alone for LAST, First names', () => {
    const parts: TokenPart[] = ['given', 'surname']
    expect(score('jose perez', 'jose gutierrez', parts)).toBe(0)
    expect(score('maria gutierrez', 'jose gutierrez', parts)).toBe(0)
    expect(score('jose gutierrez', 'jose gutierrez', parts)).toBe(1)
  })

  it('should charge the conflict penalty when both sides keep unmatched words', () => {
    const parts: TokenPart[] = ['given', 'surname', 'surname']
    const missing = score('jose gutierrez', 'jose gutierrez reyes', parts)
    const conflicting = score('jose gutierrez ramos', 'jose gutierrez reyes', parts)
    expect(missing).toBeGreaterThan(0.8)
    expect(conflicting).toBeLessThan(0.8)
  })
})
