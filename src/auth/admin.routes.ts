/**
 * @module `PUT /v1/admin/users/:id/role` (admins).
 */
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { actorOf, requireAuth, requireRole } from '../http/auth.ts'
import { ID_PARAM, jsonResponse, problemResponses, SECURITY } from '../http/openapi-doc.ts'
import type { AppEnv } from '../http/types.ts'
import { validate } from '../http/validate.ts'
import { isUuid } from '../lib/ids.ts'
import { problems } from '../lib/problem.ts'
import type { AuthGate } from './auth-gate.ts'
import { RoleBody, RoleChangeSchema } from './auth.schemas.ts'
import type { UsersService } from './users.service.ts'

export function createAdminRouter(deps: { users: UsersService; gate: AuthGate }) {
  return new Hono<AppEnv>().put(
    '/v1/admin/users/:id/role',
    describeRoute({
      tags: ['admin'],
      summary: "Change a user's role (admins; not their own)",
      security: SECURITY.session,
      parameters: [ID_PARAM],
      responses: {
        200: jsonResponse('The new role', RoleChangeSchema),
        ...problemResponses(400, 401, 403, 404, 409, 415, 422),
      },
    }),
    requireAuth(deps.gate, { apiKeys: false }),
    requireRole('admin'),
    validate('json', RoleBody),
    async (c) => {
      const id = c.req.param('id')
      if (!isUuid(id)) throw problems.notFound('No such user.')
      return c.json(await deps.users.setRole(actorOf(c), id, c.req.valid('json').role), 200)
    }
  )
}
