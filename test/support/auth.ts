/**
 * Accounts helpers for tests: an in-process HTTP harness on a fresh PostgreSQL database that walks
 * the sign-in flows and records every response body.
 */
import type { Env } from '../../src/config/settings.ts'
import { TOTP_ISSUER } from '../../src/auth/accounts.ts'
import { createTotp } from '../../src/auth/totp.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import type { ServiceOptions } from '../../src/services.ts'
import { createTestApp } from './app.ts'
import { createPostgresTestDatabase } from './db.ts'

export { fastTestHasher } from './hasher.ts'

export const PASSWORD = 'violet-harbor-lantern-42'

export interface Reply {
  status: number
  headers: Headers
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any
  text: string
}

export interface CallOptions {
  body?: unknown
  /** Access token or platform API key, sent as `Authorization: Bearer`. */
  token?: string
  apiKey?: string
  stepUp?: string
  ip?: string
  headers?: Record<string, string>
}

export interface TestUser {
  id: string
  email: string
  password: string
  accessToken: string
  refreshToken: string
  ip: string
  /** Set by `enable2fa`. */
  secret?: string
  recoveryCodes?: string[]
}

export async function setupAccounts(opts: { env?: Env; serviceOptions?: ServiceOptions } = {}) {
  const database = await createPostgresTestDatabase()
  const clock = fixedClock('2026-06-01T12:00:00Z')
  const { app, logs, services } = createTestApp({
    database,
    clock,
    env: { TRUST_PROXY: 'true', ...opts.env },
    serviceOptions: opts.serviceOptions,
  })
  const responses: string[] = []
  const totp = createTotp({ issuer: TOTP_ISSUER, clock })
  let ipCounter = 0

  async function call(method: string, path: string, o: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { 'x-forwarded-for': o.ip ?? '192.0.2.1', ...o.headers }
    if (o.body !== undefined) headers['content-type'] = 'application/json'
    if (o.token) headers.authorization = `Bearer ${o.token}`
    if (o.apiKey) headers['x-api-key'] = o.apiKey
    if (o.stepUp) headers['x-step-up-token'] = o.stepUp
    const res = await app.request(path, {
      method,
      headers,
      body:
        o.body === undefined
          ? undefined
          : typeof o.body === 'string'
            ? o.body
            : JSON.stringify(o.body),
    })
    const text = await res.text()
    responses.push(`${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${text}`)
    let body: unknown = null
    try {
      body = text ? JSON.parse(text) : null
    } catch {
      body = text
    }
    return { status: res.status, headers: res.headers, body, text }
  }

  /** A fresh client address, so tests don't share per-IP limits. */
  const nextIp = () => `198.51.100.${++ipCounter}`

  /** The TOTP code of the next 30-second step (the clock moves on, so it is never a replay). */
  async function nextCode(secret: string): Promise<string> {
    clock.advance(30_000)
    return totp.codeAt(secret)
  }

  async function signUp(email: string, password = PASSWORD): Promise<TestUser> {
    const ip = nextIp()
    const reg = await call('POST', '/v1/auth/register', { body: { email, password }, ip })
    if (reg.status !== 201) throw new Error(`register ${reg.status}: ${reg.text}`)
    const login = await call('POST', '/v1/auth/login', { body: { email, password }, ip })
    if (login.status !== 200) throw new Error(`login ${login.status}: ${login.text}`)
    return { id: reg.body.id, email: reg.body.email, password, ip, ...login.body }
  }

  async function enable2fa(user: TestUser): Promise<TestUser> {
    const enroll = await call('POST', '/v1/auth/2fa/enroll', {
      token: user.accessToken,
      ip: user.ip,
    })
    if (enroll.status !== 200) throw new Error(`enroll ${enroll.status}: ${enroll.text}`)
    const secret = enroll.body.secret as string
    const confirm = await call('POST', '/v1/auth/2fa/confirm', {
      token: user.accessToken,
      ip: user.ip,
      body: { code: await nextCode(secret) },
    })
    if (confirm.status !== 200) throw new Error(`confirm ${confirm.status}: ${confirm.text}`)
    return Object.assign(user, { secret, recoveryCodes: confirm.body.recoveryCodes as string[] })
  }

  async function stepUp(user: TestUser): Promise<string> {
    const res = await call('POST', '/v1/auth/step-up', {
      token: user.accessToken,
      ip: user.ip,
      body: { code: await nextCode(user.secret!) },
    })
    if (res.status !== 200) throw new Error(`step-up ${res.status}: ${res.text}`)
    return res.body.stepUpToken as string
  }

  return {
    app,
    database,
    clock,
    logs,
    responses,
    services,
    totp,
    call,
    nextIp,
    nextCode,
    signUp,
    enable2fa,
    stepUp,
    close: () => database.close(),
  }
}

export type AccountsHarness = Awaited<ReturnType<typeof setupAccounts>>
