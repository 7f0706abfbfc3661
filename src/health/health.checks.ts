/**
 * @module Readiness checks: each answers pass/fail with the numbers behind it.
 *
 * Features add their own (reconciliation age, sanctions-list age) through `AppDeps.readinessChecks`.
 */
import type { Database } from '../db/types.ts'
import { migrationState } from '../db/migration-state.ts'

export interface CheckResult {
  status: 'pass' | 'fail'
  detail?: string
  [key: string]: unknown
}

export interface ReadinessCheck {
  name: string
  run(): Promise<CheckResult>
}

const TIMEOUT_MS = 3000

/** Runs a check with a time limit; a thrown error or a timeout is a failure named by class only. */
export async function runCheck(check: ReadinessCheck): Promise<CheckResult> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'fail', detail: `timed out after ${TIMEOUT_MS} ms` }), TIMEOUT_MS)
  })
  try {
    return await Promise.race([check.run(), timeout])
  } catch (err) {
    return { status: 'fail', detail: `check failed (${err instanceof Error ? err.name : 'error'})` }
  } finally {
    clearTimeout(timer)
  }
}

export function databaseCheck(database: Database): ReadinessCheck {
  return {
    name: 'database',
    async run() {
      const started = performance.now()
      await database.ping()
      return { status: 'pass', driver: database.kind, latencyMs: Math.round(performance.now() - started) }
    },
  }
}

export function migrationsCheck(database: Database): ReadinessCheck {
  return {
    name: 'migrations',
    async run() {
      const state = await migrationState(database.db)
      return {
        status: state.upToDate ? 'pass' : 'fail',
        applied: state.applied,
        expected: state.expected,
        ...(state.pending.length > 0 && { pending: state.pending, detail: 'migrations are pending: run npm run db:migrate' }),
      }
    },
  }
}
