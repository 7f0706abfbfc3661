/**
 * @module Issues a session: a 15-minute access JWT and an opaque refresh token (stored as SHA-256
 * in a family). A family lives at most `refreshTtlSeconds` from its login: rotation keeps the
 * family's expiry, so a stolen token chain can't be extended forever.
 */
import type { Queryable } from '../db/types.ts'
import type { Role } from '../http/types.ts'
import type { Clock } from '../lib/clock.ts'
import { sha256Hex } from '../lib/crypto.ts'
import { randomToken, uuidv7 } from '../lib/ids.ts'
import type { SessionsRepository } from './sessions.repository.ts'
import type { TokenService } from './tokens.ts'

export interface SessionTokens {
  accessToken: string
  refreshToken: string
  /** Seconds until the access token expires. */
  expiresIn: number
  tokenType: 'Bearer'
}

export const DEFAULT_REFRESH_TTL_SECONDS = 30 * 24 * 3600

export const hashRefreshToken = (token: string) => sha256Hex(`refresh-token:${token}`)

export function createSessionIssuer(deps: {
  sessions: SessionsRepository
  tokens: () => Promise<TokenService>
  clock: Clock
  refreshTtlSeconds?: number
}) {
  const { sessions, tokens, clock, refreshTtlSeconds = DEFAULT_REFRESH_TTL_SECONDS } = deps
  return {
    /** A new session, or the next one of `family` when rotating. */
    async issue(
      user: { id: string; role: Role },
      family?: { familyId: string; expiresAt: Date },
      q?: Queryable
    ): Promise<SessionTokens> {
      const now = clock.now()
      const access = await (await tokens()).issueAccessToken({ sub: user.id, role: user.role })
      const refreshToken = randomToken(32)
      await sessions.insertRefreshToken(
        {
          userId: user.id,
          familyId: family?.familyId ?? uuidv7(now.getTime()),
          tokenHash: await hashRefreshToken(refreshToken),
          createdAt: now,
          expiresAt: family?.expiresAt ?? new Date(now.getTime() + refreshTtlSeconds * 1000),
        },
        q
      )
      return {
        accessToken: access.token,
        refreshToken,
        expiresIn: access.expiresIn,
        tokenType: 'Bearer',
      }
    },
  }
}

export type SessionIssuer = ReturnType<typeof createSessionIssuer>
