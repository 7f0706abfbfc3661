/**
 * @module Scheduled jobs that are safe with many instances.
 *
 * Each job has a row in `job_leases`. An instance runs a job only after claiming it with one atomic
 * upsert that succeeds when the job is due and nobody holds a live lease, so N instances polling at
 * once give exactly one run per interval. A crashed run's lease expires and the job runs again; jobs
 * must therefore be idempotent (claim their own work rows, use idempotency keys).
 */
import { sql } from 'drizzle-orm'
import { rowsOf } from '../db/execute.ts'
import type { Db } from '../db/types.ts'
import type { Clock } from '../lib/clock.ts'
import { describeError, type Logger } from '../lib/logger.ts'
import { withSpan } from '../telemetry/tracer.ts'

/** A timestamptz parameter: ISO text with an explicit cast behaves the same on both drivers. */
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`

export interface Job {
  name: string
  /** Seconds between the end of one run and the start of the next. */
  intervalSeconds: number
  /** How long a run may hold the lease before another instance may take over (default 5 min). */
  leaseSeconds?: number
  run(ctx: { now: Date }): Promise<void>
}

export interface JobStatus {
  name: string
  lastSuccessAt: Date | null
  lastFailureAt: Date | null
  lastError: string | null
  runs: number
  failures: number
}

export interface SchedulerOptions {
  db: Db
  clock: Clock
  logger: Logger
  jobs: Job[]
  /** Identifies this instance in `job_leases.owner`. */
  owner: string
}

export function createScheduler({ db, clock, logger, jobs, owner }: SchedulerOptions) {
  async function claim(job: Job, now: Date): Promise<boolean> {
    const until = new Date(now.getTime() + (job.leaseSeconds ?? 300) * 1000)
    const rows = await rowsOf<{ name: string }>(
      db,
      sql`insert into job_leases (name, owner, locked_until, next_run_at, last_started_at, runs)
          values (${job.name}, ${owner}, ${ts(until)}, ${ts(now)}, ${ts(now)}, 1)
          on conflict (name) do update
            set owner = excluded.owner, locked_until = excluded.locked_until,
                last_started_at = excluded.last_started_at, runs = job_leases.runs + 1
            where job_leases.next_run_at <= ${ts(now)} and job_leases.locked_until <= ${ts(now)}
          returning name`
    )
    return rows.length === 1
  }

  async function finish(job: Job, error: unknown): Promise<void> {
    const now = clock.now()
    const next = new Date(now.getTime() + job.intervalSeconds * 1000)
    if (error === undefined) {
      await db.execute(sql`update job_leases
        set owner = null, locked_until = ${ts(now)}, next_run_at = ${ts(next)}, last_success_at = ${ts(now)}, last_error = null
        where name = ${job.name} and owner = ${owner}`)
    } else {
      const name = error instanceof Error ? error.name : 'Error'
      await db.execute(sql`update job_leases
        set owner = null, locked_until = ${ts(now)}, next_run_at = ${ts(next)}, last_failure_at = ${ts(now)},
            last_error = ${name}, failures = failures + 1
        where name = ${job.name} and owner = ${owner}`)
    }
  }

  /** Runs every job that is due and not held by another instance; returns the names it ran. */
  async function runDue(): Promise<string[]> {
    const ran: string[] = []
    for (const job of jobs) {
      const now = clock.now()
      if (!(await claim(job, now))) continue
      ran.push(job.name)
      let failure: unknown
      try {
        await withSpan(`job ${job.name}`, { 'job.name': job.name }, () => job.run({ now }))
      } catch (err) {
        failure = err ?? new Error('job failed')
        logger.error('job failed', { job: job.name, error: describeError(err) })
      }
      await finish(job, failure)
    }
    return ran
  }

  async function status(name: string): Promise<JobStatus | null> {
    const rows = await rowsOf<{
      name: string
      last_success_ms: number | string | null
      last_failure_ms: number | string | null
      last_error: string | null
      runs: number
      failures: number
    }>(db, sql`select name, last_error, runs, failures,
          (extract(epoch from last_success_at) * 1000)::float8 as last_success_ms,
          (extract(epoch from last_failure_at) * 1000)::float8 as last_failure_ms
        from job_leases where name = ${name}`)
    const r = rows[0]
    if (!r) return null
    const date = (ms: number | string | null) => (ms === null ? null : new Date(Number(ms)))
    return {
      name: r.name,
      lastSuccessAt: date(r.last_success_ms),
      lastFailureAt: date(r.last_failure_ms),
      lastError: r.last_error,
      runs: Number(r.runs),
      failures: Number(r.failures),
    }
  }

  return { runDue, status, jobs }
}

export type Scheduler = ReturnType<typeof createScheduler>
