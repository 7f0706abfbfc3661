/**
 * The operator CLIs as processes against a real database: users:role, keys:rotate,
 * audit-log:verify (exit codes and output).
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../src/db/execute.ts'
import { ROOT } from '../contract/servers.ts'
import { TEST_ENV } from '../support/app.ts'
import { setupAccounts, type AccountsHarness } from '../support/auth.ts'

const run = promisify(execFile)
const KEK_A = TEST_ENV.EXCHANGE_KEY_ENCRYPTION_KEY!
const KEK_B = Buffer.alloc(32, 0x5b).toString('base64')

let h: AccountsHarness
beforeAll(async () => {
  h = await setupAccounts()
})
afterAll(() => h?.close())

async function cli(script: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: h.database.url!,
        JWT_SECRET: TEST_ENV.JWT_SECRET!,
        EXCHANGE_KEY_ENCRYPTION_KEY: KEK_A,
        ...env,
      },
      timeout: 60_000,
    })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe('npm run users:role', () => {
  it('should set a role, audit it as a system action, and exit 1 / 2 on unknown user / bad usage', async () => {
    const user = await h.signUp('root@example.com')
    const ok = await cli('src/auth/users-role-cli.ts', ['ROOT@example.com', 'admin'])
    expect(ok).toMatchObject({ code: 0, stdout: 'root@example.com: user → admin\n' })
    const me = await h.call('GET', '/v1/auth/me', { token: user.accessToken })
    expect(me.body.role).toBe('admin')
    const [row] = await rowsOf<{ actor_id: string | null; details: unknown }>(
      h.database.db,
      sql`select actor_id, details from audit_log where action = 'user.role_changed' and subject = ${`user:${user.id}`}`
    )
    expect(row).toEqual({ actor_id: null, details: { from: 'user', to: 'admin', via: 'cli' } })
    expect((await cli('src/auth/users-role-cli.ts', ['nobody@example.com', 'admin'])).code).toBe(1)
    expect((await cli('src/auth/users-role-cli.ts', ['root@example.com', 'superuser'])).code).toBe(
      2
    )
  })
})

describe('npm run keys:rotate', () => {
  it('should re-wrap exchange keys and TOTP secrets to the new KEK, resumably', async () => {
    const user = await h.enable2fa(await h.signUp('rot@example.com'))
    const stored = await h.call('POST', '/v1/exchange-keys', {
      token: user.accessToken,
      stepUp: await h.stepUp(user),
      body: { exchange: 'kraken', apiKey: 'K'.repeat(40), secret: 'S'.repeat(60) },
    })
    expect(stored.status).toBe(201)
    const kekIds = async () =>
      rowsOf<{ kek: string }>(
        h.database.db,
        sql`select credentials->>'kekId' as kek from exchange_keys union all select totp_secret->>'kekId' from users where totp_secret is not null`
      )
    const before = new Set((await kekIds()).map((r) => r.kek))
    expect(before.size).toBe(1)

    // Without the old key in the ring nothing can be moved: the run fails and says so.
    const missing = await cli('src/auth/keys-rotate-cli.ts', [], {
      EXCHANGE_KEY_ENCRYPTION_KEY: KEK_B,
    })
    expect(missing.code).toBe(1)
    expect(missing.stdout).toContain('UnknownKekError')

    const first = await cli('src/auth/keys-rotate-cli.ts', ['--batch-size', '1'], {
      EXCHANGE_KEY_ENCRYPTION_KEY: KEK_B,
      EXCHANGE_KEY_PREVIOUS_KEYS: KEK_A,
    })
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('exchange_keys.credentials: 1 scanned, 1 re-wrapped')
    expect(first.stdout).toContain('all records use the active key')
    const after = new Set((await kekIds()).map((r) => r.kek))
    expect(after.size).toBe(1)
    expect([...after][0]).not.toBe([...before][0])

    const again = await cli('src/auth/keys-rotate-cli.ts', [], {
      EXCHANGE_KEY_ENCRYPTION_KEY: KEK_B,
      EXCHANGE_KEY_PREVIOUS_KEYS: KEK_A,
    })
    expect(again.stdout).toContain('0 re-wrapped, 1 already current')

    // An app holding only the new key reads everything: the exchange key and the TOTP secret.
    const fresh = await setupAccountsOn(KEK_B)
    const creds = await fresh.services.accounts.exchangeKeys.getDecrypted(user.id, stored.body.id)
    expect(creds.secret).toBe('S'.repeat(60))
    const login = await fresh.call('POST', '/v1/auth/login', {
      body: { email: user.email, password: user.password },
      ip: '203.0.113.77',
    })
    const done = await fresh.call('POST', '/v1/auth/login/mfa', {
      body: { challenge: login.body.challenge, code: await fresh.nextCode(user.secret!) },
      ip: '203.0.113.77',
    })
    expect(done.status).toBe(200)
  })
})

describe('npm run audit-log:verify', () => {
  it('should exit 0 on an intact chain and 1 with the first broken link after tampering', async () => {
    await h.signUp('audit@example.com')
    const ok = await run('npm', ['run', '--silent', 'audit-log:verify'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: h.database.url!,
        JWT_SECRET: TEST_ENV.JWT_SECRET!,
        EXCHANGE_KEY_ENCRYPTION_KEY: KEK_A,
      },
    })
    expect(ok.stdout).toMatch(/^audit log intact: \d+ rows, head seq \d+ hash [0-9a-f]{64}\n$/)
    const [victim] = await rowsOf<{ seq: number; id: string }>(
      h.database.db,
      sql`select seq::int, id from audit_log order by seq limit 1 offset 1`
    )
    const admin = postgres(h.database.url!, { max: 1, onnotice: () => {} })
    await admin.begin(async (tx) => {
      await tx.unsafe('alter table audit_log disable trigger user')
      await tx.unsafe(
        `update audit_log set action = 'auth.nothing_happened' where seq = ${victim!.seq}`
      )
      await tx.unsafe('alter table audit_log enable trigger user')
    })
    await admin.end()
    const broken = await cli('src/compliance/audit-log/verify-cli.ts', [])
    expect(broken.code).toBe(1)
    expect(broken.stdout).toContain(
      `audit log BROKEN at row #2 (seq ${victim!.seq}, id ${victim!.id}): hash-mismatch`
    )
    expect(
      (await cli('src/compliance/audit-log/verify-cli.ts', ['--expected-head', 'zz'])).code
    ).toBe(2)
  })
})

/** A second app on the same database whose key ring holds only `kek`. */
async function setupAccountsOn(kek: string) {
  const { createTestApp } = await import('../support/app.ts')
  const { createTotp } = await import('../../src/auth/totp.ts')
  const { TOTP_ISSUER } = await import('../../src/auth/accounts.ts')
  const { app, services } = createTestApp({
    database: h.database,
    clock: h.clock,
    env: { TRUST_PROXY: 'true', EXCHANGE_KEY_ENCRYPTION_KEY: kek },
  })
  const totp = createTotp({ issuer: TOTP_ISSUER, clock: h.clock })
  const call = async (method: string, path: string, o: { body: unknown; ip: string }) => {
    const res = await app.request(path, {
      method,
      headers: { 'content-type': 'application/json', 'x-forwarded-for': o.ip },
      body: JSON.stringify(o.body),
    })
    return { status: res.status, body: await res.json() }
  }
  return {
    services,
    call,
    nextCode: (secret: string) => (h.clock.advance(30_000), totp.codeAt(secret)),
  }
}
