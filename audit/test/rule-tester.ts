/**
 * @module Rule tester: eslint's `ruleTester.run(rule, { valid, invalid })` for audit rules. Each case
 * is a small in-memory repository run through the real pipeline, so what passes here is what the CLI
 * reports.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createSourceParser, type SourceParser } from '../collect/parse.ts'
import { memoryReader } from '../collect/reader.ts'
import { runAudit } from '../engine.ts'
import type { Finding, Rule } from '../types.ts'

export interface Case {
  /** What the case shows, used in the test title. */
  name: string
  code: string
  /** File path of `code`; defaults by language: `src/app.ts` or `app/main.py`. */
  path?: string
  lang?: 'ts' | 'python'
  /** Other files of the repository (manifests, modules imported by `code`). */
  files?: Record<string, string>
}

export interface InvalidCase extends Case {
  errors: { line: number; messageId?: string; path?: string }[]
}

let shared: Promise<SourceParser> | undefined
const parserOnce = () => (shared ??= createSourceParser())

/** Runs one rule on an in-memory repository and returns its open findings. */
export async function runRule(
  rule: Rule<unknown>,
  files: Record<string, string>
): Promise<Finding[]> {
  const result = await runAudit({
    reader: memoryReader(files),
    rules: [rule],
    rootName: 'test',
    parser: await parserOnce(),
  })
  const r = result.rules[0]!
  if (r.status === 'error') throw new Error(r.error)
  return r.findings.filter((f) => !f.suppressed)
}

function repoOf(c: Case): Record<string, string> {
  const path = c.path ?? (c.lang === 'python' ? 'app/main.py' : 'src/app.ts')
  return { ...(c.files ?? {}), [path]: c.code }
}

/** Declares one vitest test per case. */
export function ruleTester(
  rule: Rule<unknown>,
  cases: { valid: Case[]; invalid: InvalidCase[] }
): void {
  describe(rule.meta.id, () => {
    beforeAll(async () => {
      await parserOnce()
    })
    for (const c of cases.valid) {
      it(`should accept: ${c.name}`, async () => {
        const findings = await runRule(rule, repoOf(c))
        expect(findings.map((f) => `${f.path}:${f.line} ${f.message}`)).toEqual([])
      })
    }
    for (const c of cases.invalid) {
      it(`should flag: ${c.name}`, async () => {
        const findings = await runRule(rule, repoOf(c))
        const defaultPath = c.path ?? (c.lang === 'python' ? 'app/main.py' : 'src/app.ts')
        const got = findings.map((f) => ({ path: f.path, line: f.line, messageId: f.messageId }))
        const want = c.errors.map((e) => ({
          path: e.path ?? defaultPath,
          line: e.line,
          ...(e.messageId ? { messageId: e.messageId } : {}),
        }))
        const shown = got.map((g, i) => (want[i]?.messageId ? g : { path: g.path, line: g.line }))
        expect(JSON.stringify(shown, null, 1)).toBe(JSON.stringify(want, null, 1))
      })
    }
  })
}
