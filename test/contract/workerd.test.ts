import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { createPostgresTestDatabase, type TestDatabase } from '../support/db.ts'
import { contractChecks } from './checks.ts'
import { ROOT, TEST_SECRETS } from './servers.ts'

const run = promisify(execFile)

/** Builds the Worker bundle exactly as a deploy would (wrangler's esbuild, wrangler.toml settings). */
export async function buildWorker(): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), 'tw-worker-'))
  await run(join(ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', outdir], {
    cwd: ROOT,
    env: {
      ...process.env,
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_SEND_ERROR_REPORTS: 'false',
    },
    timeout: 120_000,
  })
  return join(outdir, 'worker.js')
}

describe('contract on workerd (Miniflare, the bundle wrangler deploys)', () => {
  let database: TestDatabase & { url: string }
  let mf: Miniflare
  let base: URL

  beforeAll(async () => {
    database = await createPostgresTestDatabase({ max: 1 })
    const bundle = await buildWorker()
    mf = new Miniflare({
      modulesRoot: dirname(bundle),
      modules: [{ type: 'ESModule', path: bundle }],
      compatibilityDate: '2026-04-20',
      compatibilityFlags: ['nodejs_compat'],
      bindings: { ...TEST_SECRETS, DATABASE_URL: database.url, LOG_LEVEL: 'warn', PRODUCTION_MODE: 'false' },
      cf: false,
    })
    base = await mf.ready
  }, 180_000)
  afterAll(async () => {
    await mf?.dispose()
    await database?.close()
  })

  for (const c of contractChecks) it(`should honour: ${c.name}`, () => c.run(base))
})
