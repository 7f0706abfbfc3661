/**
 * @module Composition root: builds every feature's repositories and services from the runtime's
 * dependencies, once per process (or per Worker invocation). Routers, scheduled jobs and readiness
 * checks all come from here, so the HTTP app, the scheduler and the CLIs share one wiring.
 */
import type { Settings } from './config/settings.ts'
import type { Database } from './db/types.ts'
import type { ReadinessCheck } from './health/health.checks.ts'
import type { Clock } from './lib/clock.ts'
import type { Logger } from './lib/logger.ts'
import type { Job } from './scheduler/scheduler.ts'

export interface CoreDeps {
  settings: Settings
  database: Database
  logger: Logger
  clock: Clock
}

export interface Services {
  core: CoreDeps
  /** Scheduled jobs, run by the Node/Deno interval or the Workers cron trigger. */
  jobs: Job[]
  /** Readiness checks beyond database and migrations. */
  readinessChecks: ReadinessCheck[]
}

export function createServices(core: CoreDeps): Services {
  return { core, jobs: [], readinessChecks: [] }
}
