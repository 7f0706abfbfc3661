import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ALL_RULES, RULES } from './index.ts'

const dir = new URL('.', import.meta.url).pathname
const categories = readdirSync(dir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
const ruleFiles = categories.flatMap((c) =>
  readdirSync(join(dir, c))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => `${c}/${f.slice(0, -3)}`)
)
const readme = readFileSync(join(dir, 'README.md'), 'utf8')

describe('rule registry', () => {
  it('should register every rule file under its path as id, keys sorted', () => {
    expect(Object.keys(RULES)).toEqual([...ruleFiles].sort())
    expect(Object.keys(RULES)).toEqual([...Object.keys(RULES)].sort())
    for (const [id, rule] of Object.entries(RULES)) expect(rule.meta.id).toBe(id)
  })

  it('should have a test beside every rule', () => {
    for (const id of ruleFiles) expect(existsSync(join(dir, `${id}.test.ts`)), id).toBe(true)
  })

  it('should give every rule complete meta: category from its folder, rationale, remediation, docs, messages', () => {
    for (const r of ALL_RULES) {
      const m = r.meta
      expect(m.category, m.id).toBe(m.id.split('/')[0])
      expect(m.rationale.length, m.id).toBeGreaterThan(20)
      expect(m.remediation.length, m.id).toBeGreaterThan(20)
      expect(m.docsUrl, m.id).toBe(`audit/rules/README.md#${m.id.replace('/', '')}`)
      expect(Object.keys(m.messages).length, m.id).toBeGreaterThan(0)
      expect(r.check || r.collect || r.checkRepo, m.id).toBeTruthy()
    }
  })

  it('should document every rule in README.md', () => {
    for (const r of ALL_RULES) expect(readme, r.meta.id).toContain(`### ${r.meta.id}\n`)
  })
})
