/**
 * @module Turns presented credentials into a `Principal`: an access JWT (pinned algorithm per kid,
 * issuer, audience, type, expiry) or a platform API key — then the user's current state from the
 * database, so a disabled user, a changed role or "log out everywhere" takes effect at once.
 */
import type { ApiKeysService } from '../api-keys/api-keys.service.ts'
import type { Principal, StepUpProof } from '../http/types.ts'
import { ProblemError } from '../lib/problem.ts'
import { stepUpRequired, twoFactorRequired, ROLE_SCOPES } from './actor.ts'
import { looksLikeApiKey } from './api-key-format.ts'
import { TokenError, TokenExpired, type TokenService } from './tokens.ts'
import type { UsersRepository } from './users.repository.ts'

export interface Credentials {
  /** The `Authorization: Bearer` value: an access JWT or a platform API key. */
  bearer?: string
  /** The `X-API-Key` value. */
  apiKey?: string
}

export interface AuthGate {
  /** Throws a 401 problem for anything but valid credentials of an enabled user. */
  authenticate(credentials: Credentials): Promise<Principal>
  /**
   * Checks an `X-Step-Up-Token` for this principal: 403 `two-factor-required` when the user has no
   * 2FA, 403 `step-up-required` when the token is missing, invalid, expired or someone else's.
   */
  verifyStepUp(principal: Principal, token: string | undefined): Promise<StepUpProof>
}

const unauthorized = (type: string, detail: string) =>
  new ProblemError({
    status: 401,
    type,
    detail,
    headers: { 'www-authenticate': `Bearer error="invalid_token"` },
  })
const invalidToken = () =>
  unauthorized('invalid-token', 'The credentials are invalid. Sign in again.')

export function createAuthGate(deps: {
  users: UsersRepository
  tokens: () => Promise<TokenService>
  apiKeys: Pick<ApiKeysService, 'authenticate'>
}): AuthGate {
  const { users, tokens, apiKeys } = deps

  async function viaApiKey(key: string): Promise<Principal> {
    const identity = await apiKeys.authenticate(key)
    if (!identity)
      throw unauthorized('invalid-api-key', 'The API key is invalid, expired or revoked.')
    return {
      userId: identity.userId,
      role: identity.role,
      via: 'api_key',
      scopes: identity.scopes,
      apiKeyId: identity.apiKeyId,
    }
  }

  async function viaAccessToken(token: string): Promise<Principal> {
    let claims
    try {
      claims = await (await tokens()).verifyAccessToken(token)
    } catch (err) {
      if (err instanceof TokenExpired)
        throw unauthorized('token-expired', 'The access token has expired; refresh it.')
      if (err instanceof TokenError) throw invalidToken()
      throw err
    }
    const user = await users.authState(claims.sub)
    if (!user || !user.enabled) throw invalidToken()
    if (user.sessionsNotBefore && claims.iat * 1000 < user.sessionsNotBefore.getTime())
      throw invalidToken()
    return { userId: user.id, role: user.role, via: 'access_token', scopes: ROLE_SCOPES[user.role] }
  }

  return {
    async authenticate({ bearer, apiKey }) {
      if (bearer && apiKey)
        throw unauthorized('ambiguous-credentials', 'Send one credential, not two.')
      if (apiKey) return viaApiKey(apiKey)
      if (!bearer) {
        throw new ProblemError({
          status: 401,
          type: 'unauthorized',
          detail: 'Authentication is required.',
          headers: { 'www-authenticate': 'Bearer' },
        })
      }
      return looksLikeApiKey(bearer) ? viaApiKey(bearer) : viaAccessToken(bearer)
    },

    async verifyStepUp(principal, token) {
      const user = await users.findById(principal.userId)
      if (!user?.totpEnabledAt) throw twoFactorRequired()
      if (!token) throw stepUpRequired()
      try {
        const claims = await (await tokens()).verifyStepUpToken(token, { sub: principal.userId })
        // A step-up from before 2FA was (re-)enabled belongs to an older second factor.
        if (claims.iat * 1000 < Math.floor(user.totpEnabledAt.getTime() / 1000) * 1000)
          throw stepUpRequired()
        return { jti: claims.jti, exp: claims.exp }
      } catch (err) {
        if (err instanceof TokenError) throw stepUpRequired()
        throw err
      }
    },
  }
}
