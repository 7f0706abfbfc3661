/**
 * @module Refresh-token rotation with reuse detection, and logout. A refresh token works once;
 * presenting a spent one means it was copied, so its whole family (every token from that sign-in)
 * is revoked and the event audited.
 */
import type { AuditLog } from '../compliance/audit-log/audit-log.ts'
import type { Db } from '../db/types.ts'
import type { Clock } from '../lib/clock.ts'
import type { Logger } from '../lib/logger.ts'
import { problems } from '../lib/problem.ts'
import { auditMeta, type RequestMeta } from './actor.ts'
import { hashRefreshToken, type SessionIssuer, type SessionTokens } from './session-issuer.ts'
import type { SessionsRepository } from './sessions.repository.ts'
import type { UsersRepository } from './users.repository.ts'

const invalidRefresh = () =>
  problems.unauthorized(
    'The refresh token is invalid or expired. Sign in again.',
    'invalid-refresh-token'
  )

export function createSessionsService(deps: {
  db: Db
  users: UsersRepository
  sessions: SessionsRepository
  issuer: SessionIssuer
  auditLog: AuditLog
  clock: Clock
  logger: Logger
}) {
  const { db, users, sessions, issuer, auditLog, clock, logger } = deps
  return {
    async refresh(input: { refreshToken: string }, meta: RequestMeta): Promise<SessionTokens> {
      const hash = await hashRefreshToken(input.refreshToken)
      const now = clock.now()
      const rotated = await db.transaction(async (tx) => {
        const row = await sessions.consumeRefreshToken(hash, now, tx)
        if (!row) return null
        const user = await users.findById(row.userId, tx)
        if (!user || !user.enabled) return 'refused' as const
        return issuer.issue(user, { familyId: row.familyId, expiresAt: row.expiresAt }, tx)
      })
      if (rotated && rotated !== 'refused') return rotated
      const known = rotated === null ? await sessions.findRefreshToken(hash) : null
      if (known?.usedAt) {
        // A spent token came back: it was copied. Revoke every token of its family.
        const revoked = await sessions.revokeFamily(known.familyId, now)
        logger.warn('refresh token reuse: family revoked', {
          userId: known.userId,
          revoked,
          requestId: meta.requestId,
        })
        await auditLog.append({
          ...auditMeta(meta),
          actor: known.userId,
          action: 'auth.refresh.reuse_detected',
          subject: `user:${known.userId}`,
          details: { familyId: known.familyId, revoked },
        })
      }
      throw invalidRefresh()
    },

    /** Revokes the token's family, or with `allSessions` every session of its user. */
    async logout(
      input: { refreshToken: string; allSessions?: boolean },
      meta: RequestMeta
    ): Promise<void> {
      const row = await sessions.findRefreshToken(await hashRefreshToken(input.refreshToken))
      if (!row) return
      const now = clock.now()
      const live = !row.usedAt && !row.revokedAt && row.expiresAt > now
      if (input.allSessions && live) {
        await db.transaction(async (tx) => {
          await sessions.revokeAllForUser(row.userId, now, tx)
          // Whole seconds: access tokens carry `iat` in seconds.
          await users.setSessionsNotBefore(
            row.userId,
            new Date(Math.floor(now.getTime() / 1000) * 1000),
            tx
          )
        })
      } else {
        await sessions.revokeFamily(row.familyId, now)
      }
      await auditLog.append({
        ...auditMeta(meta),
        actor: row.userId,
        action: 'auth.logout',
        subject: `user:${row.userId}`,
        details: { allSessions: Boolean(input.allSessions && live) },
      })
    },
  }
}

export type SessionsService = ReturnType<typeof createSessionsService>
