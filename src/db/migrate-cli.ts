/**
 * @module `npm run db:migrate`: applies pending migrations to the configured database.
 */
import process from 'node:process'
import { loadSettings, SettingsError } from '../config/settings.ts'
import { openDatabase } from './client.ts'
import { applyMigrations } from './migrate.ts'
import { migrationState } from './migration-state.ts'

async function main(): Promise<number> {
  let settings
  try {
    settings = loadSettings(process.env)
  } catch (err) {
    if (err instanceof SettingsError) {
      process.stderr.write(`${err.message}\n`)
      return 1
    }
    throw err
  }
  const database = await openDatabase(settings.databaseUrl, { max: 2 })
  try {
    await applyMigrations({ database, url: settings.databaseUrl })
    const state = await migrationState(database.db)
    process.stdout.write(`migrations: ${state.applied} applied, ${state.expected} in journal, up to date: ${state.upToDate}\n`)
    return state.upToDate ? 0 : 1
  } finally {
    await database.close()
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`migration failed: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(2)
  }
)
