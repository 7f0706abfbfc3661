/**
 * @module Hash chain for the append-only audit log: each row's hash covers its own fields and the
 * previous row's hash, so editing, deleting, inserting or reordering rows breaks a link.
 *
 * hash = sha256hex(canonical JSON of { v, prevHash, id, actorId, action, subject, occurredAt,
 * requestId, ip, details }), canonical JSON being RFC 8785 (JCS) for the values we allow. The first
 * row's prevHash is GENESIS_HASH. Every stored column except `seq` is covered, so no field of a row
 * can be edited unnoticed.
 *
 * Limits, by design of an unkeyed chain: someone who can write the table can rewrite a row and
 * recompute every later hash, and dropping the newest rows leaves a valid shorter chain. Both are
 * caught by comparing the head with an anchor kept elsewhere (`expectedHead`): log the head hash
 * periodically to the log pipeline or object storage.
 *
 * For the repository: append under one lock (`SELECT pg_advisory_xact_lock(…)`, then read the
 * head, then insert) — `SELECT … FOR UPDATE` on the last row lets two writers fork the chain
 * under READ COMMITTED — and read rows back in insertion order (a bigserial `seq`), not by time.
 * Store `occurredAt` with millisecond precision (a JS Date), which is what is hashed.
 */
import { sha256Hex } from '../../lib/crypto.ts'

export const GENESIS_HASH = '0'.repeat(64)
const HASH_RE = /^[0-9a-f]{64}$/

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/** The fields a row's hash covers. */
export interface AuditEventFields {
  id: string
  /** Who: the acting user's id, or null for the system. */
  actorId: string | null
  /** What, e.g. `auth.login.failed`, `kyc.decision`. */
  action: string
  /** What it was done to, e.g. `user:<id>`, `api_key:<id>`; null when nothing in particular. */
  subject: string | null
  /** When. */
  occurredAt: Date | string
  requestId: string | null
  /** Client IP as the HTTP edge saw it; null for CLIs and jobs. */
  ip: string | null
  /**
   * JSON-safe detail; keep amounts as strings (a jsonb round trip must give back the same value).
   */
  details: JsonValue
}

export interface AuditRow extends AuditEventFields {
  prevHash: string
  hash: string
}

export type ChainBreakReason =
  | 'malformed' // a field can't be hashed or a hash isn't 64 hex digits
  | 'prev-hash-mismatch' // the link to the previous row is broken: deletion, insertion, reordering
  | 'hash-mismatch' // the row's fields were changed after it was written
  | 'head-mismatch' // the chain is intact but doesn't end at the anchored head: rows were dropped

export type ChainVerification =
  | { ok: true; count: number; headHash: string }
  | { ok: false; index: number; rowId: string | null; reason: ChainBreakReason; detail: string }

/** RFC 8785 canonical JSON for plain data: sorted keys, no whitespace, ES number formatting. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string')
    return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('non-finite numbers have no JSON form')
    return JSON.stringify(value)
  }
  if (value instanceof Date) return JSON.stringify(isoMillis(value))
  if (Array.isArray(value)) {
    return `[${value
      .map((v) => {
        if (v === undefined) throw new TypeError('undefined in an array has no JSON form')
        return canonicalJson(v)
      })
      .join(',')}]`
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    // Absent and undefined are the same after storage (JSON drops undefined), so skip them here.
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined
    )
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) // UTF-16 code unit order, as JCS says
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  throw new TypeError(
    `${typeof value === 'object' ? 'non-plain object' : typeof value} has no JSON form`
  )
}

export async function computeAuditHash(
  fields: AuditEventFields,
  prevHash: string
): Promise<string> {
  const { id, actorId, action, subject, occurredAt, requestId, ip, details } = fields
  return sha256Hex(
    canonicalJson({
      v: 1,
      prevHash,
      id,
      actorId,
      action,
      subject,
      occurredAt: isoMillis(occurredAt),
      requestId,
      ip,
      details,
    })
  )
}

/** The row to insert after `previous` (null for the first row). */
export async function chainAuditRow(
  fields: AuditEventFields,
  previous: { hash: string } | null
): Promise<AuditRow> {
  const prevHash = previous?.hash ?? GENESIS_HASH
  return { ...fields, prevHash, hash: await computeAuditHash(fields, prevHash) }
}

/**
 * Checks rows page by page (the log can be long): `push` each row in insertion order, then
 * `finish`. The first break is final.
 * @param [opts.anchor=GENESIS_HASH] - prevHash expected of the first row pushed (a page's
 *   predecessor's hash when resuming mid-log).
 * @param [opts.expectedHead] - the last row's hash as recorded elsewhere.
 */
export function createChainVerifier(opts: { anchor?: string; expectedHead?: string } = {}) {
  let expectedPrev = opts.anchor ?? GENESIS_HASH
  let index = 0
  let broken: ChainVerification | null = null
  const fail = (row: Partial<AuditRow> | null, reason: ChainBreakReason, detail: string) =>
    (broken = {
      ok: false,
      index,
      rowId: typeof row?.id === 'string' ? row.id : null,
      reason,
      detail,
    })

  return {
    async push(row: AuditRow): Promise<ChainVerification | null> {
      if (broken) return broken
      if (!row || !HASH_RE.test(row.hash) || !HASH_RE.test(row.prevHash)) {
        return fail(row, 'malformed', 'hash or prevHash is not 64 lowercase hex digits')
      }
      if (row.prevHash !== expectedPrev) {
        return fail(row, 'prev-hash-mismatch', 'prevHash does not match the previous row')
      }
      let recomputed: string
      try {
        recomputed = await computeAuditHash(row, row.prevHash)
      } catch (err) {
        return fail(row, 'malformed', `fields cannot be hashed: ${(err as Error).message}`)
      }
      if (recomputed !== row.hash)
        return fail(row, 'hash-mismatch', 'fields do not match the stored hash')
      expectedPrev = row.hash
      index++
      return null
    },
    finish(): ChainVerification {
      if (broken) return broken
      if (opts.expectedHead !== undefined && opts.expectedHead !== expectedPrev) {
        return fail(null, 'head-mismatch', 'the chain does not end at the anchored head')
      }
      return { ok: true, count: index, headHash: expectedPrev }
    },
  }
}

/** Verifies a whole chain in order and returns the first broken link (row id and reason). */
export async function verifyChain(
  rows: Iterable<AuditRow> | AsyncIterable<AuditRow>,
  opts: { anchor?: string; expectedHead?: string } = {}
): Promise<ChainVerification> {
  const verifier = createChainVerifier(opts)
  for await (const row of rows) {
    const broken = await verifier.push(row)
    if (broken) return broken
  }
  return verifier.finish()
}

function isoMillis(value: Date | string): string {
  const d = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(d.getTime())) throw new TypeError('occurredAt is not a valid date')
  return d.toISOString()
}
