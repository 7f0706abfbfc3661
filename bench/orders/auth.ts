/**
 * How the bench authenticates: real accounts. Users are registered and signed in before the
 * measurement (with a fast test hasher: sign-in is not what is measured); every order then carries
 * an access token that `requireAuth` verifies (JWT + the user's row) as in production.
 */
import type { createApp } from '../../src/app.ts'
import type { CoreDeps, ServiceOptions } from '../../src/services.ts'
import { fastTestHasher } from '../../test/support/hasher.ts'

export async function benchAuth(_core: CoreDeps) {
  // The bench signs up one user per connection from one address: lift the sign-up limit for it.
  const options: ServiceOptions = {
    passwordHasher: fastTestHasher(),
    rateLimits: { register: { limit: 1000, windowMs: 60_000 } },
  }
  return {
    name: 'access token (requireAuth: JWT verify + user row)',
    options,
    async user(app: ReturnType<typeof createApp>, i: number): Promise<Record<string, string>> {
      const creds = {
        email: `bench-${i}-${Date.now()}@example.com`,
        password: 'violet-harbor-lantern-42',
      }
      const post = (path: string) =>
        app.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(creds),
        })
      const reg = await post('/v1/auth/register')
      if (reg.status !== 201) throw new Error(`register: ${reg.status} ${await reg.text()}`)
      const login = await post('/v1/auth/login')
      const { accessToken } = (await login.json()) as { accessToken: string }
      return { authorization: `Bearer ${accessToken}` }
    },
  }
}
