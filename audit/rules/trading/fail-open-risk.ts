/** @module trading/fail-open-risk: pre-trade risk checks (limits, kill switch, exposure) that fail open. */
import { defineRule } from '../define-rule.ts'
import { checkFailOpen, FAIL_OPEN_MESSAGES } from '../fail-open.ts'

export const RISK_CHECK =
  /risk|kill_?switch|(?:check|validate|enforce)_?(?:limits?|exposure|position_?limits?|daily_?loss|notional|margin)/i

export default defineRule({
  meta: {
    id: 'trading/fail-open-risk',
    title: 'Risk checks that fail open',
    category: 'trading',
    severity: 'critical',
    languages: ['ts', 'python'],
    rationale:
      'A risk check that logs its own failure and lets the order through is no limit at all: the moment ' +
      'it matters (a data outage, a bug) is the moment it is skipped.',
    remediation:
      'Reject the order when the risk check errors; surface the reason to the caller and alert.',
    docsUrl: 'audit/rules/README.md#tradingfail-open-risk',
    messages: FAIL_OPEN_MESSAGES,
  },
  check(ctx) {
    checkFailOpen(ctx, RISK_CHECK, 'risk')
  },
})
