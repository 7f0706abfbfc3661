import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSourceParser, type SourceParser } from '../collect/parse.ts'
import { fsReader } from '../collect/reader.ts'
import { runAudit } from '../engine.ts'
import { ALL_RULES } from '../rules/index.ts'

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname
const manifest = JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as Record<
  string,
  { rule: string; path: string; line: number; defect: string }[]
>
const LIVE_ONLY = new Set(['security/live-auth', 'security/live-hardening'])

let parser: SourceParser
const audit = (name: string) =>
  runAudit({ reader: fsReader(join(FIXTURES, name)), rules: ALL_RULES, rootName: name, parser })
const key = (x: { rule: string; path: string; line: number }) => `${x.rule} ${x.path}:${x.line}`

describe('fixtures', () => {
  beforeAll(async () => {
    parser = await createSourceParser()
  })

  for (const name of ['broken-py', 'broken-ts']) {
    it(`should report every planted defect in ${name} and nothing else`, async () => {
      const r = await audit(name)
      const got = r.rules
        .flatMap((x) => x.findings.map((f) => key({ rule: f.ruleId, path: f.path, line: f.line })))
        .sort()
      const want = manifest[name]!.map(key).sort()
      const found = want.filter((w) => got.includes(w))
      expect(
        found.length / want.length,
        `recall; missed: ${want.filter((w) => !got.includes(w)).join(', ')}`
      ).toBe(1)
      expect(
        got.filter((g) => !want.includes(g)),
        'unplanned findings'
      ).toEqual([])
      expect(r.score.verdict).toBe('NOT READY')
    })

    it(`should plant every static rule at least once in ${name}`, () => {
      const planted = new Set(manifest[name]!.map((e) => e.rule))
      expect(
        ALL_RULES.map((x) => x.meta.id).filter((id) => !LIVE_ONLY.has(id) && !planted.has(id))
      ).toEqual([])
    })
  }

  for (const name of ['clean-py', 'clean-ts']) {
    it(`should find nothing in ${name} and call it READY`, async () => {
      const r = await audit(name)
      expect(
        r.rules.flatMap((x) =>
          x.findings.map((f) => `${f.ruleId} ${f.path}:${f.line} ${f.message}`)
        )
      ).toEqual([])
      expect(r.rules.filter((x) => x.status === 'error')).toEqual([])
      expect(r.score.verdict).toBe('READY')
      expect(r.score.overall).toBe(10)
    })
  }
})
