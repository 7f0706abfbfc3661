import { SignJWT, exportJWK, exportPKCS8, exportSPKI, generateKeyPair, type JWK } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../lib/clock.ts'
import { base64UrlToBytes, bytesToBase64Url, hmacSha256, utf8 } from '../lib/crypto.ts'
import { KeyRingConfigError, createKeyRing, type KeyRing } from './key-ring.ts'
import {
  TokenAlgorithmMismatch,
  TokenClaimInvalid,
  TokenError,
  TokenExpired,
  TokenMalformed,
  TokenSignatureInvalid,
  TokenUnknownKey,
  createTokenService,
} from './tokens.ts'

const HS_SECRET = 'a'.repeat(16) + 'b'.repeat(16) + '-test-only-secret'
const ISS = 'https://api.test'
const AUD = 'tradeworks-api'

let edPrivatePem: string
let edPublicPem: string
let edPublicJwk: JWK
let hsRing: KeyRing
let edRing: KeyRing
let bothRing: KeyRing

const b64json = (o: unknown) => bytesToBase64Url(utf8(JSON.stringify(o)))
const claims = (now: number, extra: Record<string, unknown> = {}) => ({
  iss: ISS,
  aud: AUD,
  sub: 'user-1',
  role: 'user',
  jti: 'j1',
  iat: now,
  exp: now + 900,
  ...extra,
})

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true })
  edPrivatePem = await exportPKCS8(privateKey)
  edPublicPem = await exportSPKI(publicKey)
  edPublicJwk = await exportJWK(publicKey)
  hsRing = await createKeyRing({ keys: [{ alg: 'HS256', secret: HS_SECRET, kid: 'hs1' }] })
  edRing = await createKeyRing({ keys: [{ alg: 'EdDSA', privateKey: edPrivatePem, kid: 'ed1' }] })
  bothRing = await createKeyRing({
    keys: [
      { alg: 'HS256', secret: HS_SECRET, kid: 'hs1' },
      { alg: 'EdDSA', privateKey: edPrivatePem, kid: 'ed1' },
    ],
    signingKid: 'ed1',
  })
})

function service(keyRing: KeyRing, clock = fixedClock(), audience = AUD, issuer = ISS) {
  return { clock, tokens: createTokenService({ keyRing, issuer, audience, clock }) }
}

