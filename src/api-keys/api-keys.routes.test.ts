import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupAccounts, type AccountsHarness, type TestUser } from '../../test/support/auth.ts'

let h: AccountsHarness
beforeAll(async () => {
  h = await setupAccounts()
})
afterAll(() => h?.close())

const createKey = async (
  user: TestUser,
  body: Record<string, unknown> = { name: 'bot', scopes: ['read'] }
) => {
  const res = await h.call('POST', '/v1/api-keys', { token: user.accessToken, body })
  expect(res.status, res.text).toBe(201)
  return res.body as {
    id: string
    key: string
    prefix: string
    scopes: string[]
    expiresAt: string
  }
}

describe('platform API keys', () => {
  it('should show the key once and accept it as Bearer or X-API-Key', async () => {
    const user = await h.signUp('kim@example.com')
    const created = await createKey(user)
    expect(created.key).toMatch(/^tw_live_[0-9A-Za-z]{38}$/)
    expect(created.key.startsWith(created.prefix)).toBe(true)
    expect(created.expiresAt).toBe(
      new Date(h.clock.now().getTime() + 90 * 86_400_000).toISOString()
    )

    const list = await h.call('GET', '/v1/api-keys', { token: user.accessToken })
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: created.id, prefix: created.prefix, lastUsedAt: null }),
    ])
    expect(list.text).not.toContain(created.key)
    expect(list.body.nextCursor).toBeNull()

    const bearer = await h.call('GET', '/v1/auth/me', { token: created.key })
    expect(bearer.status).toBe(200)
    expect(bearer.body.id).toBe(user.id)
    expect((await h.call('GET', '/v1/auth/me', { apiKey: created.key })).status).toBe(200)
    expect(
      (await h.call('GET', '/v1/auth/me', { apiKey: created.key, token: user.accessToken })).status
    ).toBe(401)
    const after = await h.call('GET', `/v1/api-keys/${created.id}`, { token: user.accessToken })
    expect(after.body.lastUsedAt).toBe(h.clock.now().toISOString())
  })

  it('should refuse malformed, mistyped and unknown keys', async () => {
    const user = await h.signUp('lee@example.com')
    const { key } = await createKey(user)
    const flipped = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A') // checksum no longer matches
    const other = `tw_live_${'A'.repeat(32)}000000`
    for (const k of [flipped, other, 'tw_live_short', key.replace('tw_live_', 'tw_test_')]) {
      const res = await h.call('GET', '/v1/auth/me', { apiKey: k })
      expect(res.status, k).toBe(401)
      expect(res.body.type).toBe('/problems/invalid-api-key')
    }
  })

  it('should keep account management to signed-in sessions', async () => {
    const user = await h.signUp('max@example.com')
    const { key } = await createKey(user)
    for (const [method, path] of [
      ['POST', '/v1/api-keys'],
      ['POST', '/v1/auth/2fa/enroll'],
      ['POST', '/v1/exchange-keys'],
      ['POST', '/v1/auth/step-up'],
    ] as const) {
      const res = await h.call(method, path, {
        token: key,
        body: { name: 'x', scopes: ['read'], code: '123456' },
      })
      expect(res.status, path).toBe(403)
      expect(res.body.type).toBe('/problems/session-required')
    }
    expect((await h.call('GET', '/v1/api-keys', { token: key })).status).toBe(200)
  })

  it('should enforce scopes and never grant more than the role allows', async () => {
    const user = await h.signUp('nia@example.com')
    const denied = await h.call('POST', '/v1/api-keys', {
      token: user.accessToken,
      body: { name: 'x', scopes: ['compliance'] },
    })
    expect(denied.status).toBe(403)
    expect(denied.body.type).toBe('/problems/scope-not-allowed')

    const officer = await h.signUp('olga@example.com')
    await h.services.accounts.users.setRoleByEmail(officer.email, 'compliance_officer')
    const readOnly = await createKey(officer, { name: 'read', scopes: ['read'] })
    const compliance = await createKey(officer, { name: 'audit', scopes: ['compliance'] })
    expect(
      (await h.call('GET', '/v1/compliance/audit-log/verify', { token: readOnly.key })).body.type
    ).toBe('/problems/insufficient-scope')
    expect(
      (await h.call('GET', '/v1/compliance/audit-log/verify', { token: compliance.key })).status
    ).toBe(200)
    // A compliance-only key can't read the account: scopes don't imply each other.
    expect((await h.call('GET', '/v1/auth/me', { token: compliance.key })).status).toBe(403)
    // Demoted: the key keeps only what the new role allows.
    await h.services.accounts.users.setRoleByEmail(officer.email, 'user')
    expect(
      (await h.call('GET', '/v1/compliance/audit-log/verify', { token: compliance.key })).status
    ).toBe(403)
  })

  it('should stop accepting a key once revoked or expired', async () => {
    const user = await h.signUp('pia@example.com')
    const revoked = await createKey(user)
    const shortLived = await createKey(user, { name: 'short', scopes: ['read'], expiresInDays: 1 })
    expect(
      (await h.call('DELETE', `/v1/api-keys/${revoked.id}`, { token: user.accessToken })).status
    ).toBe(204)
    expect((await h.call('GET', '/v1/auth/me', { token: revoked.key })).status).toBe(401)
    expect(
      (await h.call('DELETE', `/v1/api-keys/${revoked.id}`, { token: user.accessToken })).status
    ).toBe(404)
    expect((await h.call('GET', '/v1/auth/me', { token: shortLived.key })).status).toBe(200)
    h.clock.advance(86_400_000 + 1_000)
    expect((await h.call('GET', '/v1/auth/me', { token: shortLived.key })).status).toBe(401)
  })

  it("should answer 404 for another user's key: read, revoke, and it keeps working", async () => {
    const a = await h.signUp('quinn@example.com')
    const b = await h.signUp('rae@example.com')
    const aKey = await createKey(a)
    expect((await h.call('GET', `/v1/api-keys/${aKey.id}`, { token: b.accessToken })).status).toBe(
      404
    )
    expect(
      (await h.call('DELETE', `/v1/api-keys/${aKey.id}`, { token: b.accessToken })).status
    ).toBe(404)
    expect((await h.call('GET', '/v1/api-keys/not-a-uuid', { token: b.accessToken })).status).toBe(
      404
    )
    expect((await h.call('GET', '/v1/api-keys', { token: b.accessToken })).body.items).toEqual([])
    expect((await h.call('GET', '/v1/auth/me', { token: aKey.key })).status).toBe(200)
  })

  it('should validate the request body and page through keys', async () => {
    const user = await h.signUp('sam@example.com')
    const bad = await h.call('POST', '/v1/api-keys', {
      token: user.accessToken,
      body: { name: '', scopes: ['root'], expiresInDays: 0 },
    })
    expect(bad.status).toBe(422)
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'expiresInDays',
      'name',
      'scopes.0',
    ])
    for (let i = 0; i < 3; i++) await createKey(user, { name: `k${i}`, scopes: ['read', 'trade'] })
    const first = await h.call('GET', '/v1/api-keys?limit=2', { token: user.accessToken })
    expect(first.body.items.map((k: { name: string }) => k.name)).toEqual(['k2', 'k1'])
    const second = await h.call('GET', `/v1/api-keys?limit=2&cursor=${first.body.nextCursor}`, {
      token: user.accessToken,
    })
    expect(second.body).toEqual({
      items: [expect.objectContaining({ name: 'k0', scopes: ['read', 'trade'] })],
      nextCursor: null,
    })
  })
})
