/**
 * How the bench authenticates. Until the accounts feature is wired this is a header stand-in
 * (no token verification), so the figure it prints excludes real authentication.
 */
import type { createApp } from '../../src/app.ts'
import { uuidv7 } from '../../src/lib/ids.ts'
import { problems } from '../../src/lib/problem.ts'
import type { CoreDeps, ServiceOptions } from '../../src/services.ts'

export async function benchAuth(_core: CoreDeps) {
  const options: ServiceOptions = {
    routeAuth: {
      requireAuth: async (c, next) => {
        const userId = c.req.header('x-bench-user')
        if (!userId) throw problems.unauthorized()
        c.set('principal', { userId, role: 'user', via: 'access_token', scopes: ['read', 'trade'] })
        await next()
      },
      requireStepUp: async () => {
        throw problems.forbidden()
      },
    },
  }
  return {
    name: 'header stand-in (no token verification)',
    options,
    async user(_app: ReturnType<typeof createApp>, _i: number): Promise<Record<string, string>> {
      return { 'x-bench-user': uuidv7() }
    },
  }
}
