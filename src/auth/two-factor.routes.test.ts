import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  PASSWORD,
  setupAccounts,
  type AccountsHarness,
  type TestUser,
} from '../../test/support/auth.ts'
import { rowsOf } from '../db/execute.ts'

let h: AccountsHarness
beforeAll(async () => {
  h = await setupAccounts()
})
afterAll(() => h?.close())

const mfaLogin = async (user: TestUser, ip = user.ip) => {
  const res = await h.call('POST', '/v1/auth/login', {
    body: { email: user.email, password: user.password },
    ip,
  })
  expect(res.status).toBe(200)
  expect(res.body).toEqual({ mfaRequired: true, challenge: expect.any(String), expiresIn: 300 })
  return res.body.challenge as string
}

describe('two-factor: enrolment and sign-in', () => {
  it('should enrol, store the secret sealed, and turn on only with a valid code', async () => {
    const user = await h.signUp('tina@example.com')
    const enroll = await h.call('POST', '/v1/auth/2fa/enroll', { token: user.accessToken })
    expect(enroll.status).toBe(200)
    expect(enroll.body.otpauthUri).toMatch(
      /^otpauth:\/\/totp\/Tradeworks:tina%40example\.com\?.*secret=/
    )
    const [row] = await rowsOf<{ totp_secret: unknown }>(
      h.database.db,
      sql`select totp_secret from users where id = ${user.id}`
    )
    expect(JSON.stringify(row!.totp_secret)).not.toContain(enroll.body.secret)
    expect(row!.totp_secret).toMatchObject({ v: 1, alg: 'A256GCM', kekId: expect.any(String) })

    const bad = await h.call('POST', '/v1/auth/2fa/confirm', {
      token: user.accessToken,
      body: { code: '000000' },
    })
    expect(bad.status).toBe(401)
    expect(
      (await h.call('GET', '/v1/auth/me', { token: user.accessToken })).body.twoFactorEnabled
    ).toBe(false)

    const ok = await h.call('POST', '/v1/auth/2fa/confirm', {
      token: user.accessToken,
      body: { code: await h.nextCode(enroll.body.secret) },
    })
    expect(ok.status).toBe(200)
    expect(ok.body.recoveryCodes).toHaveLength(10)
    expect(new Set(ok.body.recoveryCodes).size).toBe(10)
    const me = await h.call('GET', '/v1/auth/me', { token: user.accessToken })
    expect(me.body).toMatchObject({ twoFactorEnabled: true, recoveryCodesRemaining: 10 })
    expect((await h.call('POST', '/v1/auth/2fa/enroll', { token: user.accessToken })).status).toBe(
      409
    )
  })

  it('should require the second factor at login, accept a code once and a challenge once', async () => {
    const user = await h.enable2fa(await h.signUp('uma@example.com'))
    const challenge = await mfaLogin(user)
    const code = await h.nextCode(user.secret!)
    const done = await h.call('POST', '/v1/auth/login/mfa', {
      body: { challenge, code },
      ip: user.ip,
    })
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
    })
    // The same challenge again, even with a fresh code: refused.
    const again = await h.call('POST', '/v1/auth/login/mfa', {
      body: { challenge, code: await h.nextCode(user.secret!) },
      ip: user.ip,
    })
    expect(again.status).toBe(401)
    expect(again.body.type).toBe('/problems/invalid-challenge')
  })

  it('should refuse a TOTP code replayed within its validity window', async () => {
    const user = await h.enable2fa(await h.signUp('victor@example.com'))
    const code = await h.nextCode(user.secret!)
    const first = await h.call('POST', '/v1/auth/login/mfa', {
      body: { challenge: await mfaLogin(user), code },
      ip: user.ip,
    })
    expect(first.status).toBe(200)
    h.clock.advance(10_000) // same step or the next: the code is still inside ±1 step
    const replay = await h.call('POST', '/v1/auth/login/mfa', {
      body: { challenge: await mfaLogin(user), code },
      ip: user.ip,
    })
    expect(replay.status).toBe(401)
    expect(replay.body.type).toBe('/problems/invalid-code')
    const stepUp = await h.call('POST', '/v1/auth/step-up', {
      token: first.body.accessToken,
      body: { code },
    })
    expect(stepUp.status).toBe(401)
  })

  it('should accept each recovery code once, and only for its owner', async () => {
    const a = await h.enable2fa(await h.signUp('wendy@example.com'))
    const b = await h.enable2fa(await h.signUp('xavier@example.com'))
    const code = a.recoveryCodes![3]!
    // B's recovery code on A's challenge is a wrong code.
    const cross = await h.call('POST', '/v1/auth/login/mfa', {
      body: { challenge: await mfaLogin(a), code: b.recoveryCodes![0] },
      ip: a.ip,
    })
    expect(cross.status).toBe(401)
    const ok = await h.call('POST', '/v1/auth/login/mfa', {
      body: { challenge: await mfaLogin(a), code: code.toLowerCase() },
      ip: a.ip,
    })
    expect(ok.status).toBe(200)
    const twice = await h.call('POST', '/v1/auth/login/mfa', {
      body: { challenge: await mfaLogin(a), code },
      ip: a.ip,
    })
    expect(twice.status).toBe(401)
    expect(
      (await h.call('GET', '/v1/auth/me', { token: ok.body.accessToken })).body
        .recoveryCodesRemaining
    ).toBe(9)
    // B's codes are untouched.
    expect(
      (await h.call('GET', '/v1/auth/me', { token: b.accessToken })).body.recoveryCodesRemaining
    ).toBe(10)
  })

  it('should let only one of two concurrent uses of a recovery code win', async () => {
    const user = await h.enable2fa(await h.signUp('yara@example.com'))
    const [c1, c2] = [await mfaLogin(user), await mfaLogin(user)]
    const code = user.recoveryCodes![0]!
    const results = await Promise.all(
      [c1, c2].map((challenge) =>
        h.call('POST', '/v1/auth/login/mfa', { body: { challenge, code }, ip: user.ip })
      )
    )
    expect(results.map((r) => r.status).sort()).toEqual([200, 401])
  })
})

