/**
 * @module Audit throughput benchmark: a generated tree of mixed TS/Python files (and any extra
 * directories given as arguments, e.g. node_modules-free checkouts), audited end to end next to the
 * time to merely read and parse the same files in the same run. Ratios matter; absolute times on a
 * shared machine do not. Run: `npx tsx bench/audit/run.ts [extra-dir ...]`.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { collectFacts } from '../../audit/collect/facts.ts'
import { createSourceParser, type SourceParser } from '../../audit/collect/parse.ts'
import { fsReader } from '../../audit/collect/reader.ts'
import { runAudit } from '../../audit/engine.ts'
import { ALL_RULES } from '../../audit/rules/index.ts'

function tsFile(i: number): string {
  const lines = [
    `import { Hono } from 'hono'`,
    `import { dec } from '../lib/money${i % 7}.ts'`,
    `export const router${i} = new Hono()`,
    `router${i}.use(requireAuth())`,
  ]
  for (let k = 0; k < 12; k++) {
    lines.push(
      `router${i}.get('/v1/items${k}/:id', async (c) => {`,
      `  const row = await repo.find(c.req.param('id'))`,
      `  if (!row) return c.json({ title: 'Not found', status: 404 }, 404)`,
      `  const total = dec(row.amount).times(dec(row.price))`,
      `  return c.json({ id: row.id, total: total.toFixed() })`,
      `})`,
      `export function helper${k}(xs: string[]): number {`,
      `  let n = 0`,
      `  for (const x of xs) n += x.length`,
      `  return n`,
      `}`
    )
  }
  if (i % 50 === 0) lines.push(`console.log('debug ${i}')`, `// TODO: tidy ${i}`)
  return `${lines.join('\n')}\n`
}

function pyFile(i: number): string {
  const lines = [
    'from decimal import Decimal',
    'from fastapi import APIRouter, Depends',
    `from app.security import get_current_user`,
    `router = APIRouter(prefix="/r${i}", dependencies=[Depends(get_current_user)])`,
    '',
  ]
  for (let k = 0; k < 10; k++) {
    lines.push(
      `@router.get("/items${k}/{item_id}")`,
      `async def get_item${k}(item_id: str):`,
      `    row = await repo.find(item_id)`,
      `    total = Decimal(row.amount) * Decimal(row.price)`,
      `    return {"id": row.id, "total": str(total)}`,
      '',
      `def helper${k}(xs):`,
      `    n = 0`,
      `    for x in xs:`,
      `        n += len(x)`,
      `    return n`,
      ''
    )
  }
  if (i % 50 === 0) lines.push(`print("debug ${i}")`)
  return `${lines.join('\n')}\n`
}

function generate(root: string, n: number): void {
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ dependencies: { hono: '4', 'decimal.js': '10' } })
  )
  writeFileSync(join(root, 'requirements.txt'), 'fastapi\n')
  mkdirSync(join(root, 'lib'), { recursive: true })
  mkdirSync(join(root, 'app'), { recursive: true })
  writeFileSync(join(root, 'app', 'security.py'), 'def get_current_user():\n    return None\n')
  for (let m = 0; m < 7; m++)
    writeFileSync(join(root, 'lib', `money${m}.ts`), 'export const dec = (s: string) => s\n')
  for (let i = 0; i < n; i++) {
    const dir = join(root, `pkg${Math.floor(i / 100)}`)
    mkdirSync(dir, { recursive: true })
    if (i % 5 < 3) writeFileSync(join(dir, `mod${i}.ts`), tsFile(i))
    else writeFileSync(join(dir, `mod${i}.py`), pyFile(i))
  }
}

async function readAndParse(
  root: string,
  parser: SourceParser
): Promise<{ ms: number; files: number; lines: number }> {
  const t0 = performance.now()
  const facts = await collectFacts(fsReader(root))
  let lines = 0
  const files = facts.files.filter((f) => f.kind === 'production' && f.language)
  for (const f of files) {
    const text = await readFile(join(root, f.path), 'utf8')
    lines += text.split('\n').length
    parser.parse(f.path, f.language!, text).delete()
  }
  return { ms: performance.now() - t0, files: files.length, lines }
}

async function audit(root: string, parser: SourceParser): Promise<number> {
  const t0 = performance.now()
  await runAudit({ reader: fsReader(root), rules: ALL_RULES, rootName: 'bench', parser })
  return performance.now() - t0
}

const fmt = (x: number) => x.toFixed(0).padStart(7)
const parser = await createSourceParser()
const rows: string[] = []
const targets: { name: string; root: string; cleanup?: boolean }[] = []
for (const n of [500, 1000, 2000]) {
  const root = mkdtempSync(join(tmpdir(), `audit-bench-${n}-`))
  generate(root, n)
  targets.push({ name: `generated ${n}`, root, cleanup: true })
}
for (const extra of process.argv.slice(2)) targets.push({ name: extra, root: extra })

await audit(targets[0]!.root, parser) // warm-up: JIT and grammar caches
for (const t of targets) {
  const base = await readAndParse(t.root, parser)
  const ms = await audit(t.root, parser)
  rows.push(
    `${t.name.padEnd(28)} files ${fmt(base.files)}  lines ${fmt(base.lines)}  read+parse ${fmt(base.ms)} ms` +
      `  audit ${fmt(ms)} ms  audit files/s ${fmt((base.files / ms) * 1000)}  lines/s ${fmt((base.lines / ms) * 1000)}` +
      `  audit/parse ${(ms / base.ms).toFixed(2)}x`
  )
  if (t.cleanup) rmSync(t.root, { recursive: true, force: true })
}
process.stdout.write(`${rows.join('\n')}\n`)
