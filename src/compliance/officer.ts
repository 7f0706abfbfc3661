/**
 * @module Who may act as a compliance officer, and the per-subject locks compliance writes take.
 */
import { sql } from 'drizzle-orm'
import { assertRole, assertScope, type Actor } from '../auth/actor.ts'
import type { Queryable } from '../db/types.ts'

/** Compliance officers and admins, with the `compliance` scope (API keys may lack it). */
export function assertOfficer(actor: Actor): void {
  assertRole(actor, 'compliance_officer', 'admin')
  assertScope(actor, 'compliance')
}

// Two-int advisory lock classes ("twc1", "twk1", "tws1"); the two-int key space never meets the
// single-bigint keys other features use.
const LOCK_CLASS = { cases: 0x74776331, kyc: 0x74776b31, sanctions: 0x74777331 } as const

/**
 * Serialises compliance writes about one subject until the transaction ends: finding or opening
 * a user's case, changing their KYC, importing a list. Must run inside a transaction.
 */
export async function lockSubject(
  tx: Queryable,
  kind: keyof typeof LOCK_CLASS,
  key: string
): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_CLASS[kind]}::int, hashtext(${key}))`)
}
