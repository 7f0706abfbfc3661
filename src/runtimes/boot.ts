/**
 * @module Shared start-up for the long-running runtimes (Node and Deno): settings, database,
 * migrations in development, the app, and the scheduler loop.
 */
import type { createApp } from '../app.ts'
import { loadSettings, type Env, type Settings } from '../config/settings.ts'
import { openDatabase } from '../db/client.ts'
import type { Database } from '../db/types.ts'
import type { GetClientIp } from '../http/client-ip.ts'
import type { EarlyHeaders } from '../http/early-headers.ts'
import { systemClock } from '../lib/clock.ts'
import { uuidv7 } from '../lib/ids.ts'
import { createLogger, describeError, type Logger } from '../lib/logger.ts'
import type { Scheduler } from '../scheduler/scheduler.ts'
import type { ScryptFn } from '../auth/password.ts'
import type { RedisRateLimit } from '../http/rate-limit/redis-connect.ts'
import { withDevSecrets } from './dev-secrets.ts'

export const DATA_DIR = './.data'

export interface Booted {
  app: ReturnType<typeof createApp>
  settings: Settings
  database: Database
  logger: Logger
  scheduler: Scheduler
  /** Stops the scheduler loop and closes the database. */
  close(): Promise<void>
}

/** Throws `SettingsError` (listing every problem) before anything is opened. */
export async function boot(
  rawEnv: Env,
  runtime: { name: 'node' | 'deno'; getClientIp?: GetClientIp; earlyHeaders?: EarlyHeaders; scrypt?: ScryptFn }
): Promise<Booted> {
  const { env, generated } = await withDevSecrets(rawEnv, DATA_DIR)
  const settings = loadSettings(env)
  const logger = createLogger({ level: settings.logLevel, base: { service: 'tradeworks', runtime: runtime.name } })
  if (generated.length > 0) {
    logger.warn('generated development secrets', { settings: generated, file: `${DATA_DIR}/dev-secrets.json` })
  }
  // Opening the database (PGlite compiles WASM and replays its data dir) overlaps with loading the
  // app's modules: together they are most of the cold start.
  const opening = openDatabase(settings.databaseUrl, { dataDir: DATA_DIR })
  const [{ createApp }, { createServices }, { createScheduler }, { applyMigrations }, validators] = await Promise.all([
    import('../app.ts'),
    import('../services.ts'),
    import('../scheduler/scheduler.ts'),
    import('../db/migrate.ts'),
    // The ccxt gateway is wired here, not in services.ts, so the Worker bundle stays free of ccxt.
    Promise.all([
      import('../exchange-keys/gateway-validator.ts'),
      import('../exchanges/exchange-guards.ts'),
      import('../exchanges/gateway.ts'),
    ]),
  ])
  const database = await opening
  try {
    if (settings.autoMigrate) await applyMigrations({ database, url: settings.databaseUrl })
  } catch (err) {
    await database.close()
    throw err
  }
  let redis: RedisRateLimit | undefined
  try {
    if (settings.redisUrl) {
      const { connectRedisRateLimit } = await import('../http/rate-limit/redis-connect.ts')
      redis = await connectRedisRateLimit(settings.redisUrl)
    }
  } catch (err) {
    await database.close()
    throw err
  }
  const clock = systemClock
  // One guards registry per process: request budgets and circuit breakers are shared.
  const guards = validators[1].createExchangeGuards({ clock })
  const markVenue = settings.usdMarks.venue
  const services = createServices(
    { settings, database, logger, clock },
    {
      scrypt: runtime.scrypt,
      rateLimitStore: redis?.store,
      exchangeCredentialValidator: validators[0].createGatewayCredentialValidator({ guards }),
      exchangeGateways: { create: validators[2].createExchangeGateway, guards },
      // USD marks from a real venue's public tickers (no credentials); `sim` is built in services.
      usdMarkSource:
        markVenue === 'sim' ? undefined : validators[2].createExchangeGateway({ exchange: markVenue, guards, clock }),
    }
  )
  const app = createApp({
    settings,
    database,
    logger,
    clock,
    services,
    getClientIp: runtime.getClientIp,
    earlyHeaders: runtime.earlyHeaders,
  })
  const scheduler = createScheduler({ db: database.db, clock, logger, jobs: services.jobs, owner: `${runtime.name}-${uuidv7()}` })

  let timer: ReturnType<typeof setInterval> | undefined
  let running: Promise<unknown> = Promise.resolve()
  if (settings.scheduler.enabled && scheduler.jobs.length > 0) {
    const tick = () => {
      running = scheduler.runDue().catch((err) => logger.error('scheduler tick failed', { error: describeError(err) }))
    }
    timer = setInterval(tick, 1000)
    tick()
  }
  return {
    app,
    settings,
    database,
    logger,
    scheduler,
    async close() {
      if (timer) clearInterval(timer)
      await running
      await redis?.close()
      await database.close()
    },
  }
}
