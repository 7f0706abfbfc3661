/**
 * @module Role administration: admins change other users' roles over HTTP; operators use the
 * `npm run users:role` CLI (a system actor). Every change is audited with the previous role.
 */
import type { AuditLog } from '../compliance/audit-log/audit-log.ts'
import type { Db } from '../db/types.ts'
import type { Role } from '../http/types.ts'
import { problems } from '../lib/problem.ts'
import { assertRole, assertSession, auditMeta, type Actor } from './actor.ts'
import { normalizeEmail } from './email.ts'
import type { UsersRepository } from './users.repository.ts'

export interface RoleChange {
  id: string
  email: string
  role: Role
  previousRole: Role
}

export function createUsersService(deps: { db: Db; users: UsersRepository; auditLog: AuditLog }) {
  const { db, users, auditLog } = deps

  async function change(
    userId: string,
    role: Role,
    audit: ReturnType<typeof auditMeta>,
    via: 'http' | 'cli'
  ) {
    return db.transaction(async (tx): Promise<RoleChange | null> => {
      const before = await users.findById(userId, tx)
      if (!before) return null
      const after = await users.setRole(userId, role, tx)
      if (!after) return null
      await auditLog.append(
        {
          ...audit,
          action: 'user.role_changed',
          subject: `user:${userId}`,
          details: { from: before.role, to: role, via },
        },
        tx
      )
      return { id: after.id, email: after.email, role: after.role, previousRole: before.role }
    })
  }

  return {
    /** Admins only; not your own role (an admin locking themselves out needs another admin). */
    async setRole(actor: Actor, userId: string, role: Role): Promise<RoleChange> {
      assertSession(actor)
      assertRole(actor, 'admin')
      if (userId === actor.principal.userId) {
        throw problems.conflict('You cannot change your own role.', 'own-role')
      }
      const result = await change(userId, role, auditMeta(actor), 'http')
      if (!result) throw problems.notFound('No such user.')
      return result
    },

    /** For the operator CLI: no HTTP actor, recorded as the system. Null when no such user. */
    async setRoleByEmail(email: string, role: Role): Promise<RoleChange | null> {
      const normalized = normalizeEmail(email)
      if (!normalized.ok) return null
      const user = await users.findByEmail(normalized.email)
      if (!user) return null
      return change(user.id, role, { actor: null, requestId: null, ip: null }, 'cli')
    },
  }
}

export type UsersService = ReturnType<typeof createUsersService>
