/**
 * @module Re-screening KYC after a new sanctions list version: every pending and approved submission
 * is screened again; a hit moves it to `in_review` with a case, and a submission that cannot be
 * screened is held for review too (fail closed).
 */
import type { Db } from '../../db/types.ts'
import type { Clock } from '../../lib/clock.ts'
import { uuidv7 } from '../../lib/ids.ts'
import { describeError, type Logger } from '../../lib/logger.ts'
import { ProblemError } from '../../lib/problem.ts'
import type { AuditLog } from '../audit-log/audit-log.ts'
import type { CaseIntake } from '../cases/case-intake.ts'
import type { SanctionsRepository } from '../sanctions/sanctions.repository.ts'
import type { ScreeningService } from '../sanctions/screening.service.ts'
import type { Sensitive } from './kyc-views.ts'
import type { KycRepository, KycRow } from './kyc.repository.ts'

const RESCREEN_LEASE_MS = 10 * 60_000

export function createKycRescreen(deps: {
  db: Db
  repo: KycRepository
  sanctions: SanctionsRepository
  screening: ScreeningService
  intake: Pick<CaseIntake, 'fileScreeningHit' | 'openCaseFor'>
  unseal: (row: KycRow) => Promise<Sensitive>
  auditLog: AuditLog
  clock: Clock
  logger: Logger
}) {
  const { db, repo, sanctions, screening, intake, unseal, auditLog, clock, logger } = deps
  const hitTitle = (what: string) => `Sanctions screening hit ${what}`

  return {
    /**
     * Screens every pending and approved submission again against the active lists after `listId`
     * became active. A hit moves the submission to `in_review` and files a case. Safe with many
     * instances: the version is claimed first, and a crashed run is retried after its lease.
     */
    async rescreenForList(
      listId: string
    ): Promise<{ screened: number; hits: number; held: number } | null> {
      const start = clock.now()
      const leaseUntil = new Date(start.getTime() + RESCREEN_LEASE_MS)
      if (!(await sanctions.claimRescreen(listId, start, leaseUntil))) return null
      const report = { screened: 0, hits: 0, held: 0 }
      let after: string | null = null
      for (;;) {
        const page = await repo.screenablePage(after, 200)
        for (const row of page) {
          try {
            if (await rescreenOne(row)) report.hits++
            report.screened++
          } catch (err) {
            // Fail closed: a submission that cannot be screened (unreadable record, …) is held for
            // an officer instead of staying approved. If even that fails, the run stops and is
            // retried after its lease.
            logger.error('kyc rescreen failed; holding for review', {
              kycId: row.id,
              error: describeError(err),
            })
            await blockPendingReview(row, err)
            report.held++
          }
        }
        if (page.length < 200) break
        after = page.at(-1)!.id
      }
      await sanctions.markRescreened(listId, clock.now())
      return report
    },
  }

  /** Moves a submission that could not be re-screened to `in_review`, with a case to look at it. */
  async function blockPendingReview(row: KycRow, err: unknown): Promise<void> {
    const why = err instanceof Error ? err.name : 'error'
    await db.transaction(async (tx) => {
      const now = clock.now()
      const moved = await repo.transition(
        row.id,
        row.status,
        { status: 'in_review', updatedAt: now },
        tx
      )
      if (!moved) return
      await repo.insertDecision(
        {
          id: uuidv7(now.getTime()),
          profileId: row.id,
          userId: row.userId,
          fromStatus: row.status,
          toStatus: 'in_review',
          decidedBy: null,
          reason: `held: the sanctions re-screen could not run (${why})`,
          createdAt: now,
        },
        tx
      )
      await intake.openCaseFor(
        { subjectUserId: row.userId, title: `KYC re-screen failed (${why}): screen by hand` },
        tx
      )
      await auditLog.append(
        {
          actor: null,
          action: 'kyc.rescreen_failed',
          subject: `user:${row.userId}`,
          details: { kycId: row.id, from: row.status, error: why },
        },
        tx
      )
    })
  }

  async function rescreenOne(row: KycRow): Promise<boolean> {
    const s = await unseal(row)
    return db.transaction(async (tx) => {
      const now = clock.now()
      const r = await screening.screen(
        { name: s.legalName, type: 'individual', idNumbers: [s.documentNumber] },
        { context: 'rescreen', subjectUserId: row.userId, kycProfileId: row.id },
        tx
      )
      if (!r) throw new ProblemError({ status: 503, detail: 'no active sanctions list' })
      await repo.setScreening(row.id, r.screening.id, now, tx)
      if (!r.hit) return false
      const moved = await repo.transition(
        row.id,
        row.status,
        { status: 'in_review', updatedAt: now },
        tx
      )
      if (!moved) return false
      await repo.insertDecision(
        {
          id: uuidv7(now.getTime()),
          profileId: row.id,
          userId: row.userId,
          fromStatus: row.status,
          toStatus: 'in_review',
          decidedBy: null,
          reason: `sanctions screening hit on re-screen (${r.screening.lists.map((l) => `${l.name} ${l.version}`).join(', ')})`,
          screeningId: r.screening.id,
          createdAt: now,
        },
        tx
      )
      await intake.fileScreeningHit(
        {
          subjectUserId: row.userId,
          screeningId: r.screening.id,
          title: hitTitle('on list re-screen'),
        },
        tx
      )
      await auditLog.append(
        {
          actor: null,
          action: 'kyc.rescreen_hit',
          subject: `user:${row.userId}`,
          details: { kycId: row.id, from: row.status, screeningId: r.screening.id },
        },
        tx
      )
      return true
    })
  }
}

export type KycRescreen = ReturnType<typeof createKycRescreen>
