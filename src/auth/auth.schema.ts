/**
 * @module Tables of the accounts feature: users, refresh tokens, recovery codes, used MFA
 * challenges and login failure counters.
 */
import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'
import { id, timestamps, timestamptz } from '../db/columns.ts'
import type { EnvelopeRecord } from '../lib/envelope.ts'

export const users = pgTable(
  'users',
  {
    id: id(),
    /** Normalised by `normalizeEmail` (lowercase, punycode domain), so unique means unique. */
    email: text().notNull().unique(),
    /** Self-describing KDF string (`scrypt$ln=14,r=8,p=5$…`), see auth/password.ts. */
    passwordHash: text().notNull(),
    role: text({ enum: ['user', 'compliance_officer', 'admin'] })
      .notNull()
      .default('user'),
    enabled: boolean().notNull().default(true),
    /** Envelope-encrypted TOTP secret (AAD `users:<id>:totp_secret`); set at enrolment. */
    totpSecret: jsonb().$type<EnvelopeRecord>(),
    /** Null while enrolment awaits its first code; 2FA is on once this is set. */
    totpEnabledAt: timestamptz(),
    /** Last accepted TOTP time step: codes at or before it are replays. */
    lastTotpStep: bigint({ mode: 'number' }),
    /** Access tokens issued before this instant are refused ("log out everywhere"). */
    sessionsNotBefore: timestamptz(),
    ...timestamps,
  },
  (t) => [check('users_role_check', sql`${t.role} in ('user', 'compliance_officer', 'admin')`)]
)

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Every token rotated from one login shares a family; reuse of a spent one revokes it. */
    familyId: uuid().notNull(),
    /** Hex SHA-256 of the opaque token; the token itself is never stored. */
    tokenHash: text().notNull().unique(),
    createdAt: timestamptz().notNull(),
    expiresAt: timestamptz().notNull(),
    usedAt: timestamptz(),
    revokedAt: timestamptz(),
  },
  (t) => [
    index('refresh_tokens_family_idx').on(t.familyId),
    index().on(t.userId),
    index().on(t.expiresAt),
  ]
)

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Hex SHA-256 of the normalised code (auth/recovery-codes.ts). */
    codeHash: text().notNull(),
    createdAt: timestamptz().notNull(),
  },
  (t) => [unique('recovery_codes_user_code_unique').on(t.userId, t.codeHash)]
)

/** MFA challenges already exchanged for tokens: a challenge works once within its 5 minutes. */
export const usedMfaChallenges = pgTable(
  'used_mfa_challenges',
  {
    jti: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    usedAt: timestamptz().notNull(),
    /** The challenge's own expiry; the row can be swept after it. */
    expiresAt: timestamptz().notNull(),
  },
  (t) => [index().on(t.expiresAt)]
)

/**
 * Failed logins per account (`acct:<sha256 of the email>`, also for emails with no account) and
 * per client IP (`ip:<address>`), read by auth/login-backoff.ts.
 */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    key: text().primaryKey(),
    failures: integer().notNull().default(0),
    lastFailureAt: timestamptz(),
  },
  (t) => [index().on(t.lastFailureAt)]
)
