/**
 * @module What the database benchmarks share: command-line options, a throw-away PostgreSQL
 * database with the migrations applied, and the app's core dependencies for a bench (silent logs,
 * no scheduler, a bench-only JWT secret).
 */
import { applyMigrations } from '../../src/db/migrate.ts'
import { openPostgres } from '../../src/db/postgres.ts'
import type { Database } from '../../src/db/types.ts'
import { loadSettings } from '../../src/config/settings.ts'
import { systemClock } from '../../src/lib/clock.ts'
import { createLogger } from '../../src/lib/logger.ts'
import type { CoreDeps } from '../../src/services.ts'
import postgres from 'postgres'

const argv = process.argv.slice(2)

/** `--name value` from the command line, or the default. */
export const option = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`)
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : dflt
}
export const flag = (name: string) => argv.includes(`--${name}`)

/** `--db` or TEST_DATABASE_URL: the server on which bench databases are created. */
export const adminUrl = () =>
  option('db', process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test')

/**
 * Creates database `tw_bench_<name>_<time>` with the migrations applied. `drop()` closes the pool
 * and removes it (unless `keep`).
 */
export async function benchDatabase(
  name: string,
  opts: { pool: number; keep?: boolean }
): Promise<{ database: Database; url: string; drop(): Promise<void> }> {
  const dbName = `tw_bench_${name}_${Date.now()}`
  const onAdmin = async (statement: string) => {
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} })
    try {
      await admin.unsafe(statement)
    } finally {
      await admin.end()
    }
  }
  await onAdmin(`create database "${dbName}"`)
  const url = new URL(adminUrl())
  url.pathname = `/${dbName}`
  const database = openPostgres(url.toString(), { max: opts.pool })
  const drop = async () => {
    await database.close()
    if (opts.keep) console.log(`kept database ${dbName}`)
    else await onAdmin(`drop database if exists "${dbName}" with (force)`)
  }
  try {
    await applyMigrations({ database, url: url.toString() })
  } catch (err) {
    await drop()
    throw err
  }
  return { database, url: url.toString(), drop }
}

export function benchCore(database: Database): CoreDeps {
  const settings = loadSettings({
    NODE_ENV: 'development',
    JWT_SECRET: 'bench-only-secret-value-2f8e4a1c9b7d6e5f',
    LOG_LEVEL: 'silent',
    SCHEDULER_ENABLED: 'false',
  })
  return { settings, database, logger: createLogger({ level: 'silent' }), clock: systemClock }
}
