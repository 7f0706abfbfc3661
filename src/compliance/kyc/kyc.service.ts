/**
 * @module KYC: users submit (sensitive fields sealed with the envelope, the name screened against
 * the active sanctions lists: a hit puts the submission `in_review` and files the hit in a case),
 * officers decide with a reason (audit-logged); re-screening after a list import is
 * kyc-rescreen.ts. Users see their status, never why a submission is in review (no
 * tipping-off about screening).
 */
import { auditMeta, type Actor } from '../../auth/actor.ts'
import type { Db } from '../../db/types.ts'
import { toPage, type Page, type PageParams } from '../../http/pagination.ts'
import type { Clock } from '../../lib/clock.ts'
import type { Envelope } from '../../lib/envelope.ts'
import { uuidv7 } from '../../lib/ids.ts'
import { problems } from '../../lib/problem.ts'
import type { AuditLog } from '../audit-log/audit-log.ts'
import type { CaseIntake } from '../cases/case-intake.ts'
import type { KycStatusValue } from '../kyc.schema.ts'
import { assertOfficer, lockSubject } from '../officer.ts'
import type { SanctionsRepository } from '../sanctions/sanctions.repository.ts'
import type { ScreeningService } from '../sanctions/screening.service.ts'
import type { KycSubmission } from './kyc-input.ts'
import { effectiveStatus, type KycRepository, type KycRow } from './kyc.repository.ts'
import { kycView, officerKycView, type KycView, type Sensitive } from './kyc-views.ts'

export type { KycView } from './kyc-views.ts'

export const kycAad = (id: string, userId: string) => `kyc_profiles:${id}:sensitive:${userId}`

export type KycDecision = 'approved' | 'rejected' | 'in_review'

/** Officer decisions allowed from each (effective) status. */
const ALLOWED: Partial<Record<KycStatusValue, readonly KycDecision[]>> = {
  pending: ['approved', 'rejected', 'in_review'],
  in_review: ['approved', 'rejected'],
  approved: ['rejected', 'in_review'],
}

/** Opens a submission's sealed fields. */
export function createKycUnsealer(envelope: () => Promise<Envelope>) {
  return async (row: KycRow): Promise<Sensitive> =>
    JSON.parse(
      await (await envelope()).decryptString(row.sensitive, kycAad(row.id, row.userId))
    ) as Sensitive
}