describe('two-factor: step-up', () => {
  it('should answer two-factor-required without 2FA and step-up-required without a valid token', async () => {
    const plain = await h.signUp('zed@example.com')
    const no2fa = await h.call('POST', '/v1/auth/step-up', {
      token: plain.accessToken,
      body: { code: '123456' },
    })
    expect(no2fa.status).toBe(403)
    expect(no2fa.body.type).toMatch(/two-factor-required$/)
    const recovery = await h.call('POST', '/v1/auth/2fa/recovery-codes', {
      token: plain.accessToken,
    })
    expect(recovery.status).toBe(403)
    expect(recovery.body.type).toMatch(/two-factor-required$/)

    const user = await h.enable2fa(await h.signUp('amy@example.com'))
    const other = await h.enable2fa(await h.signUp('ben@example.com'))
    const missing = await h.call('POST', '/v1/auth/2fa/recovery-codes', { token: user.accessToken })
    expect(missing.body.type).toMatch(/step-up-required$/)
    // An access token, or another user's step-up token, is not a step-up token for this user.
    for (const stepUp of [user.accessToken, await h.stepUp(other), 'garbage']) {
      const res = await h.call('POST', '/v1/auth/2fa/recovery-codes', {
        token: user.accessToken,
        stepUp,
      })
      expect(res.status).toBe(403)
      expect(res.body.type).toMatch(/step-up-required$/)
    }
    const token = await h.stepUp(user)
    const fresh = await h.call('POST', '/v1/auth/2fa/recovery-codes', {
      token: user.accessToken,
      stepUp: token,
    })
    expect(fresh.status).toBe(200)
    expect(fresh.body.recoveryCodes).toHaveLength(10)
    // The old codes are gone.
    const old = await h.call('POST', '/v1/auth/step-up', {
      token: user.accessToken,
      body: { code: user.recoveryCodes![0] },
    })
    expect(old.status).toBe(401)
    h.clock.advance(5 * 60_000 + 10_000)
    const late = await h.call('POST', '/v1/auth/2fa/recovery-codes', {
      token: user.accessToken,
      stepUp: token,
    })
    // The access token (15 minutes) is still good; the 5-minute step-up token is not.
    expect(late.status).toBe(403)
    expect(late.body.type).toMatch(/step-up-required$/)
  })

  it('should disable 2FA only with step-up, password and a fresh code', async () => {
    const user = await h.enable2fa(await h.signUp('cleo@example.com'))
    const stepUp = await h.stepUp(user)
    const noStepUp = await h.call('POST', '/v1/auth/2fa/disable', {
      token: user.accessToken,
      body: { password: user.password, code: await h.nextCode(user.secret!) },
    })
    expect(noStepUp.status).toBe(403)
    const wrongPw = await h.call('POST', '/v1/auth/2fa/disable', {
      token: user.accessToken,
      stepUp,
      body: { password: 'wrong-password-123', code: await h.nextCode(user.secret!) },
    })
    expect(wrongPw.status).toBe(401)
    const ok = await h.call('POST', '/v1/auth/2fa/disable', {
      token: user.accessToken,
      stepUp,
      body: { password: user.password, code: await h.nextCode(user.secret!) },
    })
    expect(ok.status).toBe(204)
    const me = await h.call('GET', '/v1/auth/me', { token: user.accessToken })
    expect(me.body).toMatchObject({ twoFactorEnabled: false, recoveryCodesRemaining: 0 })
    const login = await h.call('POST', '/v1/auth/login', {
      body: { email: user.email, password: user.password },
      ip: user.ip,
    })
    expect(login.body.accessToken).toEqual(expect.any(String))
  })

  it("should keep another user's 2FA state out of reach", async () => {
    const a = await h.enable2fa(await h.signUp('dora@example.com'))
    const b = await h.signUp('eli@example.com')
    // B's 2FA calls act on B only: A stays enrolled with the same codes.
    expect((await h.call('POST', '/v1/auth/2fa/enroll', { token: b.accessToken })).status).toBe(200)
    expect(
      (
        await h.call('POST', '/v1/auth/2fa/confirm', {
          token: b.accessToken,
          body: { code: await h.nextCode(a.secret!) },
        })
      ).status
    ).toBe(401)
    const aMe = await h.call('GET', '/v1/auth/me', { token: a.accessToken })
    expect(aMe.body).toMatchObject({ twoFactorEnabled: true, recoveryCodesRemaining: 10 })
    // A's challenge completed with B's (pending) secret: no.
    const challenge = await mfaLogin(a)
    const bSecret = (await h.call('POST', '/v1/auth/2fa/enroll', { token: b.accessToken })).body
      .secret
    expect(
      (
        await h.call('POST', '/v1/auth/login/mfa', {
          body: { challenge, code: await h.nextCode(bSecret) },
          ip: a.ip,
        })
      ).status
    ).toBe(401)
  })
})

