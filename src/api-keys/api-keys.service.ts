/**
 * @module Platform API keys: create (the key is shown once), list, revoke, and authenticate a
 * presented key. Keys are for programs; managing keys needs an interactive session.
 */
import { ROLE_SCOPES, assertSession, auditMeta, type Actor } from '../auth/actor.ts'
import { generateApiKey, parseApiKey, verifyApiKey } from '../auth/api-key-format.ts'
import type { AuditLog } from '../compliance/audit-log/audit-log.ts'
import type { Db } from '../db/types.ts'
import type { Role, Scope } from '../http/types.ts'
import type { Page, PageParams } from '../http/pagination.ts'
import { toPage } from '../http/pagination.ts'
import type { Clock } from '../lib/clock.ts'
import { problems, ProblemError } from '../lib/problem.ts'
import type { ApiKeyRow, ApiKeysRepository } from './api-keys.repository.ts'

export const MAX_ACTIVE_API_KEYS = 25
export const DEFAULT_API_KEY_DAYS = 90

export interface ApiKeyView {
  id: string
  name: string
  /** Public part of the key (`tw_live_AbCd1234`), to tell keys apart. */
  prefix: string
  scopes: Scope[]
  expiresAt: string | null
  lastUsedAt: string | null
  createdAt: string
}

export interface ApiKeyIdentity {
  apiKeyId: string
  userId: string
  role: Role
  /** The key's scopes that the owner's current role still allows. */
  scopes: Scope[]
}

const view = (r: ApiKeyRow): ApiKeyView => ({
  id: r.id,
  name: r.name,
  prefix: r.lookupPrefix,
  scopes: r.scopes,
  expiresAt: r.expiresAt?.toISOString() ?? null,
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
})

export function createApiKeysService(deps: {
  db: Db
  repo: ApiKeysRepository
  auditLog: AuditLog
  clock: Clock
}) {
  const { db, repo, auditLog, clock } = deps

  return {
    async create(
      actor: Actor,
      input: { name: string; scopes: Scope[]; expiresInDays?: number }
    ): Promise<ApiKeyView & { key: string }> {
      assertSession(actor)
      const { userId, role } = actor.principal
      const scopes = [...new Set(input.scopes)].sort()
      const refused = scopes.filter((s) => !ROLE_SCOPES[role].includes(s))
      if (refused.length > 0) {
        throw new ProblemError({
          status: 403,
          type: 'scope-not-allowed',
          detail: `Your role cannot grant: ${refused.join(', ')}.`,
        })
      }
      if ((await repo.countActive(userId)) >= MAX_ACTIVE_API_KEYS) {
        throw problems.conflict(
          `At most ${MAX_ACTIVE_API_KEYS} active API keys; revoke one first.`,
          'too-many-api-keys'
        )
      }
      const now = clock.now()
      const days = input.expiresInDays ?? DEFAULT_API_KEY_DAYS
      const expiresAt = new Date(now.getTime() + days * 86_400_000)
      for (let attempt = 0; attempt < 3; attempt++) {
        const generated = await generateApiKey('live')
        const row = await db.transaction(async (tx) => {
          const inserted = await repo.insert(
            {
              userId,
              name: input.name,
              lookupPrefix: generated.lookupPrefix,
              keyHash: generated.hash,
              scopes,
              expiresAt,
            },
            tx
          )
          if (inserted) {
            await auditLog.append(
              {
                ...auditMeta(actor),
                action: 'api_key.created',
                subject: `api_key:${inserted.id}`,
                details: { scopes, expiresAt: expiresAt.toISOString() },
              },
              tx
            )
          }
          return inserted
        })
        if (row) return { ...view(row), key: generated.key }
      }
      throw new Error('could not allocate a unique API key prefix')
    },

    async list(actor: Actor, page: PageParams): Promise<Page<ApiKeyView>> {
      const rows = await repo.listActive(actor.principal.userId, page.limit, page.cursor)
      return toPage(rows, page.limit, view)
    },

    async get(actor: Actor, id: string): Promise<ApiKeyView> {
      const row = await repo.findActive(actor.principal.userId, id)
      if (!row) throw problems.notFound('No such API key.')
      return view(row)
    },

    /** Revokes one of the caller's keys; another user's key is a 404, like a missing one. */
    async revoke(actor: Actor, id: string): Promise<void> {
      assertSession(actor)
      const revoked = await db.transaction(async (tx) => {
        const ok = await repo.revoke(actor.principal.userId, id, clock.now(), tx)
        if (ok)
          await auditLog.append(
            { ...auditMeta(actor), action: 'api_key.revoked', subject: `api_key:${id}` },
            tx
          )
        return ok
      })
      if (!revoked) throw problems.notFound('No such API key.')
    },

    /** Null for anything that is not a live key of an enabled user. */
    async authenticate(key: string): Promise<ApiKeyIdentity | null> {
      const parsed = parseApiKey(key)
      if (!parsed) return null
      const found = await repo.findForAuth(parsed.lookupPrefix)
      if (!found || !(await verifyApiKey(key, found.key.keyHash))) return null
      const now = clock.now()
      const { key: row, user } = found
      if (row.revokedAt || (row.expiresAt && row.expiresAt <= now) || !user.enabled) return null
      await repo.touch(row.id, now)
      const role = user.role as Role
      return {
        apiKeyId: row.id,
        userId: row.userId,
        role,
        scopes: row.scopes.filter((s) => ROLE_SCOPES[role].includes(s)),
      }
    },
  }
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>