export function createKycService(deps: {
  db: Db
  repo: KycRepository
  sanctions: SanctionsRepository
  screening: ScreeningService
  intake: Pick<CaseIntake, 'fileScreeningHit'>
  envelope: () => Promise<Envelope>
  auditLog: AuditLog
  clock: Clock
}) {
  const { db, repo, sanctions, screening, intake, envelope, auditLog, clock } = deps

  const unseal = createKycUnsealer(envelope)

  const hitTitle = (what: string) => `Sanctions screening hit ${what}`

  return {
    /** `POST /v1/kyc`. 409 while a submission is pending, in review or approved. */
    async submit(actor: Actor, input: KycSubmission): Promise<KycView> {
      const userId = actor.principal.userId
      const now = clock.now()
      const id = uuidv7(now.getTime())
      const sensitive: Sensitive = {
        legalName: input.legalName,
        dateOfBirth: input.dateOfBirth,
        address: input.address,
        documentNumber: input.documentNumber,
      }
      const sealed = await (await envelope()).encrypt(JSON.stringify(sensitive), kycAad(id, userId))
      // Build (or reuse) the matcher before taking locks: loading a large list takes a second.
      await screening.current()
      const row = await db.transaction(async (tx) => {
        await lockSubject(tx, 'kyc', userId)
        const latest = await repo.latestOf(userId, tx)
        if (latest) {
          const status = effectiveStatus(latest, now)
          if (status === 'pending' || status === 'in_review' || status === 'approved') {
            throw problems.conflict(
              status === 'approved'
                ? 'Your identity is already verified.'
                : 'Your submission is being reviewed; you can submit again once it is decided.',
              status === 'in_review' ? 'kyc-in-review' : 'kyc-already-submitted'
            )
          }
          if (latest.status === 'approved') {
            await repo.transition(latest.id, 'approved', { status: 'expired' }, tx)
          }
        }
        const screened = await screening.screen(
          { name: input.legalName, type: 'individual', idNumbers: [input.documentNumber] },
          { context: 'kyc', subjectUserId: userId, kycProfileId: id },
          tx
        )
        const status = screened?.hit ? 'in_review' : 'pending'
        const inserted = await repo.insert(
          {
            id,
            userId,
            status,
            country: input.country,
            documentType: input.documentType,
            sensitive: sealed,
            submittedAt: now,
            lastScreeningId: screened?.screening.id ?? null,
            lastScreenedAt: screened ? now : null,
            createdAt: now,
            updatedAt: now,
          },
          tx
        )
        await repo.insertDecision(
          {
            id: uuidv7(now.getTime()),
            profileId: id,
            userId,
            fromStatus: 'not_started',
            toStatus: status,
            decidedBy: null,
            reason: !screened
              ? 'submitted; not screened: no sanctions list is active'
              : screened.hit
                ? 'submitted; sanctions screening hit'
                : 'submitted; sanctions screening clear',
            screeningId: screened?.screening.id ?? null,
            createdAt: now,
          },
          tx
        )
        if (screened?.hit) {
          await intake.fileScreeningHit(
            {
              subjectUserId: userId,
              screeningId: screened.screening.id,
              title: hitTitle('at KYC submission'),
            },
            tx
          )
        }
        await auditLog.append(
          {
            ...auditMeta(actor),
            action: 'kyc.submitted',
            subject: `kyc:${id}`,
            details: { status, screened: screened !== null, hit: screened?.hit ?? false },
          },
          tx
        )
        return inserted
      })
      return kycView(row, now)
    },

    /** `GET /v1/kyc`: the caller's current submission, or `not_started`. */
    async mine(actor: Actor): Promise<KycView> {
      const row = await repo.latestOf(actor.principal.userId)
      return kycView(row, clock.now())
    },

    /** `GET /v1/kyc/:id`: one of the caller's submissions; 404 for anyone else's. */
    async mineById(actor: Actor, id: string): Promise<KycView> {
      const row = await repo.findById(id)
      if (!row || row.userId !== actor.principal.userId)
        throw problems.notFound('No such KYC submission.')
      return kycView(row, clock.now())
    },

    /** `POST /v1/compliance/kyc/:userId/decision`: an officer decides the user's current submission. */
    async decide(
      actor: Actor,
      userId: string,
      input: { decision: KycDecision; reason: string; expiresAt?: string }
    ): Promise<KycView> {
      assertOfficer(actor)
      if (userId === actor.principal.userId) {
        throw problems.forbidden('Officers cannot decide their own KYC.', 'own-kyc')
      }
      const now = clock.now()
      const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null
      if (expiresAt && (input.decision !== 'approved' || expiresAt.getTime() <= now.getTime())) {
        throw problems.validation([
          { path: 'expiresAt', message: 'expiresAt is for approvals and must be in the future.' },
        ])
      }
      const row = await db.transaction(async (tx) => {
        await lockSubject(tx, 'kyc', userId)
        const latest = await repo.latestOf(userId, tx)
        if (!latest) throw problems.notFound('This user has not submitted KYC.')
        const from = effectiveStatus(latest, now)
        if (!ALLOWED[from]?.includes(input.decision)) {
          throw problems.conflict(
            `A ${from} submission cannot be set to ${input.decision}.`,
            'kyc-decision-not-allowed'
          )
        }
        if (input.decision === 'approved' && !latest.lastScreeningId) {
          throw problems.conflict(
            'This submission was never screened against a sanctions list; import a list first.',
            'kyc-not-screened'
          )
        }
        const updated = await repo.transition(
          latest.id,
          latest.status,
          {
            status: input.decision,
            decidedAt: now,
            decidedBy: actor.principal.userId,
            expiresAt: input.decision === 'approved' ? expiresAt : latest.expiresAt,
            updatedAt: now,
          },
          tx
        )
        if (!updated)
          throw problems.conflict('The submission changed meanwhile; reload it.', 'kyc-changed')
        await repo.insertDecision(
          {
            id: uuidv7(now.getTime()),
            profileId: latest.id,
            userId,
            fromStatus: from,
            toStatus: input.decision,
            decidedBy: actor.principal.userId,
            reason: input.reason,
            createdAt: now,
          },
          tx
        )
        await auditLog.append(
          {
            ...auditMeta(actor),
            action: 'kyc.decision',
            subject: `user:${userId}`,
            details: {
              kycId: latest.id,
              from,
              decision: input.decision,
              reason: input.reason,
              expiresAt: expiresAt?.toISOString() ?? null,
            },
          },
          tx
        )
        return updated
      })
      return kycView(row, now)
    },

    /** `GET /v1/compliance/kyc/:userId`: everything about a user's KYC, decrypted; the view is audited. */
    async officerView(actor: Actor, userId: string) {
      assertOfficer(actor)
      const rows = await repo.submissionsOf(userId)
      const current = rows[0]
      if (!current) throw problems.notFound('This user has not submitted KYC.')
      const ids = rows.map((r) => r.id)
      const [decisions, screenings, sensitive] = [
        await repo.decisionsOf(ids),
        await sanctions.screeningsOfProfiles(ids),
        await unseal(current),
      ]
      await auditLog.append({
        ...auditMeta(actor),
        action: 'kyc.viewed',
        subject: `user:${userId}`,
        details: { kycId: current.id },
      })
      return officerKycView({ rows, sensitive, decisions, screenings, now: clock.now() })
    },

    /** `GET /v1/compliance/kyc`: submissions by stored status, newest first (no personal data). */
    async list(
      actor: Actor,
      filter: { status?: KycRow['status'] },
      page: PageParams
    ): Promise<Page<KycView & { userId: string }>> {
      assertOfficer(actor)
      const now = clock.now()
      return toPage(await repo.list(filter, page.limit, page.cursor), page.limit, (r) => ({
        ...kycView(r, now),
        userId: r.userId,
      }))
    },
  }
}

export type KycService = ReturnType<typeof createKycService>
