/**
 * @module Signed tokens (jose): 15-minute access JWTs, 5-minute MFA-challenge and step-up tokens.
 *
 * Each kind has its own `typ` header and its own audience, and verification demands both, so no
 * kind can be replayed as another. The key is chosen by `kid` and the algorithm is pinned per key:
 * `none`, an unknown `kid` and HS/EdDSA confusion all fail before any signature check.
 */
import { SignJWT, errors, jwtVerify, type JWTHeaderParameters, type JWTPayload } from 'jose'
import { systemClock, type Clock } from '../lib/clock.ts'
import { randomToken } from '../lib/ids.ts'
import type { KeyRing } from './key-ring.ts'

export const ROLES = ['user', 'compliance_officer', 'admin'] as const
export type Role = (typeof ROLES)[number]

export type TokenKind = 'access' | 'mfa-challenge' | 'step-up'

export class TokenError extends Error {
  override name = 'TokenError'
}
export class TokenMalformed extends TokenError {
  override name = 'TokenMalformed'
}
export class TokenUnknownKey extends TokenError {
  override name = 'TokenUnknownKey'
}
export class TokenAlgorithmMismatch extends TokenError {
  override name = 'TokenAlgorithmMismatch'
}
export class TokenSignatureInvalid extends TokenError {
  override name = 'TokenSignatureInvalid'
}
export class TokenExpired extends TokenError {
  override name = 'TokenExpired'
}
/** Wrong issuer, audience, type, subject, or a missing/invalid claim. */
export class TokenClaimInvalid extends TokenError {
  override name = 'TokenClaimInvalid'
}

export interface IssuedToken {
  token: string
  jti: string
  /** Seconds until expiry, as sent to clients (`expiresIn`). */
  expiresIn: number
  expiresAt: Date
}

export interface VerifiedToken {
  sub: string
  jti: string
  iat: number
  exp: number
  kid: string
}
export interface AccessClaims extends VerifiedToken {
  role: Role
}

export interface TokenService {
  issueAccessToken(input: { sub: string; role: Role }): Promise<IssuedToken>
  verifyAccessToken(token: string): Promise<AccessClaims>
  /**
   * Proof that the password step passed; `/login/mfa` exchanges it (once: store its jti) for
   * tokens.
   */
  issueMfaChallenge(input: { sub: string }): Promise<IssuedToken>
  verifyMfaChallenge(token: string): Promise<VerifiedToken>
  issueStepUpToken(input: { sub: string }): Promise<IssuedToken>
  /** Also checks the step-up token belongs to `sub`, the user of the request's access token. */
  verifyStepUpToken(token: string, expected: { sub: string }): Promise<VerifiedToken>
}

export interface TokenServiceOptions {
  keyRing: KeyRing
  /** `iss`, e.g. the public base URL. */
  issuer: string
  /** `aud` of access tokens; the other kinds use `<audience>:<kind>`. */
  audience: string
  clock?: Clock
  accessTtlSeconds?: number
  mfaChallengeTtlSeconds?: number
  stepUpTtlSeconds?: number
  /** Leeway for clock skew between instances. */
  clockToleranceSeconds?: number
}

const TYP: Record<TokenKind, string> = {
  // RFC 9068's media type for JWT access tokens.
  access: 'at+jwt',
  'mfa-challenge': 'mfa-challenge+jwt',
  'step-up': 'step-up+jwt',
}

/**
 * @param [opts.accessTtlSeconds=900]
 * @param [opts.mfaChallengeTtlSeconds=300]
 * @param [opts.stepUpTtlSeconds=300]
 * @param [opts.clockToleranceSeconds=5]
 * @param [opts.clock=systemClock]
 * @example
 * const tokens = createTokenService({ keyRing, issuer: 'https://api.example', audience:
 * 'tradeworks-api' }) const { token, expiresIn } = await tokens.issueAccessToken({ sub: user.id,
 * role: user.role })
 */