describe('two-factor: brute force', () => {
  it('should back off, then lock the account with 429 and Retry-After, whatever the password', async () => {
    const user = await h.signUp('fred@example.com')
    const attempt = (password: string) =>
      h.call('POST', '/v1/auth/login', { body: { email: user.email, password }, ip: h.nextIp() })
    // Five failures are free, the sixth starts the back-off: 1 s, then doubling.
    for (let i = 0; i < 6; i++) expect((await attempt(`wrong-guess-${i}-xx`)).status).toBe(401)
    const throttled = await attempt('wrong-guess-6-xx')
    expect(throttled.status).toBe(429)
    expect(throttled.headers.get('retry-after')).toBe('1')
    expect(throttled.body.type).toBe('/problems/login-throttled')
    // Keep failing after each wait until the lockout.
    for (let i = 7; i <= 10; i++) {
      h.clock.advance(60_000)
      expect((await attempt(`wrong-guess-${i}-xx`)).status).toBe(401)
    }
    const locked = await attempt(PASSWORD)
    expect(locked.status).toBe(429)
    expect(Number(locked.headers.get('retry-after'))).toBe(900)
    // An unknown email is throttled the same way: no existence leak through lockouts.
    const ghost = (p: string) =>
      h.call('POST', '/v1/auth/login', {
        body: { email: 'ghost@example.com', password: p },
        ip: h.nextIp(),
      })
    for (let i = 0; i < 6; i++) expect((await ghost(`wrong-guess-${i}-xx`)).status).toBe(401)
    expect((await ghost('wrong-guess-6-xx')).status).toBe(429)
    h.clock.advance(15 * 60_000)
    expect((await attempt(PASSWORD)).status).toBe(200)
  })

  it('should throttle guessing of second-factor codes', async () => {
    const user = await h.enable2fa(await h.signUp('gina@example.com'))
    const challenge = await mfaLogin(user)
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) {
      const res = await h.call('POST', '/v1/auth/login/mfa', {
        body: { challenge, code: String(100000 + i) },
        ip: user.ip,
      })
      statuses.push(res.status)
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(statuses.at(-1)).toBe(429)
  })

  it('should not let a correct password reset the count of wrong codes', async () => {
    const user = await h.enable2fa(await h.signUp('hugo@example.com'))
    const statuses: number[] = []
    for (let round = 0; round < 4; round++) {
      const login = await h.call('POST', '/v1/auth/login', {
        body: { email: user.email, password: user.password },
        ip: h.nextIp(),
      })
      statuses.push(login.status)
      if (login.status !== 200) continue
      for (let i = 0; i < 3; i++) {
        const res = await h.call('POST', '/v1/auth/login/mfa', {
          body: { challenge: login.body.challenge, code: String(200000 + round * 10 + i) },
          ip: h.nextIp(),
        })
        statuses.push(res.status)
      }
    }
    // Six wrong codes in, the account backs off: both the code and the password step answer 429.
    expect(statuses.slice(0, 8)).toEqual([200, 401, 401, 401, 200, 401, 401, 401])
    expect(statuses.slice(8)).toEqual([429, 429])
  })

  it('should rate-limit logins per client IP', async () => {
    const ip = h.nextIp()
    const statuses: number[] = []
    for (let i = 0; i < 32; i++) {
      const res = await h.call('POST', '/v1/auth/login', {
        body: { email: `user${i}@example.com`, password: 'some-password-123' },
        ip,
      })
      statuses.push(res.status)
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0)
    const limited = await h.call('POST', '/v1/auth/login', {
      body: { email: 'x@example.com', password: 'some-password-123' },
      ip,
    })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
  })
})
