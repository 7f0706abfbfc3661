/**
 * @module Request and response schemas of the account routes (valibot). Messages never echo the
 * value: a password, code or token must not come back in a 422.
 */
import * as v from 'valibot'
import { normalizeEmail } from './email.ts'
import type { PasswordPolicy } from './password-policy.ts'

const secretString = (name: string, max: number) =>
  v.pipe(
    v.string(`${name} must be a string.`),
    v.minLength(1, `${name} is required.`),
    v.maxLength(max, `${name} is too long.`)
  )

export const EmailField = v.pipe(
  v.string('Email must be a string.'),
  v.maxLength(320, 'Email is too long.'),
  v.check((s) => normalizeEmail(s).ok, 'Email must look like name@example.com.')
)

/** Registration: the policy's length, denylist and pattern rules, reported with the email's. */
export const registerBody = (policy: PasswordPolicy) =>
  v.object({
    email: EmailField,
    password: v.pipe(
      v.string('Password must be a string.'),
      v.description(
        '12–256 characters; not a common password, a pattern, or derived from the email.'
      ),
      v.rawCheck(({ dataset, addIssue }) => {
        if (!dataset.typed) return
        for (const e of policy.check(dataset.value)) addIssue({ message: e.message })
      })
    ),
  })

export const LoginBody = v.object({ email: EmailField, password: secretString('Password', 1024) })
export const MfaLoginBody = v.object({
  challenge: secretString('Challenge', 4096),
  code: secretString('Code', 64),
})
export const RefreshBody = v.object({ refreshToken: secretString('Refresh token', 512) })
export const LogoutBody = v.object({
  refreshToken: secretString('Refresh token', 512),
  allSessions: v.optional(v.boolean('allSessions must be true or false.')),
})
export const CodeBody = v.object({ code: secretString('Code', 64) })
export const DisableBody = v.object({
  password: secretString('Password', 1024),
  code: secretString('Code', 64),
})
export const RoleBody = v.object({
  role: v.picklist(
    ['user', 'compliance_officer', 'admin'],
    'Role must be user, compliance_officer or admin.'
  ),
})

export const TokensSchema = v.object({
  accessToken: v.string(),
  refreshToken: v.string(),
  expiresIn: v.number(),
  tokenType: v.literal('Bearer'),
})
export const MfaRequiredSchema = v.object({
  mfaRequired: v.literal(true),
  challenge: v.string(),
  expiresIn: v.number(),
})
export const RegisteredSchema = v.object({ id: v.string(), email: v.string() })
export const MeSchema = v.object({
  id: v.string(),
  email: v.string(),
  role: v.string(),
  twoFactorEnabled: v.boolean(),
  recoveryCodesRemaining: v.number(),
  createdAt: v.string(),
})
export const EnrollSchema = v.object({ secret: v.string(), otpauthUri: v.string() })
export const RecoveryCodesSchema = v.object({ recoveryCodes: v.array(v.string()) })
export const ConfirmedSchema = v.object({
  twoFactorEnabled: v.literal(true),
  recoveryCodes: v.array(v.string()),
})
export const StepUpSchema = v.object({ stepUpToken: v.string(), expiresIn: v.number() })
export const RoleChangeSchema = v.object({
  id: v.string(),
  email: v.string(),
  role: v.string(),
  previousRole: v.string(),
})
