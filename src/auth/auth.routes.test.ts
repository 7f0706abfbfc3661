import { generateKeyPairSync } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, importPKCS8 } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ENV } from '../../test/support/app.ts'
import { PASSWORD, setupAccounts, type AccountsHarness } from '../../test/support/auth.ts'
import { rowsOf } from '../db/execute.ts'
import { bytesToBase64Url, utf8 } from '../lib/crypto.ts'
import { keyRingFromSettings } from './key-material.ts'

const edPem = generateKeyPairSync('ed25519').privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string

let h: AccountsHarness
beforeAll(async () => {
  // Ed25519 signs; the HS256 secret stays a verification key: both algorithms are in the ring.
  h = await setupAccounts({ env: { JWT_PRIVATE_KEY: edPem } })
})
afterAll(() => h?.close())

const b64json = (o: unknown) => bytesToBase64Url(utf8(JSON.stringify(o)))

describe('auth routes: register and login', () => {
  it('should register with a normalised email and refuse the same address again', async () => {
    const ip = h.nextIp()
    const res = await h.call('POST', '/v1/auth/register', {
      body: { email: '  Ada@Example.COM ', password: PASSWORD },
      ip,
    })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({ id: expect.any(String), email: 'ada@example.com' })
    const again = await h.call('POST', '/v1/auth/register', {
      body: { email: 'ADA@example.com', password: PASSWORD },
      ip,
    })
    expect(again.status).toBe(409)
    expect(again.body.type).toBe('/problems/email-unavailable')
  })

  it('should answer invalid emails and short or breached passwords with 422 naming the field', async () => {
    const ip = h.nextIp()
    const cases: Array<[unknown, unknown, string[]]> = [
      ['not-an-email', PASSWORD, ['email']],
      ['a@b', PASSWORD, ['email']],
      ['two@@example.com', PASSWORD, ['email']],
      ['x@example.com', 'short-pw', ['password']],
      ['x@example.com', 'Password1234!', ['password']],
      ['x@example.com', 'qwerty123456', ['password']],
      ['x@example.com', 'aaaaaaaaaaaaaaaa', ['password']],
      ['nope', 5, ['email', 'password']],
    ]
    for (const [email, password, paths] of cases) {
      const res = await h.call('POST', '/v1/auth/register', { body: { email, password }, ip })
      expect(res.status, `${email}`).toBe(422)
      expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(paths)
      // The value never comes back in the problem.
      if (typeof password === 'string') expect(res.text).not.toContain(password)
    }
    // A password derived from the email is refused by the service with the email in context.
    const derived = await h.call('POST', '/v1/auth/register', {
      body: { email: 'grace.hopper@example.com', password: 'gracehopper2026' },
      ip,
    })
    expect(derived.status).toBe(422)
    expect(derived.body.errors[0].path).toBe('password')
  })

  it('should give the same 401 for a wrong password and an unknown email', async () => {
    const user = await h.signUp('bob@example.com')
    const wrong = await h.call('POST', '/v1/auth/login', {
      body: { email: user.email, password: 'not-the-password-1' },
      ip: h.nextIp(),
    })
    const unknown = await h.call('POST', '/v1/auth/login', {
      body: { email: 'nobody@example.com', password: 'not-the-password-1' },
      ip: h.nextIp(),
    })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined })
    expect(strip(wrong.body)).toEqual(strip(unknown.body))
  })

  it('should return tokens and let the access token read /me', async () => {
    const user = await h.signUp('carol@example.com')
    expect(user).toMatchObject({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
    })
    const me = await h.call('GET', '/v1/auth/me', { token: user.accessToken })
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({
      id: user.id,
      email: 'carol@example.com',
      role: 'user',
      twoFactorEnabled: false,
    })
    expect((await h.call('GET', '/v1/auth/me')).status).toBe(401)
  })
})

describe('auth routes: refresh tokens', () => {
  it('should rotate, and revoke the whole family when a spent token comes back', async () => {
    const user = await h.signUp('dave@example.com')
    const other = await h.call('POST', '/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
      ip: h.nextIp(),
    })
    const first = await h.call('POST', '/v1/auth/refresh', {
      body: { refreshToken: user.refreshToken },
    })
    expect(first.status).toBe(200)
    expect(first.body.refreshToken).not.toBe(user.refreshToken)
    // The old token again: reuse. The family's newest token dies with it.
    const reuse = await h.call('POST', '/v1/auth/refresh', {
      body: { refreshToken: user.refreshToken },
    })
    expect(reuse.status).toBe(401)
    expect(
      (
        await h.call('POST', '/v1/auth/refresh', {
          body: { refreshToken: first.body.refreshToken },
        })
      ).status
    ).toBe(401)
    // Another sign-in of the same user is a different family and keeps working.
    expect(
      (
        await h.call('POST', '/v1/auth/refresh', {
          body: { refreshToken: other.body.refreshToken },
        })
      ).status
    ).toBe(200)
    const events = await rowsOf<{ details: { revoked: number } }>(
      h.database.db,
      sql`select details from audit_log where actor_id = ${user.id} and action = 'auth.refresh.reuse_detected'`
    )
    expect(events.map((e) => e.details.revoked)).toEqual([2])
  })

  it('should let only one of two concurrent refreshes with the same token win', async () => {
    const user = await h.signUp('erin@example.com')
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        h.call('POST', '/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })
      )
    )
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401])
  })

  it('should revoke on logout, and with allSessions refuse earlier access tokens too', async () => {
    const user = await h.signUp('frank@example.com')
    expect(
      (await h.call('POST', '/v1/auth/logout', { body: { refreshToken: user.refreshToken } }))
        .status
    ).toBe(204)
    expect(
      (await h.call('POST', '/v1/auth/refresh', { body: { refreshToken: user.refreshToken } }))
        .status
    ).toBe(401)
    // Unknown tokens get the same 204.
    expect(
      (await h.call('POST', '/v1/auth/logout', { body: { refreshToken: 'x'.repeat(43) } })).status
    ).toBe(204)

    const a = await h.call('POST', '/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
      ip: user.ip,
    })
    const b = await h.call('POST', '/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
      ip: user.ip,
    })
    h.clock.advance(2_000)
    const all = await h.call('POST', '/v1/auth/logout', {
      body: { refreshToken: a.body.refreshToken, allSessions: true },
    })
    expect(all.status).toBe(204)
    expect((await h.call('GET', '/v1/auth/me', { token: b.body.accessToken })).status).toBe(401)
    expect(
      (await h.call('POST', '/v1/auth/refresh', { body: { refreshToken: b.body.refreshToken } }))
        .status
    ).toBe(401)
    h.clock.advance(1_000)
    const again = await h.call('POST', '/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
      ip: user.ip,
    })
    expect((await h.call('GET', '/v1/auth/me', { token: again.body.accessToken })).status).toBe(200)
  })
})

