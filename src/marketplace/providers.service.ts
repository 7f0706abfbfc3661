/**
 * @module Provider registration: a user becomes a marketplace provider only after the legal name
 * has been screened against the sanctions lists. A hit refuses the registration (403
 * `provider-screening-refused`) and is audit-logged; the screening side records its own alert.
 */
import { assertSession, auditMeta, type Actor } from '../auth/actor.ts'
import type { AuditLog } from '../compliance/audit-log/audit-log.ts'
import type { Db } from '../db/types.ts'
import type { Clock } from '../lib/clock.ts'
import { uuidv7 } from '../lib/ids.ts'
import { problems } from '../lib/problem.ts'
import type { ListingsRepository } from './listings.repository.ts'
import { providerScreeningRefused, type ProviderScreening } from './screening.ts'
import { providerView } from './views.ts'

export function createProvidersService(deps: {
  db: Db
  repo: ListingsRepository
  screening: ProviderScreening
  auditLog: AuditLog
  clock: Clock
}) {
  const { db, repo, screening, auditLog, clock } = deps

  return {
    async register(
      actor: Actor,
      input: { displayName: string; legalName: string; entityType?: 'individual' | 'entity' }
    ) {
      assertSession(actor)
      const { userId } = actor.principal
      if (await repo.providerOfUser(userId)) {
        throw problems.conflict('You are registered as a provider already.', 'provider-exists')
      }
      const providerId = uuidv7()
      const result = await screening.screenProvider({
        providerRef: `marketplace_provider:${providerId}`,
        userId,
        entityType: input.entityType,
        legalName: input.legalName,
        displayName: input.displayName,
        requestId: actor.requestId,
        ip: actor.ip,
      })
      if (result.outcome === 'hit') {
        await auditLog.append({
          ...auditMeta(actor),
          action: 'marketplace.provider.refused',
          subject: `user:${userId}`,
          details: { reason: 'sanctions-screening', screeningReference: result.reference },
        })
        throw providerScreeningRefused(result.reference)
      }
      const now = clock.now()
      const row = await db.transaction(async (tx) => {
        const inserted = await repo.insertProvider(
          {
            id: providerId,
            userId,
            displayName: input.displayName,
            legalName: input.legalName,
            screeningReference: result.reference,
            screenedAt: now,
          },
          tx
        )
        if (inserted) {
          await auditLog.append(
            {
              ...auditMeta(actor),
              action: 'marketplace.provider.registered',
              subject: `marketplace_provider:${inserted.id}`,
              details: { screeningReference: result.reference },
            },
            tx
          )
        }
        return inserted
      })
      if (!row) {
        throw problems.conflict('You are registered as a provider already.', 'provider-exists')
      }
      return providerView(row)
    },

    async me(actor: Actor) {
      const row = await repo.providerOfUser(actor.principal.userId)
      if (!row) throw problems.notFound('You are not registered as a provider.')
      return providerView(row)
    },
  }
}

export type ProvidersService = ReturnType<typeof createProvidersService>
