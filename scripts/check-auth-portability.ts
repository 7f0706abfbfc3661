/**
 * @module Runs the auth/security core smoke (scripts/auth-smoke-entry.ts) on Node, Deno and
 * workerd (Miniflare), since src/auth, src/lib/envelope and the rate limiter must behave the same
 * on all three. Exit code 1 if any check fails on any runtime.
 *
 * Run: npx tsx scripts/check-auth-portability.ts
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { Miniflare } from 'miniflare'
import { runSmoke } from './auth-smoke-entry.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const entry = fileURLToPath(new URL('./auth-smoke-entry.ts', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'auth-portability-'))

async function onWorkerd(): Promise<Record<string, boolean>> {
  const worker = join(dir, 'worker-entry.ts')
  writeFileSync(
    worker,
    `import { runSmoke } from ${JSON.stringify(entry)}
export default { async fetch() { return Response.json(await runSmoke()) } }`
  )
  const out = join(dir, 'worker.js')
  await build({
    entryPoints: [worker],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    outfile: out,
    logLevel: 'error',
  })
  // No nodejs_compat flag: the core must not need it.
  const mf = new Miniflare({
    modules: [{ type: 'ESModule', path: out }],
    modulesRoot: dir,
    cf: false,
    compatibilityDate: '2026-01-01',
  })
  try {
    return (await (await mf.dispatchFetch('http://smoke/')).json()) as Record<string, boolean>
  } finally {
    await mf.dispose()
  }
}

function onDeno(): Record<string, boolean> {
  const script = join(dir, 'deno-entry.ts')
  writeFileSync(
    script,
    [
      `import { runSmoke } from ${JSON.stringify(entry)}`,
      'console.log(JSON.stringify(await runSmoke()))',
    ].join('\n')
  )
  const stdout = execFileSync('npx', ['deno', 'run', '--node-modules-dir=manual', '-A', script], {
    cwd: root,
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' },
    encoding: 'utf8',
  })
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, boolean>
}

let failed = false
try {
  for (const [runtime, run] of [
    ['node', runSmoke],
    ['deno', async () => onDeno()],
    ['workerd', onWorkerd],
  ] as const) {
    const result = await run()
    const bad = Object.entries(result).filter(([, ok]) => !ok)
    failed ||= bad.length > 0 || Object.keys(result).length === 0
    const summary = bad.length
      ? `FAILED: ${bad.map(([k]) => k).join(', ')}`
      : `ok (${Object.keys(result).join(', ')})`
    console.log(`${runtime.padEnd(8)} ${summary}`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
process.exit(failed ? 1 : 0)
