/** @module compliance/fail-open-compliance: KYC, AML, sanctions and compliance checks that fail open. */
import { defineRule } from '../define-rule.ts'
import { checkFailOpen, FAIL_OPEN_MESSAGES } from '../fail-open.ts'

export const COMPLIANCE_CHECK =
  /kyc|aml|compliance|sanction|(?:screen|pre_?trade)_?\w*|watch_?list/i

export default defineRule({
  meta: {
    id: 'compliance/fail-open-compliance',
    title: 'Compliance checks that fail open',
    category: 'compliance',
    severity: 'critical',
    languages: ['ts', 'python'],
    rationale:
      'KYC/AML and sanctions screening are legal gates: an exception swallowed around them approves the ' +
      'trade by default, which is exactly what a regulator asks you to prove never happens.',
    remediation:
      'Block (or hold for review) when a compliance check errors; record the failure in the audit log.',
    docsUrl: 'audit/rules/README.md#compliancefail-open-compliance',
    messages: FAIL_OPEN_MESSAGES,
  },
  check(ctx) {
    checkFailOpen(ctx, COMPLIANCE_CHECK, 'compliance')
  },
})
