/** @module JSON report: the report model as stable, sorted JSON (byte-identical on re-run). */
import type { ReportModel } from './model.ts'
import { TOOL } from './model.ts'

export function renderJson(m: ReportModel): string {
  const doc = {
    tool: { name: TOOL.name, version: TOOL.version },
    root: m.root,
    verdict: m.verdict,
    overall: m.overall,
    minScore: m.minScore,
    reasons: m.reasons,
    formula: m.formula,
    counts: m.counts,
    categories: m.categories.map((c) => ({
      id: c.id,
      title: c.title,
      score: c.score,
      weight: c.weight,
      counts: c.counts,
      rules: c.rules,
    })),
    rules: m.rules.map((r) => ({
      id: r.meta.id,
      title: r.meta.title,
      category: r.meta.category,
      severity: r.meta.severity,
      status: r.status,
      examined: r.examined,
      score: r.score,
      open: r.open.length,
      suppressed: r.suppressed.length,
      ...(r.error ? { error: r.error } : {}),
    })),
    findings: m.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      category: f.category,
      path: f.path,
      line: f.line,
      message: f.message,
      evidence: f.evidence,
      remediation: f.remediation,
      fingerprint: f.fingerprint,
      ...(f.suppressed ? { suppressed: f.suppressed } : {}),
    })),
    suppressions: m.suppressions.map((s) => ({
      rule: s.rule,
      path: s.path,
      ...(s.fingerprint ? { fingerprint: s.fingerprint } : {}),
      reason: s.reason,
      matched: s.matched,
    })),
    ignore: m.ignore,
    skipped: m.skipped,
    stats: m.stats,
    ...(m.probe ? { probe: m.probe } : {}),
  }
  return `${JSON.stringify(doc, null, 2)}\n`
}
