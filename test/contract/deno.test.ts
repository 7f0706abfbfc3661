import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresTestDatabase, type TestDatabase } from '../support/db.ts'
import { contractChecks } from './checks.ts'
import { freePort, ROOT, startServer, TEST_SECRETS, type RunningServer } from './servers.ts'

const DENO = `${ROOT}node_modules/deno/deno`

describe('contract on Deno (Deno.serve)', () => {
  let database: TestDatabase & { url: string }
  let server: RunningServer

  beforeAll(async () => {
    database = await createPostgresTestDatabase({ max: 1 })
    server = await startServer(
      DENO,
      ['run', '--allow-net', '--allow-env', '--allow-read', '--allow-write=./.data', '--allow-sys', 'src/runtimes/deno.ts'],
      { ...TEST_SECRETS, DATABASE_URL: database.url, LOG_LEVEL: 'info' },
      { port: await freePort(), timeoutMs: 90_000 }
    )
  })
  afterAll(async () => {
    await server?.stop('SIGKILL')
    await database?.close()
  })

  for (const c of contractChecks) it(`should honour: ${c.name}`, () => c.run(server.base))

  it('should stop cleanly on SIGTERM', async () => {
    expect(await server.stop('SIGTERM')).toBe(0)
    expect(server.output()).toContain('"msg":"stopped"')
  })
})

describe('deno task test', () => {
  it('should pass the in-process contract run under Deno', async () => {
    const { execFile } = await import('node:child_process')
    const { promisify } = await import('node:util')
    const { stdout } = await promisify(execFile)(DENO, ['task', 'test'], {
      cwd: ROOT,
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      timeout: 180_000,
    })
    expect(stdout).toMatch(/ok \| 1 passed/)
  }, 200_000)
})
