/**
 * Builds the real app for in-process tests (`app.request(...)`), with captured logs.
 */
import { createApp, type AppDeps } from '../../src/app.ts'
import { loadSettings, type Env } from '../../src/config/settings.ts'
import type { Database } from '../../src/db/types.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { createLogger } from '../../src/lib/logger.ts'
import { createServices, type ServiceOptions } from '../../src/services.ts'
import { fastTestHasher } from './hasher.ts'

export const TEST_ENV: Env = {
  NODE_ENV: 'test',
  JWT_SECRET: 'unit-test-jwt-key-3c9e1f7a2b8d4c6e0f1a2b3c4d5e6f7a8b9c',
  EXCHANGE_KEY_ENCRYPTION_KEY: btoa(String.fromCharCode(...new Uint8Array(32).fill(3))),
  LOG_LEVEL: 'debug',
}

export function testSettings(env: Env = {}) {
  return loadSettings({ ...TEST_ENV, ...env })
}

/** A database that answers pings and nothing else, for tests that never query. */
export function noDatabase(): Database {
  return {
    db: undefined as never,
    kind: 'pglite',
    ping: async () => {},
    close: async () => {},
  }
}

/**
 * The app with captured log lines. Services get a fast password hasher unless
 * `serviceOptions.passwordHasher` says otherwise; pass `clock` to control time.
 */
export function createTestApp(
  overrides: Partial<AppDeps> & { env?: Env; serviceOptions?: ServiceOptions } = {}
) {
  const lines: string[] = []
  const logger = createLogger({ level: 'debug', sink: (l) => lines.push(l) })
  const { env, serviceOptions, ...deps } = overrides
  const settings = testSettings(env)
  const database = deps.database ?? noDatabase()
  const clock = deps.clock ?? fixedClock('2026-06-01T12:00:00Z')
  const services =
    deps.services ??
    createServices(
      { settings, database, logger, clock },
      { passwordHasher: fastTestHasher(), ...serviceOptions }
    )
  const app = createApp({ settings, logger, ...deps, database, clock, services })
  return { app, logs: lines, services, clock }
}
