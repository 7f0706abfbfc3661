/**
 * Builds the real app for in-process tests (`app.request(...)`), with captured logs.
 */
import { createApp, type AppDeps } from '../../src/app.ts'
import { loadSettings, type Env } from '../../src/config/settings.ts'
import type { Database } from '../../src/db/types.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { createLogger } from '../../src/lib/logger.ts'

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

export function createTestApp(overrides: Partial<AppDeps> & { env?: Env } = {}) {
  const lines: string[] = []
  const logger = createLogger({ level: 'debug', sink: (l) => lines.push(l) })
  const app = createApp({
    settings: testSettings(overrides.env),
    database: overrides.database ?? noDatabase(),
    logger,
    clock: fixedClock('2026-06-01T12:00:00Z'),
    ...overrides,
  })
  return { app, logs: lines }
}
