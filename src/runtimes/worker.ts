/**
 * @module Cloudflare Workers entry: `fetch` serves the app, `scheduled` (cron trigger) runs due jobs.
 *
 * Settings come from bindings and are validated once per isolate. PostgreSQL is reached through
 * postgres.js — over Hyperdrive when the `HYPERDRIVE` binding exists, else `DATABASE_URL`. A Worker
 * may not reuse a socket across requests, so each invocation opens a small client and closes it in
 * `waitUntil`. Workers never run migrations (`npm run db:migrate` does, before deploying).
 */
import { createApp } from '../app.ts'
import { loadSettings, SettingsError, type Env, type Settings } from '../config/settings.ts'
import { openPostgres } from '../db/postgres.ts'
import { systemClock } from '../lib/clock.ts'
import { createLogger } from '../lib/logger.ts'
import { ProblemError } from '../lib/problem.ts'
import { createScheduler } from '../scheduler/scheduler.ts'
import { createServices } from '../services.ts'

interface Bindings {
  HYPERDRIVE?: { connectionString: string }
  [name: string]: unknown
}
interface ExecutionContext {
  waitUntil(p: Promise<unknown>): void
}

const settingsCache = new WeakMap<object, Settings | SettingsError>()

function settingsFor(env: Bindings): Settings | SettingsError {
  let s = settingsCache.get(env)
  if (!s) {
    const vars: Env = {}
    for (const [k, v] of Object.entries(env)) if (typeof v === 'string') vars[k] = v
    if (env.HYPERDRIVE?.connectionString) vars.DATABASE_URL = env.HYPERDRIVE.connectionString
    try {
      s = loadSettings(vars)
      if (s.redisUrl) {
        // ioredis needs raw TCP sockets: on Workers, rate-limit windows stay in PostgreSQL.
        createLogger({ level: 'warn', base: { service: 'tradeworks', runtime: 'workerd' } }).warn(
          'REDIS_URL is ignored on Workers; rate limits use PostgreSQL'
        )
      }
      if (!s.databaseUrl || !/^postgres(ql)?:\/\//.test(s.databaseUrl)) {
        s = new SettingsError([{ setting: 'DATABASE_URL', reason: 'Workers need PostgreSQL: bind HYPERDRIVE or set DATABASE_URL' }])
      }
    } catch (err) {
      if (!(err instanceof SettingsError)) throw err
      s = err
    }
    settingsCache.set(env, s)
  }
  return s
}

function misconfigured(err: SettingsError): Response {
  // The violations go to the log (names and reasons only); the client learns nothing about them.
  createLogger({ level: 'error', base: { service: 'tradeworks', runtime: 'workerd' } }).error(
    'refusing to serve: invalid settings',
    { violations: err.violations }
  )
  return new ProblemError({ status: 503, type: 'misconfigured', detail: 'The service is not configured correctly.' }).toResponse()
}

function open(settings: Settings) {
  // Unnamed statements: connections live for one request, and Hyperdrive pools the server side.
  const database = openPostgres(settings.databaseUrl!, { max: 3, idleTimeout: 5, prepare: false })
  const logger = createLogger({ level: settings.logLevel, base: { service: 'tradeworks', runtime: 'workerd' } })
  return { database, logger }
}

export default {
  async fetch(request: Request, env: Bindings, ctx: ExecutionContext): Promise<Response> {
    const settings = settingsFor(env)
    if (settings instanceof SettingsError) return misconfigured(settings)
    const { database, logger } = open(settings)
    const app = createApp({
      settings,
      database,
      logger,
      clock: systemClock,
      getClientIp: (c) => c.req.header('cf-connecting-ip'),
    })
    try {
      return await app.fetch(request, env, ctx as never)
    } finally {
      ctx.waitUntil(database.close())
    }
  },

  async scheduled(_event: unknown, env: Bindings, ctx: ExecutionContext): Promise<void> {
    const settings = settingsFor(env)
    if (settings instanceof SettingsError) {
      misconfigured(settings)
      return
    }
    const { database, logger } = open(settings)
    const services = createServices({ settings, database, logger, clock: systemClock })
    const scheduler = createScheduler({ db: database.db, clock: systemClock, logger, jobs: services.jobs, owner: `workerd-${crypto.randomUUID()}` })
    try {
      await scheduler.runDue()
    } finally {
      ctx.waitUntil(database.close())
    }
  },
}
