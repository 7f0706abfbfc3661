import { describe, expect, it } from 'vitest'
import { memoryReader } from './collect/reader.ts'
import { runAudit } from './engine.ts'
import { defineRule } from './rules/define-rule.ts'
import todo from './rules/code-health/todo-comment.ts'

const crashing = defineRule({
  meta: { ...todo.meta, id: 'code-health/crashing', messages: { x: 'x' } },
  check() {
    throw new Error('boom')
  },
})

describe('runAudit', () => {
  it('should turn a crashing rule into an error result and keep running the others', async () => {
    const r = await runAudit({
      reader: memoryReader({ 'src/a.ts': '// TODO: x\n' }),
      rules: [crashing, todo],
      rootName: 't',
    })
    expect(r.rules.map((x) => [x.ruleId, x.status])).toEqual([
      ['code-health/crashing', 'error'],
      ['code-health/todo-comment', 'fail'],
    ])
    expect(r.rules[0]!.error).toContain('src/a.ts: boom')
    expect(r.score.verdict).toBe('NOT READY')
  })

  it('should suppress by rule, path glob and fingerprint, and keep fingerprints stable across line moves', async () => {
    const a = await runAudit({
      reader: memoryReader({ 'src/a.ts': '// TODO: x\n' }),
      rules: [todo],
      rootName: 't',
    })
    const fp = a.rules[0]!.findings[0]!.fingerprint
    const moved = await runAudit({
      reader: memoryReader({ 'src/a.ts': '\n\n// TODO: x\n' }),
      rules: [todo],
      rootName: 't',
    })
    expect(moved.rules[0]!.findings[0]!.fingerprint).toBe(fp)
    const s = await runAudit({
      reader: memoryReader({ 'src/a.ts': '// TODO: x\n// TODO: y\n' }),
      rules: [todo],
      rootName: 't',
      suppressions: [
        {
          rule: 'code-health/todo-comment',
          path: 'src/**',
          fingerprint: fp,
          reason: 'tracked in issue 12',
        },
      ],
    })
    expect(s.rules[0]!.findings.map((f) => f.suppressed?.reason ?? null)).toEqual([
      'tracked in issue 12',
      null,
    ])
    expect(s.suppressions[0]!.matched).toBe(1)
  })

  it('should mark rules with nothing to examine as not applicable', async () => {
    const r = await runAudit({
      reader: memoryReader({ 'README.md': '# x\n' }),
      rules: [todo],
      rootName: 't',
    })
    expect(r.rules[0]!.status).toBe('not-applicable')
    expect(r.score.overall).toBeNull()
  })
})
