/**
 * @module Shared start-up for operator CLIs (`users:role`, `keys:rotate`, `audit-log:verify`):
 * settings from the environment (plus the development secrets file outside production), the
 * database, and the same services the app uses. Logs go to stderr; stdout carries the result.
 */
import process from 'node:process'
import { loadSettings, SettingsError, type Settings } from '../config/settings.ts'
import { openDatabase } from '../db/client.ts'
import type { Database } from '../db/types.ts'
import { systemClock } from '../lib/clock.ts'
import { createLogger } from '../lib/logger.ts'
import { createServices, type Services } from '../services.ts'
import { DATA_DIR } from './boot.ts'
import { withDevSecrets } from './dev-secrets.ts'

export interface CliContext {
  settings: Settings
  database: Database
  services: Services
  close(): Promise<void>
}

export async function openCliContext(): Promise<CliContext> {
  const { env } = await withDevSecrets(process.env, DATA_DIR)
  const settings = loadSettings(env)
  const logger = createLogger({ level: 'warn', sink: (line) => process.stderr.write(`${line}\n`) })
  const database = await openDatabase(settings.databaseUrl, { max: 2, dataDir: DATA_DIR })
  const services = createServices({ settings, database, logger, clock: systemClock })
  return { settings, database, services, close: () => database.close() }
}

/** Runs a CLI body: exit code from `main`; settings problems → 1 with the list; crashes → 2. */
export function runCli(main: (args: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (err instanceof SettingsError) {
        process.stderr.write(`${err.message}\n`)
        process.exit(1)
      }
      process.stderr.write(`failed: ${err instanceof Error ? err.name : 'error'}\n`)
      process.exit(2)
    }
  )
}
