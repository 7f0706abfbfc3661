/**
 * @module How alerts and screening hits reach officers: stored, and filed into the subject's open
 * case (one is opened when there is none). Used by the pre-trade check and by screening; the
 * caller's transaction makes the filing commit or roll back with the change that caused it.
 */
import type { Queryable } from '../../db/types.ts'
import type { Clock } from '../../lib/clock.ts'
import { uuidv7 } from '../../lib/ids.ts'
import type { Alert } from '../monitoring/types.ts'
import type { PreTradeDecision } from '../pre-trade.ts'
import { lockSubject } from '../officer.ts'
import type { CaseRow, CasesRepository } from './cases.repository.ts'

export interface RecordedAlerts {
  alertIds: string[]
  caseId: string
}

export function createCaseIntake({ repo, clock }: { repo: CasesRepository; clock: Clock }) {
  /** The subject's open case, or a new one; serialised per subject so two writers share one. */
  async function caseFor(
    userId: string,
    init: { origin: 'monitoring' | 'screening'; title: string },
    tx: Queryable
  ): Promise<CaseRow> {
    await lockSubject(tx, 'cases', userId)
    const open = await repo.findOpenCaseFor(userId, tx)
    if (open) return open
    const now = clock.now()
    return repo.insertCase(
      {
        id: uuidv7(now.getTime()),
        subjectUserId: userId,
        title: init.title,
        origin: init.origin,
        status: 'open',
        createdAt: now,
        updatedAt: now,
      },
      tx
    )
  }

  return {
    /**
     * Stores the alerts one order's check raised (rule id, inputs, thresholds with sources,
     * score, order ids, the decision) and files them into the user's open case.
     */
    async recordAlerts(
      input: {
        userId: string
        orderId: string
        alerts: readonly Alert[]
        decision: PreTradeDecision
        at: Date
      },
      q: Queryable
    ): Promise<RecordedAlerts | null> {
      if (input.alerts.length === 0) return null
      return q.transaction(async (tx) => {
        const rows = await repo.insertAlerts(
          input.alerts.map((a) => ({
            id: uuidv7(input.at.getTime()),
            userId: input.userId,
            orderId: input.orderId,
            ruleId: a.ruleId,
            severity: a.severity,
            message: a.message,
            inputs: a.inputs,
            thresholds: a.thresholds,
            score: a.score,
            orderIds: a.orderIds,
            decision: input.decision,
            status: 'open' as const,
            createdAt: input.at,
          })),
          tx
        )
        const rules = [...new Set(input.alerts.map((a) => a.ruleId))].join(', ')
        const kase = await caseFor(
          input.userId,
          { origin: 'monitoring', title: `Transaction monitoring: ${rules}` },
          tx
        )
        await repo.addItems(
          rows.map((r) => ({
            caseId: kase.id,
            kind: 'alert' as const,
            alertId: r.id,
            addedBy: null,
            addedAt: input.at,
          })),
          tx
        )
        return { alertIds: rows.map((r) => r.id), caseId: kase.id }
      })
    },

    /** The subject's open case, or a new one (for a finding with no alert or screening to file). */
    async openCaseFor(
      input: { subjectUserId: string; title: string },
      q: Queryable
    ): Promise<string> {
      return q.transaction(async (tx) => {
        return (await caseFor(input.subjectUserId, { origin: 'screening', title: input.title }, tx))
          .id
      })
    },

    /** Files a screening hit: into the subject's open case, or a new case of its own. */
    async fileScreeningHit(
      input: { subjectUserId: string | null; screeningId: string; title: string },
      q: Queryable
    ): Promise<string> {
      return q.transaction(async (tx) => {
        const now = clock.now()
        const kase = input.subjectUserId
          ? await caseFor(input.subjectUserId, { origin: 'screening', title: input.title }, tx)
          : await repo.insertCase(
              {
                id: uuidv7(now.getTime()),
                subjectUserId: null,
                title: input.title,
                origin: 'screening',
                status: 'open',
                createdAt: now,
                updatedAt: now,
              },
              tx
            )
        await repo.addItems(
          [
            {
              caseId: kase.id,
              kind: 'screening',
              screeningId: input.screeningId,
              addedBy: null,
              addedAt: now,
            },
          ],
          tx
        )
        return kase.id
      })
    },
  }
}

export type CaseIntake = ReturnType<typeof createCaseIntake>
