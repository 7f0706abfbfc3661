/** @module security/live-hardening: the live probe's headers, readiness, CORS and error-body checks. */
import { defineRule } from '../define-rule.ts'

export default defineRule({
  meta: {
    id: 'security/live-hardening',
    title: 'Live deployment hardening',
    category: 'security',
    severity: 'high',
    languages: ['ts', 'python'],
    rationale:
      'Missing security headers, a failing readiness check, credentialed wildcard CORS or stack traces in error bodies are visible to anyone who can reach the service. Only runs with --url.',
    remediation:
      'Add the security-headers middleware, make /health/ready reflect the database and migrations, restrict CORS origins, and answer errors with problem+json only.',
    docsUrl: 'audit/rules/README.md#securitylive-hardening',
    messages: { failed: '{{title}}: {{detail}}' },
  },
  applicable: (facts) => !!facts.probe,
  checkRepo({ facts, reportAt }) {
    for (const c of facts.probe?.checks ?? []) {
      if (!c.ok && c.severity !== 'critical')
        reportAt(facts.probe!.url, 1, 'failed', `${c.id}: ${c.detail}`, {
          title: c.title,
          detail: c.detail,
        })
    }
  },
})
