/**
 * @module Users' exchange API keys: stored envelope-encrypted, shown masked, checked against the
 * exchange on request, and decrypted only for the trading gateway (`getDecrypted`).
 */
import { assertSession, assertStepUp, auditMeta, type Actor } from '../auth/actor.ts'
import type { AuditLog } from '../compliance/audit-log/audit-log.ts'
import type { Db } from '../db/types.ts'
import { toPage, type Page, type PageParams } from '../http/pagination.ts'
import type { Clock } from '../lib/clock.ts'
import type { Envelope } from '../lib/envelope.ts'
import { uuidv7 } from '../lib/ids.ts'
import { describeError, type Logger } from '../lib/logger.ts'
import { ProblemError, problems } from '../lib/problem.ts'
import type { ExchangeCredentials, ExchangeCredentialValidator } from './credential-validator.ts'
import type { ExchangeWithKeys } from './exchange-keys.schema.ts'
import type { ExchangeKeyRow, ExchangeKeysRepository } from './exchange-keys.repository.ts'

export const MAX_EXCHANGE_KEYS = 20

export interface ExchangeKeyView {
  id: string
  exchange: ExchangeWithKeys
  label: string | null
  /** `****` and the API key's last four characters; the key itself is never returned. */
  maskedApiKey: string
  validationStatus: 'unvalidated' | 'valid' | 'invalid'
  validationReason: string | null
  validatedAt: string | null
  createdAt: string
}

export interface DecryptedExchangeKey extends ExchangeCredentials {
  id: string
  exchange: ExchangeWithKeys
}

/** AAD binding a credentials record to its row, field and owner (envelope.ts). */
export const exchangeKeyAad = (id: string, userId: string) =>
  `exchange_keys:${id}:credentials:${userId}`

const view = (r: ExchangeKeyRow): ExchangeKeyView => ({
  id: r.id,
  exchange: r.exchange,
  label: r.label,
  maskedApiKey: `****${r.apiKeyLast4}`,
  validationStatus: r.validationStatus,
  validationReason: r.validationReason,
  validatedAt: r.validatedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
})

export function createExchangeKeysService(deps: {
  db: Db
  repo: ExchangeKeysRepository
  envelope: () => Promise<Envelope>
  validator: ExchangeCredentialValidator
  auditLog: AuditLog
  clock: Clock
  logger: Logger
}) {
  const { db, repo, envelope, validator, auditLog, clock, logger } = deps

  async function decrypt(row: ExchangeKeyRow): Promise<ExchangeCredentials> {
    const json = await (
      await envelope()
    ).decryptString(row.credentials, exchangeKeyAad(row.id, row.userId))
    const { apiKey, secret, passphrase } = JSON.parse(json) as ExchangeCredentials
    return { apiKey, secret, ...(passphrase !== undefined && { passphrase }) }
  }

  return {
    /** Stores a key (step-up required). KuCoin keys need their passphrase. */
    async create(
      actor: Actor,
      input: {
        exchange: ExchangeWithKeys
        apiKey: string
        secret: string
        passphrase?: string
        label?: string
      }
    ): Promise<ExchangeKeyView> {
      assertSession(actor)
      assertStepUp(actor)
      if (input.exchange === 'kucoin' && !input.passphrase) {
        throw problems.validation([
          { path: 'passphrase', message: 'KuCoin keys need their API passphrase.' },
        ])
      }
      const userId = actor.principal.userId
      if ((await repo.count(userId)) >= MAX_EXCHANGE_KEYS) {
        throw problems.conflict(
          `At most ${MAX_EXCHANGE_KEYS} exchange keys; delete one first.`,
          'too-many-exchange-keys'
        )
      }
      const id = uuidv7(clock.now().getTime())
      const credentials: ExchangeCredentials = {
        apiKey: input.apiKey,
        secret: input.secret,
        ...(input.passphrase && { passphrase: input.passphrase }),
      }
      const record = await (
        await envelope()
      ).encrypt(JSON.stringify(credentials), exchangeKeyAad(id, userId))
      const row = await db.transaction(async (tx) => {
        const inserted = await repo.insert(
          {
            id,
            userId,
            exchange: input.exchange,
            label: input.label ?? null,
            apiKeyLast4: input.apiKey.slice(-4),
            credentials: record,
          },
          tx
        )
        await auditLog.append(
          {
            ...auditMeta(actor),
            action: 'exchange_key.created',
            subject: `exchange_key:${id}`,
            details: { exchange: input.exchange },
          },
          tx
        )
        return inserted
      })
      return view(row)
    },

    async list(actor: Actor, page: PageParams): Promise<Page<ExchangeKeyView>> {
      return toPage(
        await repo.list(actor.principal.userId, page.limit, page.cursor),
        page.limit,
        view
      )
    },

    async get(actor: Actor, id: string): Promise<ExchangeKeyView> {
      const row = await repo.find(actor.principal.userId, id)
      if (!row) throw problems.notFound('No such exchange key.')
      return view(row)
    },

    /** Deletes one of the caller's keys (step-up required); another user's key is a 404. */
    async remove(actor: Actor, id: string): Promise<void> {
      assertSession(actor)
      assertStepUp(actor)
      const deleted = await db.transaction(async (tx) => {
        const ok = await repo.delete(actor.principal.userId, id, tx)
        if (ok)
          await auditLog.append(
            { ...auditMeta(actor), action: 'exchange_key.deleted', subject: `exchange_key:${id}` },
            tx
          )
        return ok
      })
      if (!deleted) throw problems.notFound('No such exchange key.')
    },

    /** Asks the exchange whether the key works and records the verdict. */
    async validate(actor: Actor, id: string): Promise<ExchangeKeyView> {
      assertSession(actor)
      const row = await repo.find(actor.principal.userId, id)
      if (!row) throw problems.notFound('No such exchange key.')
      let result
      try {
        result = await validator.validate(row.exchange, await decrypt(row))
      } catch (err) {
        if (err instanceof ProblemError) throw err
        logger.warn('exchange key validation failed', {
          exchange: row.exchange,
          error: describeError(err),
        })
        throw new ProblemError({
          status: 502,
          type: 'exchange-unavailable',
          detail: 'The exchange could not be reached; try again later.',
        })
      }
      const updated = await repo.setValidation(row.userId, row.id, {
        status: result.ok ? 'valid' : 'invalid',
        reason: result.ok ? null : result.reason.slice(0, 64),
        at: clock.now(),
      })
      if (!updated) throw problems.notFound('No such exchange key.')
      await auditLog.append({
        ...auditMeta(actor),
        action: 'exchange_key.validated',
        subject: `exchange_key:${id}`,
        details: { exchange: row.exchange, valid: result.ok },
      })
      return view(updated)
    },

    /**
     * The decrypted credentials of `userId`'s key, for the trading gateway only: never return them
     * in a response or log them. A key of another user is "not found".
     */
    async getDecrypted(userId: string, keyId: string): Promise<DecryptedExchangeKey> {
      const row = await repo.find(userId, keyId)
      if (!row) throw problems.notFound('No such exchange key.')
      return { id: row.id, exchange: row.exchange, ...(await decrypt(row)) }
    },
  }
}

export type ExchangeKeysService = ReturnType<typeof createExchangeKeysService>
