/**
 * @module Key material from settings: the JWT key ring and the key-encryption-key ring.
 *
 * JWT: `JWT_PRIVATE_KEY` (Ed25519) signs when set, else `JWT_SECRET` (HS256); `JWT_SECRET` and
 * `JWT_PREVIOUS_SECRETS` stay accepted for verification, which is how a secret is rotated. KEKs:
 * `EXCHANGE_KEY_ENCRYPTION_KEY` wraps new records, `EXCHANGE_KEY_PREVIOUS_KEYS` still unwrap old
 * ones until `npm run keys:rotate` has moved them.
 */
import type { Settings } from '../config/settings.ts'
import { createEnvelope, createKekRing, importKek, type Envelope } from '../lib/envelope.ts'
import { problems } from '../lib/problem.ts'
import { createKeyRing, type KeyInput, type KeyRing } from './key-ring.ts'

export async function keyRingFromSettings(jwt: Settings['jwt']): Promise<KeyRing> {
  const keys: KeyInput[] = []
  if (jwt.privateKey) keys.push({ alg: 'EdDSA', privateKey: jwt.privateKey })
  if (jwt.secret) keys.push({ alg: 'HS256', secret: jwt.secret })
  for (const secret of jwt.previousSecrets) keys.push({ alg: 'HS256', secret })
  if (keys.length === 0) {
    throw problems.unavailable('Sign-in is not configured on this server.', 'auth-unconfigured')
  }
  // The first key able to sign becomes the signer: the private key, else JWT_SECRET.
  return createKeyRing({ keys })
}

export async function envelopeFromSettings(
  keks: Settings['exchangeKeyEncryptionKeys']
): Promise<Envelope> {
  const [active, ...previous] = keks
  if (!active) {
    throw problems.unavailable(
      'Encryption at rest is not configured on this server (EXCHANGE_KEY_ENCRYPTION_KEY).',
      'encryption-unconfigured'
    )
  }
  const activeKek = await importKek(active)
  const seen = new Set([activeKek.id])
  // The same key listed twice (e.g. active and previous during a rotation) is one KEK.
  const older = (await Promise.all(previous.map((k) => importKek(k)))).filter(
    (k) => !seen.has(k.id) && seen.add(k.id)
  )
  return createEnvelope(createKekRing(activeKek, older))
}
