/**
 * @module Users, their TOTP state and recovery codes: drizzle queries only. Every state change that
 * must not race (TOTP step, enabling 2FA, using a recovery code) is one conditional statement.
 */
import { and, count, eq, isNull, lt, or, sql } from 'drizzle-orm'
import { compile } from '../db/compiled.ts'
import type { Queryable } from '../db/types.ts'
import type { Role } from '../http/types.ts'
import type { EnvelopeRecord } from '../lib/envelope.ts'
import { recoveryCodes, users } from './auth.schema.ts'

export type UserRow = typeof users.$inferSelect

const authStateById = compile(['id'], (_db, p) =>
  sql`select id::text as id, role, enabled,
        floor(extract(epoch from sessions_not_before) * 1000)::bigint::text as sessions_not_before_ms
      from users where id = ${p.id}`
)

export function createUsersRepository(db: Queryable) {
  return {
    async findById(id: string, q: Queryable = db): Promise<UserRow | null> {
      const [row] = await q.select().from(users).where(eq(users.id, id)).limit(1)
      return row ?? null
    },

    /**
     * What authenticating a request needs of the user, and nothing else: every request runs this,
     * so password hashes and second-factor secrets stay in the database.
     */
    async authState(id: string): Promise<Pick<UserRow, 'id' | 'role' | 'enabled' | 'sessionsNotBefore'> | null> {
      const [row] = await authStateById.rows<{
        id: string
        role: Role
        enabled: boolean
        sessions_not_before_ms: string | null
      }>(db, { id })
      if (!row) return null
      const notBefore = row.sessions_not_before_ms
      return {
        id: row.id,
        role: row.role,
        enabled: row.enabled,
        sessionsNotBefore: notBefore === null ? null : new Date(Number(notBefore)),
      }
    },

    async findByEmail(email: string): Promise<UserRow | null> {
      const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1)
      return row ?? null
    },

    /** Null when the email is taken (no exception, no partial state). */
    async insert(
      input: { email: string; passwordHash: string },
      q: Queryable = db
    ): Promise<UserRow | null> {
      const [row] = await q
        .insert(users)
        .values(input)
        .onConflictDoNothing({ target: users.email })
        .returning()
      return row ?? null
    },

    async setPasswordHash(id: string, passwordHash: string): Promise<void> {
      await db.update(users).set({ passwordHash }).where(eq(users.id, id))
    },

    async setRole(id: string, role: Role, q: Queryable = db): Promise<UserRow | null> {
      const [row] = await q.update(users).set({ role }).where(eq(users.id, id)).returning()
      return row ?? null
    },

    async setSessionsNotBefore(id: string, at: Date, q: Queryable = db): Promise<void> {
      await q.update(users).set({ sessionsNotBefore: at }).where(eq(users.id, id))
    },

    /** Stores a new pending TOTP secret; refused (false) once 2FA is enabled. */
    async setPendingTotp(id: string, record: EnvelopeRecord): Promise<boolean> {
      const rows = await db
        .update(users)
        .set({ totpSecret: record, totpEnabledAt: null, lastTotpStep: null })
        .where(and(eq(users.id, id), isNull(users.totpEnabledAt)))
        .returning({ id: users.id })
      return rows.length === 1
    },

    /**
     * Enables 2FA if the pending secret is still the one the code was checked against (a second
     * enrolment in between would otherwise be enabled unverified) and the step is new.
     */
    async enableTotp(
      id: string,
      ciphertext: string,
      step: number,
      at: Date,
      q: Queryable = db
    ): Promise<boolean> {
      const rows = await q
        .update(users)
        .set({ totpEnabledAt: at, lastTotpStep: step })
        .where(
          and(
            eq(users.id, id),
            isNull(users.totpEnabledAt),
            sql`${users.totpSecret}->>'ciphertext' = ${ciphertext}`,
            or(isNull(users.lastTotpStep), lt(users.lastTotpStep, step))
          )
        )
        .returning({ id: users.id })
      return rows.length === 1
    },

    /** Records a used TOTP step; false means the step (or a later one) was used already: a replay. */
    async useTotpStep(id: string, step: number): Promise<boolean> {
      const rows = await db
        .update(users)
        .set({ lastTotpStep: step })
        .where(and(eq(users.id, id), or(isNull(users.lastTotpStep), lt(users.lastTotpStep, step))))
        .returning({ id: users.id })
      return rows.length === 1
    },

    async disableTotp(id: string, q: Queryable = db): Promise<void> {
      await q.update(users).set({ totpSecret: null, totpEnabledAt: null }).where(eq(users.id, id))
      await q.delete(recoveryCodes).where(eq(recoveryCodes.userId, id))
    },

    async replaceRecoveryCodes(
      userId: string,
      hashes: string[],
      at: Date,
      q: Queryable = db
    ): Promise<void> {
      await q.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId))
      if (hashes.length > 0) {
        await q
          .insert(recoveryCodes)
          .values(hashes.map((codeHash) => ({ userId, codeHash, createdAt: at })))
      }
    },

    async recoveryCodeHashes(userId: string): Promise<string[]> {
      const rows = await db
        .select({ codeHash: recoveryCodes.codeHash })
        .from(recoveryCodes)
        .where(eq(recoveryCodes.userId, userId))
      return rows.map((r) => r.codeHash)
    },

    async countRecoveryCodes(userId: string): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(recoveryCodes)
        .where(eq(recoveryCodes.userId, userId))
      return Number(row?.n ?? 0)
    },

    /** The delete, not the comparison before it, makes a code single-use when requests race. */
    async deleteRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
      const rows = await db
        .delete(recoveryCodes)
        .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash)))
        .returning({ id: recoveryCodes.id })
      return rows.length === 1
    },

  }
}

export type UsersRepository = ReturnType<typeof createUsersRepository>
