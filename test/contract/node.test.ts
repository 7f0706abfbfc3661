import { execFile } from 'node:child_process'
import { request } from 'node:http'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresTestDatabase, type TestDatabase } from '../support/db.ts'
import { probeDeployment } from '../../audit/collect/probe.ts'
import { contractChecks } from './checks.ts'
import { freePort, ROOT, startServer, TEST_SECRETS, type RunningServer } from './servers.ts'

describe('contract on Node (@hono/node-server, the bundle npm start runs)', () => {
  let database: TestDatabase & { url: string }
  let server: RunningServer

  beforeAll(async () => {
    database = await createPostgresTestDatabase({ max: 1 })
    // Exactly what `npm start` runs: the pre-built bundle of src/runtimes/node.ts.
    await promisify(execFile)(process.execPath, ['scripts/build-node.mjs'], { cwd: ROOT })
    server = await startServer(
      process.execPath,
      ['dist/node/server.mjs'],
      { ...TEST_SECRETS, DATABASE_URL: database.url, LOG_LEVEL: 'info' },
      { port: await freePort() }
    )
  })
  afterAll(async () => {
    await server?.stop('SIGKILL')
    await database?.close()
  })

  for (const c of contractChecks) it(`should honour: ${c.name}`, () => c.run(server.base))

  it("should pass every check of the readiness audit's deployment probe", async () => {
    const result = await probeDeployment(server.base.href)
    expect(result.checks.length).toBeGreaterThan(3)
    expect(result.checks.filter((c) => !c.ok)).toEqual([])
  })

  it('should finish an in-flight request on SIGTERM, then exit 0', async () => {
    const body = JSON.stringify({ email: 'nobody', password: 1 })
    const half = Math.floor(body.length / 2)
    const response = new Promise<number>((resolve, reject) => {
      const req = request(
        new URL('/v1/auth/register', server.base),
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        }
      )
      req.on('error', reject)
      req.write(body.slice(0, half))
      // The server has the request; now ask it to stop, then finish sending.
      setTimeout(() => {
        server.child.kill('SIGTERM')
        setTimeout(() => req.end(body.slice(half)), 300)
      }, 300)
    })
    expect(await response).toBe(422)
    expect(await server.stop()).toBe(0)
    expect(server.output()).toContain('"msg":"stopped"')
  })
})
