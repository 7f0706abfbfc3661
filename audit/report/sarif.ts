/**
 * @module SARIF 2.1.0 report: one reportingDescriptor per rule (even rules with no results), with
 * GitHub's `security-severity` (critical 9.0, high 7.0, medium 4.0, low 1.0, as in scorecard's
 * sarif.go); suppressed findings carry an external suppression with its reason.
 */
import type { Severity } from '../types.ts'
import type { ReportModel } from './model.ts'
import { TOOL } from './model.ts'

const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.0',
  high: '7.0',
  medium: '4.0',
  low: '1.0',
}
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
}
const PROBLEM: Record<Severity, string> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'recommendation',
}

const isUrl = (p: string) => /^https?:\/\//.test(p)

export function renderSarif(m: ReportModel): string {
  const ruleIndex = new Map(m.rules.map((r, i) => [r.meta.id, i]))
  const doc = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL.name,
            version: TOOL.version,
            rules: m.rules.map((r) => ({
              id: r.meta.id,
              name: r.meta.id.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
              shortDescription: { text: r.meta.title },
              fullDescription: { text: r.meta.rationale },
              help: {
                text: r.meta.remediation,
                markdown: `**Remediation:** ${r.meta.remediation}`,
              },
              defaultConfiguration: { level: LEVEL[r.meta.severity] },
              properties: {
                'security-severity': SECURITY_SEVERITY[r.meta.severity],
                'problem.severity': PROBLEM[r.meta.severity],
                tags: ['readiness', r.meta.category],
                precision: 'medium',
              },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: `root of ${m.root}` } } },
        results: m.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId) ?? 0,
          level: LEVEL[f.severity],
          message: { text: `${f.message}. ${f.remediation}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: isUrl(f.path)
                  ? { uri: f.path }
                  : { uri: encodeURI(f.path), uriBaseId: '%SRCROOT%' },
                region: { startLine: Math.max(1, f.line), snippet: { text: f.evidence } },
              },
            },
          ],
          partialFingerprints: { 'readinessFingerprint/v1': f.fingerprint },
          ...(f.suppressed
            ? {
                suppressions: [
                  { kind: 'external', status: 'accepted', justification: f.suppressed.reason },
                ],
              }
            : {}),
        })),
        columnKind: 'utf16CodeUnits',
      },
    ],
  }
  return `${JSON.stringify(doc, null, 2)}\n`
}
