import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from './config.ts'

describe('parseConfig', () => {
  it('should accept ignore globs, suppressions with reasons and a min score', () => {
    const c = parseConfig(
      JSON.stringify({
        ignore: ['legacy/**'],
        minScore: 9,
        suppressions: [
          {
            rule: 'monitoring/console-logging',
            path: 'src/runtimes/node.ts',
            reason: 'start-up banner before the logger exists',
          },
        ],
      })
    )
    expect(c).toEqual({
      ignore: ['legacy/**'],
      minScore: 9,
      suppressions: [
        {
          rule: 'monitoring/console-logging',
          path: 'src/runtimes/node.ts',
          reason: 'start-up banner before the logger exists',
        },
      ],
    })
  })

  it('should default everything for an empty object', () => {
    expect(parseConfig('{}')).toEqual({ ignore: [], suppressions: [], minScore: 8 })
  })

  it('should refuse a suppression without a reason, unknown rules and keys, listing every problem', () => {
    const bad = JSON.stringify({
      colour: 1,
      minScore: 11,
      suppressions: [
        { rule: 'nope/x', path: 'a.ts' },
        { rule: 'code-health/todo-comment', path: 'a.ts', reason: 'ok', fingerprint: 'xyz' },
      ],
    })
    expect(() => parseConfig(bad)).toThrow(ConfigError)
    try {
      parseConfig(bad)
    } catch (err) {
      const msg = (err as Error).message
      for (const part of [
        'unknown key "colour"',
        '"minScore"',
        'suppressions[0]: "rule"',
        'suppressions[0]: "reason" is mandatory',
        'suppressions[1]: "reason"',
        '"fingerprint"',
      ]) {
        expect(msg).toContain(part)
      }
    }
  })

  it('should refuse invalid JSON', () => {
    expect(() => parseConfig('{')).toThrow(/not valid JSON/)
  })
})
