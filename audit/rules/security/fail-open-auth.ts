/** @module security/fail-open-auth: authentication, 2FA and permission checks that fail open. */
import { defineRule } from '../define-rule.ts'
import { checkFailOpen, FAIL_OPEN_MESSAGES } from '../fail-open.ts'

/** Callees that authenticate or authorise: verify_2fa, verifyTotp, authenticate, check_permission … */
export const AUTH_CHECK =
  /(?:2fa|two_?factor|mfa|totp|authenticat|authoriz|step_?up|(?:verify|check|validate|require)_?(?:token|jwt|password|credentials?|permissions?|role|scope|session|api_?key|signature|otp))/i

export default defineRule({
  meta: {
    id: 'security/fail-open-auth',
    title: 'Authentication or 2FA checks that fail open',
    category: 'security',
    severity: 'critical',
    languages: ['ts', 'python'],
    rationale:
      'The seed wrapped 2FA verification for real-money trades in `except Exception: logger.warning(...)` ' +
      'and continued: any error in the check (or a crafted input that raises) skipped 2FA entirely.',
    remediation:
      'Deny on any error: re-raise, return 401/403, or set the decision to "denied" in the handler; never continue past a failed or errored check.',
    docsUrl: 'audit/rules/README.md#securityfail-open-auth',
    messages: FAIL_OPEN_MESSAGES,
  },
  check(ctx) {
    checkFailOpen(ctx, AUTH_CHECK, '2FA/auth')
  },
})
