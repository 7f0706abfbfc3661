/**
 * Cold start: process start → first 200 from /health/ready for what `npm start` runs (the pre-built
 * bundle `dist/node/server.mjs`) on a PGlite data dir that already exists (the second and later
 * start), median of several runs; next to it, in the same rounds, the TypeScript entry run through
 * tsx, and bare `node -e` starting and exiting. Then the Worker bundle size, gzipped, as `wrangler
 * deploy --dry-run` builds it. Goals: < 1.5 s and ≤ 2 MB gzip.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const ROOT = new URL('../../', import.meta.url).pathname
const RUNS = Number(process.env.BENCH_ROUNDS ?? 5)
const BUNDLE = join(ROOT, 'dist/node/server.mjs')
// Resolved here: the servers run in a temporary directory, where a bare `tsx` would not resolve.
const TS_ENTRY = ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/runtimes/node.ts')]

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

async function timeToReady(cwd: string, args: string[]): Promise<number> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', SCHEDULER_ENABLED: 'false' },
    stdio: 'ignore',
    detached: true,
  })
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health/ready`)
        if (res.status === 200) return performance.now() - started
      } catch {
        // not up yet
      }
      if (child.exitCode !== null) throw new Error('server exited')
      await new Promise((r) => setTimeout(r, 10))
    }
  } finally {
    if (child.exitCode === null) {
      process.kill(-child.pid!, 'SIGKILL')
      await new Promise((r) => child.once('exit', r))
    }
  }
}

function timeBareNode(): number {
  const started = performance.now()
  execFileSync(process.execPath, ['-e', '0'])
  return performance.now() - started
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

execFileSync(process.execPath, [join(ROOT, 'scripts/build-node.mjs')], { cwd: ROOT, stdio: 'inherit' })
const cwd = mkdtempSync(join(tmpdir(), 'tw-cold-'))
const secs = (ms: number) => (ms / 1000).toFixed(2)
try {
  const first = await timeToReady(cwd, [BUNDLE]) // creates ./.data (initdb) and applies migrations
  const runs: number[] = []
  const ts: number[] = []
  const bare: number[] = []
  for (let i = 0; i < RUNS; i++) {
    runs.push(await timeToReady(cwd, [BUNDLE]))
    ts.push(await timeToReady(cwd, TS_ENTRY))
    bare.push(timeBareNode())
  }
  console.log(`first start (initdb + migrations):              ${secs(first)} s`)
  console.log(`npm start's bundle → first 200, reopened PGlite: ${secs(median(runs))} s median of ${RUNS} (${runs.map(secs).join(', ')}); goal < 1.5 s`)
  console.log(`same through tsx (no build step):               ${secs(median(ts))} s (${ts.map(secs).join(', ')})`)
  console.log(`bare node start+exit, same rounds:              ${secs(median(bare))} s`)
} finally {
  rmSync(cwd, { recursive: true, force: true })
}

const outdir = mkdtempSync(join(tmpdir(), 'tw-bundle-'))
try {
  execFileSync(join(ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', outdir], {
    cwd: ROOT,
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', WRANGLER_SEND_ERROR_REPORTS: 'false' },
    stdio: 'ignore',
  })
  const bundle = readFileSync(join(outdir, 'worker.js'))
  const gz = gzipSync(bundle, { level: 9 }).length
  console.log(`Worker bundle: ${(bundle.length / 1024 / 1024).toFixed(2)} MB raw, ${(gz / 1024 / 1024).toFixed(2)} MB gzip; goal ≤ 2 MB gzip`)
} finally {
  rmSync(outdir, { recursive: true, force: true })
}