export function createTokenService(opts: TokenServiceOptions): TokenService {
  const {
    keyRing,
    issuer,
    audience,
    clock = systemClock,
    accessTtlSeconds = 900,
    mfaChallengeTtlSeconds = 300,
    stepUpTtlSeconds = 300,
    clockToleranceSeconds = 5,
  } = opts
  const kinds: Record<TokenKind, { aud: string; ttl: number }> = {
    access: { aud: audience, ttl: accessTtlSeconds },
    'mfa-challenge': { aud: `${audience}:mfa-challenge`, ttl: mfaChallengeTtlSeconds },
    'step-up': { aud: `${audience}:step-up`, ttl: stepUpTtlSeconds },
  }

  async function issue(kind: TokenKind, sub: string, extra: JWTPayload = {}): Promise<IssuedToken> {
    if (typeof sub !== 'string' || sub === '') throw new TypeError('sub must be a non-empty string')
    const { signing } = keyRing
    const now = Math.floor(clock.now().getTime() / 1000)
    const { aud, ttl } = kinds[kind]
    const jti = randomToken(16)
    const token = await new SignJWT(extra)
      .setProtectedHeader({ alg: signing.alg, kid: signing.kid, typ: TYP[kind] })
      .setIssuer(issuer)
      .setAudience(aud)
      .setSubject(sub)
      .setJti(jti)
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .sign(signing.signKey)
    return { token, jti, expiresIn: ttl, expiresAt: new Date((now + ttl) * 1000) }
  }

  async function verify(
    kind: TokenKind,
    token: string
  ): Promise<{ payload: JWTPayload; kid: string }> {
    if (typeof token !== 'string' || token.length > 4096) throw new TokenMalformed('not a token')
    let kid = ''
    const getKey = (header: JWTHeaderParameters) => {
      if (typeof header.kid !== 'string') throw new TokenUnknownKey('token has no kid')
      const key = keyRing.get(header.kid)
      if (!key) throw new TokenUnknownKey('token kid is not in the key ring')
      if (header.alg !== key.alg)
        throw new TokenAlgorithmMismatch(`kid ${key.kid} only verifies ${key.alg}`)
      kid = key.kid
      return key.verifyKey
    }
    try {
      const { payload } = await jwtVerify(token, getKey, {
        algorithms: ['HS256', 'EdDSA'],
        issuer,
        audience: kinds[kind].aud,
        typ: TYP[kind],
        currentDate: clock.now(),
        clockTolerance: clockToleranceSeconds,
        maxTokenAge: kinds[kind].ttl + clockToleranceSeconds,
        requiredClaims: ['sub', 'jti', 'iat', 'exp'],
      })
      return { payload, kid }
    } catch (err) {
      throw toTokenError(err)
    }
  }

  const verified = (p: JWTPayload, kid: string): VerifiedToken => {
    if (typeof p.jti !== 'string' || typeof p.sub !== 'string' || p.sub === '') {
      throw new TokenClaimInvalid('sub and jti must be non-empty strings')
    }
    return { sub: p.sub, jti: p.jti, iat: p.iat!, exp: p.exp!, kid }
  }

  return {
    async issueAccessToken({ sub, role }) {
      if (!ROLES.includes(role)) throw new TypeError(`unknown role: ${String(role)}`)
      return issue('access', sub, { role })
    },
    async verifyAccessToken(token) {
      const { payload, kid } = await verify('access', token)
      const role = payload.role
      if (!ROLES.includes(role as Role))
        throw new TokenClaimInvalid('role claim is missing or unknown')
      return { ...verified(payload, kid), role: role as Role }
    },
    issueMfaChallenge: ({ sub }) => issue('mfa-challenge', sub),
    async verifyMfaChallenge(token) {
      const { payload, kid } = await verify('mfa-challenge', token)
      return verified(payload, kid)
    },
    issueStepUpToken: ({ sub }) => issue('step-up', sub),
    async verifyStepUpToken(token, expected) {
      const { payload, kid } = await verify('step-up', token)
      const claims = verified(payload, kid)
      if (claims.sub !== expected.sub)
        throw new TokenClaimInvalid('step-up token belongs to another user')
      return claims
    },
  }
}

function toTokenError(err: unknown): TokenError {
  if (err instanceof TokenError) return err
  const wrap = (E: new (m: string, o: { cause: unknown }) => TokenError, m: string) =>
    new E(m, { cause: err })
  if (err instanceof errors.JWTExpired) return wrap(TokenExpired, 'token has expired')
  if (err instanceof errors.JWTClaimValidationFailed)
    return wrap(TokenClaimInvalid, `invalid ${err.claim} claim`)
  if (err instanceof errors.JOSEAlgNotAllowed)
    return wrap(TokenAlgorithmMismatch, 'algorithm not allowed')
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return wrap(TokenSignatureInvalid, 'bad signature')
  return wrap(TokenMalformed, 'malformed token')
}
