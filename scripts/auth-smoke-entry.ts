/**
 * @module Runtime-neutral smoke run of the auth/security core, executed on Deno and workerd by
 * scripts/check-auth-portability.ts. Uses only what src/ may use (Web APIs and our modules).
 */
import { Hono } from 'hono'
import { generateKeyPair, exportPKCS8 } from 'jose'
import { createPasswordHasher, SCRYPT_OWASP } from '../src/auth/password.ts'
import { createKeyRing } from '../src/auth/key-ring.ts'
import { createTokenService } from '../src/auth/tokens.ts'
import { createTotp } from '../src/auth/totp.ts'
import { consumeRecoveryCode, generateRecoveryCodes } from '../src/auth/recovery-codes.ts'
import { generateApiKey, parseApiKey, verifyApiKey } from '../src/auth/api-key-format.ts'
import { createPasswordPolicy } from '../src/auth/password-policy.ts'
import { normalizeEmail } from '../src/auth/email.ts'
import { createEnvelope, createKekRing, importKek } from '../src/lib/envelope.ts'
import { randomBytes } from '../src/lib/crypto.ts'
import { chainAuditRow, verifyChain, type AuditRow } from '../src/compliance/audit-log/chain.ts'
import { createMemoryRateLimitStore, rateLimit } from '../src/http/rate-limit/index.ts'
import { ProblemError } from '../src/lib/problem.ts'

export async function runSmoke(): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {}
  const hasher = createPasswordHasher({ params: SCRYPT_OWASP })
  const encoded = await hasher.hash('correct horse battery staple')
  out.passwordScryptOwasp = await hasher.verify('correct horse battery staple', encoded)
  const pbkdf2 = createPasswordHasher({
    params: { algorithm: 'pbkdf2-sha256', iterations: 100_000 },
    production: false,
  })
  out.passwordPbkdf2At100k = await pbkdf2.verify('pw', await pbkdf2.hash('pw'))
  out.policyAndEmail =
    createPasswordPolicy().check('password1234').length === 1 && normalizeEmail(' A@B.io ').ok

  const { privateKey } = await generateKeyPair('EdDSA', { extractable: true })
  const ring = await createKeyRing({
    keys: [
      { alg: 'HS256', secret: 'x'.repeat(40), kid: 'hs1' },
      { alg: 'EdDSA', privateKey: await exportPKCS8(privateKey), kid: 'ed1' },
    ],
    signingKid: 'ed1',
  })
  const tokens = createTokenService({ keyRing: ring, issuer: 'https://smoke', audience: 'smoke' })
  const access = await tokens.issueAccessToken({ sub: 'u1', role: 'user' })
  out.tokensEdDSA = (await tokens.verifyAccessToken(access.token)).sub === 'u1'
  out.tokensTypeSeparation = await tokens.verifyStepUpToken(access.token, { sub: 'u1' }).then(
    () => false,
    () => true
  )

  const totp = createTotp({ issuer: 'Smoke' })
  const secret = totp.generateSecret()
  const r = await totp.verify({ secret, code: await totp.codeAt(secret), lastUsedStep: null })
  out.totp =
    r.ok &&
    !(await totp.verify({ secret, code: await totp.codeAt(secret), lastUsedStep: r.step })).ok
  const rc = await generateRecoveryCodes()
  out.recoveryCodes = (await consumeRecoveryCode(rc.codes[0]!, rc.hashes)).ok

  const oldKek = await importKek(randomBytes(32))
  const sealed = await createEnvelope(createKekRing(oldKek)).encrypt('exchange secret', 'aad')
  const rotated = createEnvelope(createKekRing(await importKek(randomBytes(32)), [oldKek]))
  const rewrapped = await rotated.rewrap(sealed)
  out.envelope =
    rewrapped.kekId !== sealed.kekId &&
    (await rotated.decryptString(rewrapped, 'aad')) === 'exchange secret'

  const key = await generateApiKey()
  out.apiKey = parseApiKey(key.key) !== null && (await verifyApiKey(key.key, key.hash))

  const rows: AuditRow[] = []
  for (let i = 0; i < 3; i++) {
    rows.push(
      await chainAuditRow(
        {
          id: `r${i}`,
          actorId: null,
          action: 'a',
          occurredAt: new Date(),
          subject: null,
          requestId: null,
          ip: null,
          details: { i },
        },
        rows.at(-1) ?? null
      )
    )
  }
  out.auditChain = (await verifyChain(rows)).ok && !(await verifyChain([rows[0]!, rows[2]!])).ok

  const app = new Hono()
  app.onError((err) => (err as ProblemError).toResponse())
  app.get(
    '/x',
    rateLimit({ limit: 1, windowMs: 60_000, key: () => 'k', store: createMemoryRateLimitStore() }),
    (c) => c.text('ok')
  )
  const first = await app.request('/x')
  const second = await app.request('/x')
  out.rateLimit =
    first.status === 200 && second.status === 429 && second.headers.get('retry-after') !== null
  return out
}
