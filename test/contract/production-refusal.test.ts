import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ROOT } from './servers.ts'

const run = promisify(execFile)

describe('production refusal (npm start with unsafe settings)', () => {
  it('should exit 1 and print every violation by name and reason, never the values', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      PRODUCTION_MODE: 'true',
      ENABLE_MOCK_DATA: 'true',
      JWT_SECRET: 'SuperSecret1!',
      EXCHANGE_KEY_ENCRYPTION_KEY: 'dG9vLXNob3J0',
      DATABASE_URL: 'sqlite:///var/app.db',
      CORS_ORIGINS: '*',
    }
    const result = await run(process.execPath, ['--import', 'tsx', 'src/runtimes/node.ts'], { cwd: ROOT, env, timeout: 30_000 }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr })
    )
    expect(result.code).toBe(1)
    for (const name of ['ENABLE_MOCK_DATA', 'JWT_SECRET', 'EXCHANGE_KEY_ENCRYPTION_KEY', 'DATABASE_URL', 'CORS_ORIGINS']) {
      expect(result.stderr).toContain(`- ${name}:`)
    }
    expect(result.stderr).toContain('5 setting problem(s)')
    for (const value of ['SuperSecret1!', 'dG9vLXNob3J0', 'sqlite:///var/app.db']) expect(result.stderr).not.toContain(value)
  })

  it('should also refuse when only NODE_ENV=production is set and nothing else is configured', async () => {
    const result = await run(process.execPath, ['--import', 'tsx', 'src/runtimes/node.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
      timeout: 30_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr })
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/JWT_SECRET: is required/)
    expect(result.stderr).toMatch(/EXCHANGE_KEY_ENCRYPTION_KEY: is required/)
    expect(result.stderr).toMatch(/DATABASE_URL: is required/)
    expect(result.stderr).toMatch(/CORS_ORIGINS: must list/)
  })
})
