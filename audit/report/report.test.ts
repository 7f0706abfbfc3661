import { fileURLToPath } from 'node:url'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv from 'ajv-draft-04'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSourceParser, type SourceParser } from '../collect/parse.ts'
import { fsReader } from '../collect/reader.ts'
import { runAudit } from '../engine.ts'
import { ALL_RULES } from '../rules/index.ts'
import { renderHtml } from './html.ts'
import { renderJson } from './json.ts'
import { renderMarkdown } from './markdown.ts'
import { buildModel, type ReportModel } from './model.ts'
import { renderSarif } from './sarif.ts'

const here = new URL('.', import.meta.url).pathname
const testdata = join(here, 'testdata')
const fixture = join(here, '..', 'test', 'fixtures', 'broken-ts')

let parser: SourceParser
async function model(): Promise<ReportModel> {
  const result = await runAudit({
    reader: fsReader(fixture),
    rules: ALL_RULES,
    rootName: 'broken-ts',
    parser,
    suppressions: [
      {
        rule: 'monitoring/console-logging',
        path: 'src/app.ts',
        reason: 'start-up warning before the logger exists',
      },
    ],
    probe: async () => ({
      url: 'http://127.0.0.1:8787',
      checks: [
        {
          id: 'health-ready',
          title: 'Readiness endpoint answers 200',
          ok: true,
          severity: 'high',
          detail: '/health/ready → 200',
        },
        {
          id: 'openapi-auth',
          title: 'Non-public routes answer 401 without credentials',
          ok: false,
          severity: 'critical',
          detail: 'GET /api/orders → 200',
        },
      ],
    }),
  })
  return buildModel(
    result,
    ALL_RULES.map((r) => r.meta)
  )
}

function golden(name: string, actual: string): void {
  const file = join(testdata, name)
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, actual)
  expect(actual).toBe(readFileSync(file, 'utf8'))
}


// The SARIF 2.1.0 JSON Schema (final, rtm.5) as Microsoft publishes it in its SARIF tooling package.
const SARIF_SCHEMA = fileURLToPath(
  import.meta.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json')
)

describe('reports', () => {
  let m: ReportModel
  beforeAll(async () => {
    parser = await createSourceParser()
    m = await model()
  })

  it('should render Markdown in the seed report shape', () => {
    const md = renderMarkdown(m)
    for (const h of [
      '# Production Readiness Audit Report',
      '## Executive Summary',
      '## Verified Systems',
      '## ⚠️ Non-Critical Items',
      '## 📋 Production Readiness Checklist',
      '## 🎯 Production Readiness Score',
      '## Conclusion',
    ]) {
      expect(md).toContain(h)
    }
    expect(md).toContain('Formula: rule score = 10 / (1 + open findings)')
    golden('broken-ts.md', md)
  })

  it('should render stable JSON, byte-identical across runs', async () => {
    const a = renderJson(m)
    const b = renderJson(await model())
    expect(a).toBe(b)
    expect(a).not.toContain(here)
    golden('broken-ts.json', a)
  })

  it('should render SARIF 2.1.0 that validates against the official schema and lists every rule', () => {
    const sarif = renderSarif(m)
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false })
    ajv.addFormat('uri', (s: string) => URL.canParse(s))
    ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///'))
    ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)))
    const validate = ajv.compile(
      JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8'))
    )
    const doc = JSON.parse(sarif)
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true)
    const rules = doc.runs[0].tool.driver.rules as {
      id: string
      properties: Record<string, string>
    }[]
    expect(rules.map((r) => r.id)).toEqual(ALL_RULES.map((r) => r.meta.id))
    expect(
      rules.every((r) => ['9.0', '7.0', '4.0', '1.0'].includes(r.properties['security-severity']!))
    ).toBe(true)
    expect(doc.runs[0].results.some((r: { suppressions?: unknown[] }) => r.suppressions)).toBe(true)
    golden('broken-ts.sarif', sarif)
  })

  it('should catch an invalid SARIF document (the schema check can fail)', () => {
    const ajv = new Ajv({ strict: false, unicodeRegExp: false })
    ajv.addFormat('uri', () => true)
    ajv.addFormat('uri-reference', () => true)
    ajv.addFormat('date-time', () => true)
    const validate = ajv.compile(
      JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8'))
    )
    const doc = JSON.parse(renderSarif(m))
    doc.runs[0].results[0].level = 'fatal'
    expect(validate(doc)).toBe(false)
  })

  it('should render one self-contained HTML file', () => {
    const html = renderHtml(m)
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/)
    expect(html).toContain('NOT READY')
    golden('broken-ts.html', html)
  })
})
