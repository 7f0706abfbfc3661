/** @module security/live-auth: the live probe found routes that answer without credentials (or no route list). */
import { defineRule } from '../define-rule.ts'

export default defineRule({
  meta: {
    id: 'security/live-auth',
    title: 'Live deployment serves protected routes anonymously',
    category: 'security',
    severity: 'critical',
    languages: ['ts', 'python'],
    rationale:
      'Static analysis can miss a mounting mistake; asking the running service is the ground truth. Only runs with --url.',
    remediation:
      'Apply the auth middleware to every non-public router and publish an OpenAPI document that marks public operations with `security: []`.',
    docsUrl: 'audit/rules/README.md#securitylive-auth',
    messages: { failed: '{{title}}: {{detail}}' },
  },
  applicable: (facts) => !!facts.probe,
  checkRepo({ facts, reportAt }) {
    for (const c of facts.probe?.checks ?? []) {
      if (!c.ok && c.severity === 'critical')
        reportAt(facts.probe!.url, 1, 'failed', `${c.id}: ${c.detail}`, {
          title: c.title,
          detail: c.detail,
        })
    }
  },
})