describe('auth routes: forged and broken access tokens → 401', () => {
  let token: string
  let payload: ReturnType<typeof decodeJwt>
  let edKid: string
  let hsKid: string
  const hsSecret = utf8(TEST_ENV.JWT_SECRET!)

  beforeAll(async () => {
    const user = await h.signUp('mallory@example.com')
    token = user.accessToken
    edKid = decodeProtectedHeader(token).kid!
    payload = decodeJwt(token)
    const hsOnly = await keyRingFromSettings({
      secret: TEST_ENV.JWT_SECRET,
      previousSecrets: [],
      privateKey: undefined,
      issuer: '',
      audience: '',
    })
    hsKid = hsOnly.signing.kid
    expect(hsKid).not.toBe(edKid)
  })

  const me = (t: string) => h.call('GET', '/v1/auth/me', { token: t })
  const hs = (header: Record<string, unknown>, claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', ...header })
      .sign(hsSecret)

  it('should accept the genuine token and an HS256 token from the verification-only secret', async () => {
    expect(decodeProtectedHeader(token).alg).toBe('EdDSA')
    expect((await me(token)).status).toBe(200)
    expect((await me(await hs({ kid: hsKid }, payload))).status).toBe(200)
  })

  it('should refuse alg none', async () => {
    const none = `${b64json({ alg: 'none', typ: 'at+jwt', kid: edKid })}.${b64json(payload)}.`
    const res = await me(none)
    expect(res.status).toBe(401)
    expect(res.body.type).toBe('/problems/invalid-token')
  })

  it('should refuse HS256 signed with the Ed25519 public key (algorithm confusion) and EdDSA under an HS kid', async () => {
    const pub = await exportJWK(await importPKCS8(edPem, 'EdDSA', { extractable: true }))
    const confused = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: edKid })
      .sign(utf8(JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: pub.x })))
    expect((await me(confused)).status).toBe(401)
    const pem = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: edKid })
      .sign(utf8(edPem))
    expect((await me(pem)).status).toBe(401)
    const edUnderHs = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: hsKid })
      .sign(await importPKCS8(edPem, 'EdDSA'))
    expect((await me(edUnderHs)).status).toBe(401)
  })

  it('should refuse an unknown kid, a missing kid and a foreign secret', async () => {
    expect((await me(await hs({ kid: 'not-in-ring' }, payload))).status).toBe(401)
    expect(
      (
        await me(
          await new SignJWT(payload)
            .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
            .sign(hsSecret)
        )
      ).status
    ).toBe(401)
    const foreign = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: hsKid })
      .sign(utf8('another-secret-of-sufficient-length-0123456789'))
    expect((await me(foreign)).status).toBe(401)
  })

  it('should refuse a tampered payload', async () => {
    const [head, , sig] = token.split('.')
    const tampered = `${head}.${b64json({ ...payload, role: 'admin' })}.${sig}`
    expect((await me(tampered)).status).toBe(401)
  })

  it('should refuse a wrong audience, issuer or token type', async () => {
    expect((await me(await hs({ kid: hsKid }, { ...payload, aud: 'someone-else' }))).status).toBe(
      401
    )
    expect(
      (await me(await hs({ kid: hsKid }, { ...payload, iss: 'https://evil.example' }))).status
    ).toBe(401)
    expect((await me(await hs({ kid: hsKid, typ: 'step-up+jwt' }, payload))).status).toBe(401)
  })

  it('should refuse an expired token with type token-expired', async () => {
    const user = await h.signUp('oscar@example.com')
    h.clock.advance(16 * 60_000)
    const res = await me(user.accessToken)
    expect(res.status).toBe(401)
    expect(res.body.type).toBe('/problems/token-expired')
    expect(res.headers.get('www-authenticate')).toContain('invalid_token')
  })

  it('should refuse garbage in the Authorization header', async () => {
    for (const header of ['Basic abc', 'Bearer', 'Bearer a b', `Bearer ${'x'.repeat(5000)}`]) {
      const res = await h.call('GET', '/v1/auth/me', { headers: { authorization: header } })
      expect(res.status, header.slice(0, 20)).toBe(401)
    }
  })
})
