/**
 * @module Development-only secrets, so a first `npm start` needs no `.env`.
 *
 * Outside production, a missing JWT_SECRET or EXCHANGE_KEY_ENCRYPTION_KEY is generated once and kept
 * in `<dataDir>/dev-secrets.json` (mode 0600) beside the embedded database, so tokens and encrypted
 * keys survive a restart. Production never reaches this code: settings refuse missing secrets there.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bytesToBase64, randomBytes } from '../lib/crypto.ts'
import type { Env } from '../config/settings.ts'

const NAMES = ['JWT_SECRET', 'EXCHANGE_KEY_ENCRYPTION_KEY'] as const

export function isProductionEnv(env: Env): boolean {
  return ['true', '1', 'yes'].includes(env.PRODUCTION_MODE ?? '') || env.NODE_ENV === 'production'
}

export async function withDevSecrets(env: Env, dataDir: string): Promise<{ env: Env; generated: string[] }> {
  if (isProductionEnv(env) || NAMES.every((n) => env[n])) return { env, generated: [] }
  const file = join(dataDir, 'dev-secrets.json')
  let stored: Partial<Record<(typeof NAMES)[number], string>> = {}
  try {
    stored = JSON.parse(await readFile(file, 'utf8'))
  } catch {
    stored = {}
  }
  const generated: string[] = []
  for (const name of NAMES) {
    if (!stored[name]) {
      stored[name] = bytesToBase64(randomBytes(32))
      generated.push(name)
    }
  }
  if (generated.length > 0) {
    await mkdir(dataDir, { recursive: true })
    await writeFile(file, JSON.stringify(stored, null, 2), { mode: 0o600 })
  }
  const merged: Env = { ...env }
  for (const name of NAMES) merged[name] ||= stored[name]
  return { env: merged, generated }
}
