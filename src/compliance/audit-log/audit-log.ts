/**
 * @module The audit log service: `append` security and compliance events to the hash chain, and
 * `verify` the stored chain page by page.
 *
 * Appends are serialised with a transaction-scoped advisory lock (`pg_advisory_xact_lock`): read the
 * head, hash, insert, commit — so with any number of instances each row links to the one committed
 * before it. Pass the caller's transaction to make the event commit (or roll back) with the change
 * it records; the lock is then held until that transaction ends, so keep such transactions short.
 */
import { asc, desc, gt, sql } from 'drizzle-orm'
import { assertRole, assertScope, type Actor } from '../../auth/actor.ts'
import type { Db, Tx } from '../../db/types.ts'
import type { Clock } from '../../lib/clock.ts'
import { uuidv7 } from '../../lib/ids.ts'
import { auditLog } from './audit-log.schema.ts'
import {
  chainAuditRow,
  createChainVerifier,
  type AuditRow,
  type ChainBreakReason,
  type JsonValue,
} from './chain.ts'

/** Arbitrary constant key for `pg_advisory_xact_lock` ("twal"). */
const AUDIT_LOCK_KEY = 0x7477616c

export interface AuditEvent {
  /** Acting user id; null for the system (CLI, scheduled job, or an anonymous caller). */
  actor: string | null
  /** Dotted verb, e.g. `auth.login.succeeded`, `exchange_key.created`. */
  action: string
  /** What it was done to: `user:<id>`, `api_key:<id>`, `exchange_key:<id>`. */
  subject?: string | null
  requestId?: string | null
  ip?: string | null
  /** Plain JSON; amounts as strings. Never a secret, token, code or password. */
  details?: { [key: string]: JsonValue }
}

export interface AppendedEvent {
  id: string
  seq: number
  hash: string
}

export type AuditVerification =
  | { ok: true; count: number; headHash: string; headSeq: number | null }
  | {
      ok: false
      /** Rows checked before the break (0-based position of the broken row). */
      index: number
      rowId: string | null
      seq: number | null
      reason: ChainBreakReason
      detail: string
    }

export interface AuditLog {
  append(event: AuditEvent, tx?: Tx): Promise<AppendedEvent>
  /**
   * Walks the whole chain in `seq` order and reports the first broken link.
   * @param [opts.expectedHead] - head hash recorded elsewhere (catches dropped newest rows).
   */
  verify(opts?: { expectedHead?: string; pageSize?: number }): Promise<AuditVerification>
  /** The newest row's seq and hash, to anchor outside the database. */
  head(): Promise<{ seq: number; hash: string } | null>
}

/**
 * @example
 * const auditLog = createAuditLog({ db, clock })
 * await auditLog.append({ actor: userId, action: 'api_key.created', subject: `api_key:${id}`,
 *   requestId, ip, details: { scopes: ['read'] } })
 */
export function createAuditLog({ db, clock }: { db: Db; clock: Clock }): AuditLog {
  async function appendIn(tx: Tx, event: AuditEvent): Promise<AppendedEvent> {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`)
    const [previous] = await tx
      .select({ hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.seq))
      .limit(1)
    const now = clock.now()
    const row = await chainAuditRow(
      {
        id: uuidv7(now.getTime()),
        actorId: event.actor,
        action: event.action,
        subject: event.subject ?? null,
        occurredAt: new Date(now.getTime()),
        requestId: event.requestId ?? null,
        ip: event.ip ?? null,
        details: event.details ?? {},
      },
      previous ?? null
    )
    const [inserted] = await tx
      .insert(auditLog)
      .values({ ...row, occurredAt: new Date(row.occurredAt) })
      .returning({ seq: auditLog.seq })
    return { id: row.id, seq: inserted!.seq, hash: row.hash }
  }

  return {
    append: (event, tx) => (tx ? appendIn(tx, event) : db.transaction((t) => appendIn(t, event))),

    async verify({ expectedHead, pageSize = 1000 } = {}) {
      const verifier = createChainVerifier({ expectedHead })
      let after = 0
      let headSeq: number | null = null
      for (;;) {
        const page = await db
          .select()
          .from(auditLog)
          .where(gt(auditLog.seq, after))
          .orderBy(asc(auditLog.seq))
          .limit(pageSize)
        for (const r of page) {
          const broken = await verifier.push(toChainRow(r))
          if (broken && !broken.ok) return { ...broken, seq: r.seq }
          headSeq = r.seq
        }
        if (page.length < pageSize) break
        after = page.at(-1)!.seq
      }
      const result = verifier.finish()
      return result.ok ? { ...result, headSeq } : { ...result, seq: null }
    },

    async head() {
      const [row] = await db
        .select({ seq: auditLog.seq, hash: auditLog.hash })
        .from(auditLog)
        .orderBy(desc(auditLog.seq))
        .limit(1)
      return row ?? null
    },
  }
}

function toChainRow(r: typeof auditLog.$inferSelect): AuditRow {
  return {
    id: r.id,
    actorId: r.actorId,
    action: r.action,
    subject: r.subject,
    occurredAt: r.occurredAt,
    requestId: r.requestId,
    ip: r.ip,
    details: r.details,
    prevHash: r.prevHash,
    hash: r.hash,
  }
}

/** `verify` for a caller: admins and compliance officers with the `compliance` scope only. */
export async function verifyAuditLogAs(
  auditLog: AuditLog,
  actor: Actor,
  opts: { expectedHead?: string } = {}
): Promise<AuditVerification> {
  assertRole(actor, 'admin', 'compliance_officer')
  assertScope(actor, 'compliance')
  return auditLog.verify(opts)
}
