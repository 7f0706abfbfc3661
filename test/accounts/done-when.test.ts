/**
 * Issue 5's "Done when", through HTTP against the real Node entry (`npm start`'s
 * src/runtimes/node.ts) on PostgreSQL, with production KDF parameters and the real clock: register,
 * log in, enrol and confirm TOTP, log in with the second factor, step up, store an exchange key
 * (masked on read), create and use a platform API key, and get rate-limited on brute force.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TOTP_ISSUER } from '../../src/auth/accounts.ts'
import { createTotp } from '../../src/auth/totp.ts'
import { createPostgresTestDatabase, type TestDatabase } from '../support/db.ts'
import { freePort, startServer, TEST_SECRETS, type RunningServer, jsonClient } from '../contract/servers.ts'

const EMAIL = 'newcomer@example.com'
const PASSWORD = 'copper-kettle-orchard-93'
const EXCHANGE_SECRET = 'Xq3vB8nM2kL7pR4tY9wE6uI1oA5sD0fG3hJ8kZ2xC7vB4nM9qW1eR6tY3uI8oP5a'

let database: TestDatabase & { url: string }
let server: RunningServer
beforeAll(async () => {
  database = await createPostgresTestDatabase({ max: 1 })
  server = await startServer(
    process.execPath,
    ['--import', 'tsx', 'src/runtimes/node.ts'],
    { ...TEST_SECRETS, DATABASE_URL: database.url, LOG_LEVEL: 'info' },
    { port: await freePort() }
  )
})
afterAll(async () => {
  await server?.stop('SIGKILL')
  await database?.close()
})

const api = jsonClient(() => server)

/** Real-time TOTP codes, each for a later step than the last (the server refuses replays). */
function codes(secret: string) {
  const totp = createTotp({ issuer: TOTP_ISSUER })
  let last = 0
  return async () => {
    for (;;) {
      const current = Math.floor(Date.now() / 30_000)
      const step = Math.max(last + 1, current - 1)
      if (step <= current + 1) {
        last = step
        return totp.codeAt(secret, new Date(step * 30_000))
      }
      await new Promise((r) => setTimeout(r, 1_000))
    }
  }
}

describe('done when: a newcomer with curl against npm start', () => {
  it('should register, secure the account with TOTP, store keys and be stopped when brute-forced', async () => {
    expect(
      (await api('POST', '/v1/auth/register', { body: { email: EMAIL, password: PASSWORD } }))
        .status
    ).toBe(201)
    const first = await api('POST', '/v1/auth/login', {
      body: { email: EMAIL, password: PASSWORD },
    })
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
    })

    const enroll = await api('POST', '/v1/auth/2fa/enroll', { token: first.body.accessToken })
    expect(enroll.status).toBe(200)
    expect(enroll.body.otpauthUri).toContain('otpauth://totp/')
    const nextCode = codes(enroll.body.secret)
    const confirm = await api('POST', '/v1/auth/2fa/confirm', {
      token: first.body.accessToken,
      body: { code: await nextCode() },
    })
    expect(confirm.status).toBe(200)
    expect(confirm.body.recoveryCodes).toHaveLength(10)

    const password = await api('POST', '/v1/auth/login', {
      body: { email: EMAIL, password: PASSWORD },
    })
    expect(password.body).toMatchObject({ mfaRequired: true, challenge: expect.any(String) })
    const session = await api('POST', '/v1/auth/login/mfa', {
      body: { challenge: password.body.challenge, code: await nextCode() },
    })
    expect(session.status).toBe(200)
    const token = session.body.accessToken as string

    const stepUp = await api('POST', '/v1/auth/step-up', {
      token,
      body: { code: await nextCode() },
    })
    expect(stepUp.status).toBe(200)
    expect(stepUp.body.expiresIn).toBe(300)
    const stored = await api('POST', '/v1/exchange-keys', {
      token,
      stepUp: stepUp.body.stepUpToken,
      body: {
        exchange: 'binance',
        apiKey: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789wxyz',
        secret: EXCHANGE_SECRET,
        label: 'main',
      },
    })
    expect(stored.status).toBe(201)
    expect(stored.body.maskedApiKey).toBe('****wxyz')
    const read = await api('GET', '/v1/exchange-keys', { token })
    expect(read.body.items).toEqual([
      expect.objectContaining({ id: stored.body.id, maskedApiKey: '****wxyz', label: 'main' }),
    ])
    expect(read.text).not.toContain(EXCHANGE_SECRET)

    const created = await api('POST', '/v1/api-keys', {
      token,
      body: { name: 'my bot', scopes: ['read', 'trade'] },
    })
    expect(created.status).toBe(201)
    const me = await api('GET', '/v1/auth/me', { apiKey: created.body.key })
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ email: EMAIL, twoFactorEnabled: true })

    let throttled
    for (let i = 0; i < 12 && !throttled; i++) {
      const res = await api('POST', '/v1/auth/login', {
        body: { email: EMAIL, password: `guess-number-${i}` },
      })
      if (res.status === 429) throttled = res
      else expect(res.status).toBe(401)
    }
    expect(throttled?.status).toBe(429)
    expect(Number(throttled!.headers.get('retry-after'))).toBeGreaterThan(0)

    const logs = server.output()
    expect(logs).toContain('"path":"/v1/auth/login"')
    for (const secret of [
      PASSWORD,
      EXCHANGE_SECRET,
      enroll.body.secret,
      created.body.key,
      session.body.refreshToken,
      TEST_SECRETS.JWT_SECRET,
    ]) {
      expect(logs.includes(secret)).toBe(false)
    }
  }, 60_000)

  it('should document every account route in /openapi.json', async () => {
    const doc = (await api('GET', '/openapi.json')).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            security?: unknown[]
            parameters?: Array<{ name: string }>
            responses: Record<string, unknown>
            tags?: string[]
          }
        >
      >
    }
    const routes = [
      ['post', '/v1/auth/register'],
      ['post', '/v1/auth/login'],
      ['post', '/v1/auth/login/mfa'],
      ['post', '/v1/auth/refresh'],
      ['post', '/v1/auth/logout'],
      ['get', '/v1/auth/me'],
      ['post', '/v1/auth/2fa/enroll'],
      ['post', '/v1/auth/2fa/confirm'],
      ['post', '/v1/auth/2fa/disable'],
      ['post', '/v1/auth/2fa/recovery-codes'],
      ['post', '/v1/auth/step-up'],
      ['get', '/v1/api-keys'],
      ['post', '/v1/api-keys'],
      ['delete', '/v1/api-keys/{id}'],
      ['get', '/v1/exchange-keys'],
      ['post', '/v1/exchange-keys'],
      ['delete', '/v1/exchange-keys/{id}'],
      ['post', '/v1/exchange-keys/{id}/validate'],
      ['put', '/v1/admin/users/{id}/role'],
      ['get', '/v1/compliance/audit-log/verify'],
    ] as const
    for (const [method, path] of routes) {
      const op = doc.paths[path]?.[method]
      expect(op, `${method} ${path}`).toBeDefined()
      expect(op!.tags?.length, path).toBeGreaterThan(0)
      expect(op!.security, path).toBeDefined()
      expect(
        Object.keys(op!.responses).some((s) => s.startsWith('4')),
        path
      ).toBe(true)
    }
    expect(doc.paths['/v1/auth/register']!.post!.security).toEqual([])
    expect(doc.paths['/v1/exchange-keys']!.post!.parameters?.map((p) => p.name)).toContain(
      'X-Step-Up-Token'
    )
  })
})