describe('tokens', () => {
  it('should issue 15-minute access tokens with the standard claims and role', async () => {
    for (const ring of [hsRing, edRing]) {
      const { tokens, clock } = service(ring)
      const issued = await tokens.issueAccessToken({ sub: 'user-1', role: 'admin' })
      expect(issued.expiresIn).toBe(900)
      expect(issued.expiresAt.getTime() - clock.now().getTime()).toBe(900_000)
      const [h, p] = issued.token
        .split('.')
        .slice(0, 2)
        .map((x) => JSON.parse(atob(x!.replace(/-/g, '+').replace(/_/g, '/'))))
      expect(h).toEqual({ alg: ring.signing.alg, kid: ring.signing.kid, typ: 'at+jwt' })
      expect(p).toMatchObject({ iss: ISS, aud: AUD, sub: 'user-1', role: 'admin', jti: issued.jti })
      expect(p.exp - p.iat).toBe(900)
      await expect(tokens.verifyAccessToken(issued.token)).resolves.toMatchObject({
        sub: 'user-1',
        role: 'admin',
        jti: issued.jti,
        kid: ring.signing.kid,
      })
    }
  })

  it('should refuse alg none', async () => {
    const { tokens, clock } = service(hsRing)
    const now = clock.now().getTime() / 1000
    const none = `${b64json({ alg: 'none', kid: 'hs1', typ: 'at+jwt' })}.${b64json(claims(now))}.`
    await expect(tokens.verifyAccessToken(none)).rejects.toThrow(TokenAlgorithmMismatch)
  })

  it('should refuse HS256 tokens keyed with the EdDSA public key (confusion)', async () => {
    const { tokens, clock } = service(bothRing)
    const now = clock.now().getTime() / 1000
    const header = b64json({ alg: 'HS256', kid: 'ed1', typ: 'at+jwt' })
    const signingInput = `${header}.${b64json(claims(now))}`
    for (const secret of [edPublicPem, utf8(edPublicJwk.x!), JSON.stringify(edPublicJwk)]) {
      const sig = bytesToBase64Url(await hmacSha256(secret, signingInput))
      await expect(tokens.verifyAccessToken(`${signingInput}.${sig}`)).rejects.toThrow(
        TokenAlgorithmMismatch
      )
    }
  })

  it('should refuse an EdDSA token presented under the HS256 kid', async () => {
    const { tokens, clock } = service(bothRing)
    const attacker = await generateKeyPair('EdDSA')
    const forged = await new SignJWT(claims(clock.now().getTime() / 1000))
      .setProtectedHeader({ alg: 'EdDSA', kid: 'hs1', typ: 'at+jwt' })
      .sign(attacker.privateKey)
    await expect(tokens.verifyAccessToken(forged)).rejects.toThrow(TokenAlgorithmMismatch)
  })

  it('should refuse unknown or missing kid and a foreign secret under a known kid', async () => {
    const { tokens, clock } = service(hsRing)
    const now = clock.now().getTime() / 1000
    const sign = (header: Record<string, unknown>, secret = HS_SECRET) =>
      new SignJWT(claims(now))
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', ...header })
        .sign(utf8(secret))
    await expect(tokens.verifyAccessToken(await sign({ kid: 'hs9' }))).rejects.toThrow(
      TokenUnknownKey
    )
    await expect(tokens.verifyAccessToken(await sign({}))).rejects.toThrow(TokenUnknownKey)
    const foreign = await sign({ kid: 'hs1' }, 'z'.repeat(40))
    await expect(tokens.verifyAccessToken(foreign)).rejects.toThrow(TokenSignatureInvalid)
  })

  it('should refuse expired tokens after the 15 minutes (plus 5 s skew)', async () => {
    const { tokens, clock } = service(hsRing)
    const { token } = await tokens.issueAccessToken({ sub: 'user-1', role: 'user' })
    clock.advance(900_000)
    await expect(tokens.verifyAccessToken(token)).resolves.toBeDefined()
    clock.advance(6_000)
    await expect(tokens.verifyAccessToken(token)).rejects.toThrow(TokenExpired)
  })

  it('should refuse a tampered payload', async () => {
    const { tokens } = service(edRing)
    const [h, p, s] = (await tokens.issueAccessToken({ sub: 'user-1', role: 'user' })).token.split(
      '.'
    )
    const payload = JSON.parse(atob(p!.replace(/-/g, '+').replace(/_/g, '/')))
    const tampered = `${h}.${b64json({ ...payload, role: 'admin' })}.${s}`
    await expect(tokens.verifyAccessToken(tampered)).rejects.toThrow(TokenSignatureInvalid)
    const sig = base64UrlToBytes(s!)
    sig[10] = sig[10]! ^ 1
    const badSig = `${h}.${p}.${bytesToBase64Url(sig)}`
    await expect(tokens.verifyAccessToken(badSig)).rejects.toThrow(TokenSignatureInvalid)
    await expect(tokens.verifyAccessToken('not.a.jwt')).rejects.toThrow(TokenMalformed)
    await expect(tokens.verifyAccessToken('x'.repeat(5000))).rejects.toThrow(TokenMalformed)
  })

  it('should refuse another audience or issuer', async () => {
    const clock = fixedClock()
    const ours = service(hsRing, clock).tokens
    const other = service(hsRing, clock, 'other-api').tokens
    const stranger = service(hsRing, clock, AUD, 'https://evil.test').tokens
    const fromOther = await other.issueAccessToken({ sub: 'user-1', role: 'user' })
    await expect(ours.verifyAccessToken(fromOther.token)).rejects.toThrow(TokenClaimInvalid)
    const fromStranger = await stranger.issueAccessToken({ sub: 'user-1', role: 'user' })
    await expect(ours.verifyAccessToken(fromStranger.token)).rejects.toThrow(TokenClaimInvalid)
  })

  it('should never accept one token kind as another', async () => {
    const { tokens } = service(hsRing)
    const access = (await tokens.issueAccessToken({ sub: 'user-1', role: 'user' })).token
    const challenge = (await tokens.issueMfaChallenge({ sub: 'user-1' })).token
    const stepUp = (await tokens.issueStepUpToken({ sub: 'user-1' })).token
    await expect(tokens.verifyAccessToken(challenge)).rejects.toThrow(TokenClaimInvalid)
    await expect(tokens.verifyAccessToken(stepUp)).rejects.toThrow(TokenClaimInvalid)
    await expect(tokens.verifyMfaChallenge(access)).rejects.toThrow(TokenClaimInvalid)
    await expect(tokens.verifyMfaChallenge(stepUp)).rejects.toThrow(TokenClaimInvalid)
    await expect(tokens.verifyStepUpToken(access, { sub: 'user-1' })).rejects.toThrow(
      TokenClaimInvalid
    )
    await expect(tokens.verifyStepUpToken(challenge, { sub: 'user-1' })).rejects.toThrow(
      TokenClaimInvalid
    )
    await expect(tokens.verifyMfaChallenge(challenge)).resolves.toMatchObject({ sub: 'user-1' })
    await expect(tokens.verifyStepUpToken(stepUp, { sub: 'user-1' })).resolves.toMatchObject({
      sub: 'user-1',
    })
  })

  it('should keep MFA challenges and step-up tokens to 5 minutes and to their user', async () => {
    const { tokens, clock } = service(edRing)
    const stepUp = await tokens.issueStepUpToken({ sub: 'user-1' })
    const challenge = await tokens.issueMfaChallenge({ sub: 'user-1' })
    expect([stepUp.expiresIn, challenge.expiresIn]).toEqual([300, 300])
    await expect(tokens.verifyStepUpToken(stepUp.token, { sub: 'user-2' })).rejects.toThrow(
      TokenClaimInvalid
    )
    clock.advance(306_000)
    await expect(tokens.verifyStepUpToken(stepUp.token, { sub: 'user-1' })).rejects.toThrow(
      TokenExpired
    )
    await expect(tokens.verifyMfaChallenge(challenge.token)).rejects.toThrow(TokenExpired)
  })

  it('should refuse a long-lived token signed with our key beyond the kind lifetime', async () => {
    const { tokens, clock } = service(hsRing)
    const now = clock.now().getTime() / 1000
    const long = await new SignJWT(claims(now, { exp: now + 86_400 }))
      .setProtectedHeader({ alg: 'HS256', kid: 'hs1', typ: 'at+jwt' })
      .sign(utf8(HS_SECRET))
    clock.advance(3_600_000)
    await expect(tokens.verifyAccessToken(long)).rejects.toThrow(TokenError)
  })

  it('should refuse access tokens with a missing or unknown role', async () => {
    const { tokens, clock } = service(hsRing)
    const now = clock.now().getTime() / 1000
    for (const role of [undefined, 'superuser']) {
      const t = await new SignJWT(claims(now, { role }))
        .setProtectedHeader({ alg: 'HS256', kid: 'hs1', typ: 'at+jwt' })
        .sign(utf8(HS_SECRET))
      await expect(tokens.verifyAccessToken(t)).rejects.toThrow(TokenClaimInvalid)
    }
    await expect(tokens.issueAccessToken({ sub: 'u', role: 'root' as 'user' })).rejects.toThrow(
      TypeError
    )
  })

  it('should rotate keys: old tokens verify while the old kid stays in the ring', async () => {
    const clock = fixedClock()
    const before = service(hsRing, clock).tokens
    const old = (await before.issueAccessToken({ sub: 'user-1', role: 'user' })).token
    const rotated = service(bothRing, clock).tokens
    const fresh = await rotated.issueAccessToken({ sub: 'user-1', role: 'user' })
    await expect(rotated.verifyAccessToken(old)).resolves.toMatchObject({ kid: 'hs1' })
    await expect(rotated.verifyAccessToken(fresh.token)).resolves.toMatchObject({ kid: 'ed1' })
    const retired = await createKeyRing({
      keys: [{ alg: 'EdDSA', privateKey: edPrivatePem, kid: 'ed1' }],
    })
    await expect(service(retired, clock).tokens.verifyAccessToken(old)).rejects.toThrow(
      TokenUnknownKey
    )
  })

  it('should verify with public-only EdDSA keys and publish only public keys', async () => {
    const clock = fixedClock()
    const issued = await service(edRing, clock).tokens.issueAccessToken({
      sub: 'user-1',
      role: 'user',
    })
    const verifierRing = await createKeyRing({
      keys: [
        { alg: 'HS256', secret: HS_SECRET, kid: 'hs1' },
        { alg: 'EdDSA', publicKey: edPublicPem, kid: 'ed1' },
      ],
    })
    await expect(
      service(verifierRing, clock).tokens.verifyAccessToken(issued.token)
    ).resolves.toBeDefined()
    const jwks = bothRing.jwks()
    expect(jwks.keys).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: edPublicJwk.x, kid: 'ed1', alg: 'EdDSA', use: 'sig' },
    ])
    expect(JSON.stringify(jwks)).not.toContain(bytesToBase64Url(utf8(HS_SECRET)).slice(0, 10))
  })

  it('should derive stable kids and refuse unsafe key rings', async () => {
    const a = await createKeyRing({ keys: [{ alg: 'HS256', secret: HS_SECRET }] })
    const b = await createKeyRing({ keys: [{ alg: 'HS256', secret: HS_SECRET }] })
    expect(a.signing.kid).toMatch(/^hs-[\w-]{16}$/)
    expect(a.signing.kid).toBe(b.signing.kid)
    const e = await createKeyRing({ keys: [{ alg: 'EdDSA', privateKey: edPrivatePem }] })
    expect(e.signing.kid).toMatch(/^ed-[\w-]{16}$/)
    const bad = [
      { keys: [{ alg: 'HS256' as const, secret: 'short secret' }] },
      { keys: [{ alg: 'EdDSA' as const, publicKey: edPublicPem }] },
      { keys: [{ alg: 'EdDSA' as const, publicKey: { ...edPublicJwk, d: 'x' } }] },
      { keys: [{ alg: 'EdDSA' as const, privateKey: 'not a pem' }] },
      {
        keys: [
          { alg: 'HS256' as const, secret: HS_SECRET, kid: 'k' },
          { alg: 'HS256' as const, secret: HS_SECRET + '2', kid: 'k' },
        ],
      },
      { keys: [{ alg: 'HS256' as const, secret: HS_SECRET, kid: 'bad kid!' }] },
      { keys: [{ alg: 'HS256' as const, secret: HS_SECRET, kid: 'k1' }], signingKid: 'k2' },
    ]
    for (const opts of bad)
      await expect(createKeyRing(opts), JSON.stringify(opts)).rejects.toThrow(KeyRingConfigError)
  })
})
