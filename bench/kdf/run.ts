/**
 * @module KDF cost on this machine: one password hash with each supported setting, as ratios to
 * PBKDF2-HMAC-SHA256 at 600,000 iterations (Web Crypto) measured in the same run, on Node and —
 * unless `--no-workerd` — inside workerd (Miniflare), the runtime with the tightest limits.
 *
 * Run: npx tsx bench/kdf/run.ts [--runs=7] [--no-workerd]
 */
import { scrypt as nodeScrypt } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  PBKDF2_OWASP,
  SCRYPT_OWASP,
  createPasswordHasher,
  type KdfParams,
  type ScryptFn,
} from '../../src/auth/password.ts'

const args = new Map(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string])
)
const RUNS = Number(args.get('runs') ?? 7)
const PASSWORD = 'correct horse battery staple'

const native: ScryptFn = (pw, salt, { N, r, p, dkLen, maxmem }) =>
  new Promise((resolve, reject) =>
    nodeScrypt(pw, salt, dkLen, { N, r, p, maxmem }, (e, k) =>
      e ? reject(e) : resolve(new Uint8Array(k))
    )
  )

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn() // warm-up: JIT and key import paths
  const xs: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now()
    await fn()
    xs.push(performance.now() - t)
  }
  return median(xs)
}

const settings: Array<{ name: string; params: KdfParams; scrypt?: ScryptFn }> = [
  { name: 'PBKDF2-SHA256 i=600000 (Web Crypto)  [baseline]', params: PBKDF2_OWASP },
  { name: 'scrypt N=2^14 r=8 p=5 (@noble/hashes, default)', params: SCRYPT_OWASP },
  { name: 'scrypt N=2^14 r=8 p=5 (node:crypto, injected)', params: SCRYPT_OWASP, scrypt: native },
]

console.log(`Node ${process.version}, median of ${RUNS} runs after one warm-up; one hash each.\n`)
const results: Array<[string, number]> = []
for (const s of settings) {
  const hasher = createPasswordHasher({ params: s.params, scrypt: s.scrypt })
  results.push([s.name, await time(() => hasher.hash(PASSWORD))])
}
const base = results[0]![1]
for (const [name, ms] of results)
  console.log(`${name.padEnd(52)} ${ms.toFixed(0).padStart(5)} ms  ×${(ms / base).toFixed(2)}`)

// Throughput: 8 logins arriving at once through one hasher (default maxConcurrent = 2).
console.log('\n8 concurrent verifies through one hasher (maxConcurrent 2):')
for (const s of settings) {
  const hasher = createPasswordHasher({ params: s.params, scrypt: s.scrypt })
  const encoded = await hasher.hash(PASSWORD)
  const t = performance.now()
  await Promise.all(Array.from({ length: 8 }, () => hasher.verify(PASSWORD, encoded)))
  const ms = performance.now() - t
  console.log(`${s.name.padEnd(52)} ${(8000 / ms).toFixed(1).padStart(5)} verifies/s`)
}

if (!args.has('no-workerd')) await workerd()

/** Bundles the hasher into a Worker and times the same settings inside workerd. */
async function workerd(): Promise<void> {
  const { build } = await import('esbuild')
  const { Miniflare } = await import('miniflare')
  const dir = mkdtempSync(join(tmpdir(), 'kdf-bench-'))
  const entry = join(dir, 'entry.ts')
  const password = fileURLToPath(new URL('../../src/auth/password.ts', import.meta.url))
  writeFileSync(
    entry,
    `import { createPasswordHasher, PBKDF2_OWASP, SCRYPT_OWASP } from ${JSON.stringify(password)}
export default { async fetch(req) {
  const which = new URL(req.url).searchParams.get('kdf')
  const hasher = createPasswordHasher({ params: which === 'pbkdf2' ? PBKDF2_OWASP : SCRYPT_OWASP })
  return new Response(await hasher.hash('correct horse battery staple'))
} }`
  )
  const out = join(dir, 'worker.js')
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    outfile: out,
    logLevel: 'error',
  })
  const mf = new Miniflare({
    modules: [{ type: 'ESModule', path: out }],
    modulesRoot: dir,
    cf: false,
    compatibilityDate: '2026-01-01',
  })
  try {
    // Timed from outside: inside a Worker, Date.now() only advances across I/O.
    console.log('\nInside workerd (Miniflare), one hash per request, request time:')
    const rows: Array<[string, number]> = []
    for (const [name, kdf] of [
      ['PBKDF2-SHA256 i=600000 (Web Crypto)  [baseline]', 'pbkdf2'],
      ['scrypt N=2^14 r=8 p=5 (@noble/hashes, default)', 'scrypt'],
    ] as const) {
      const request = async () => (await mf.dispatchFetch(`http://bench/?kdf=${kdf}`)).text()
      rows.push([name, await time(request)])
    }
    const b = rows[0]![1]
    for (const [name, ms] of rows)
      console.log(`${name.padEnd(52)} ${ms.toFixed(0).padStart(5)} ms  ×${(ms / b).toFixed(2)}`)
    console.log(
      '(Local workerd has no PBKDF2 cap; production Workers refuse more than 100,000 iterations.)'
    )
  } finally {
    await mf.dispose()
    rmSync(dir, { recursive: true, force: true })
  }
}
