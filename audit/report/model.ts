/**
 * @module The report model every format renders from: the audit result joined with rule meta,
 * sorted and free of anything that changes between runs (no clock, no absolute paths).
 */
import { FORMULA, SEVERITY_WEIGHT, ruleScore } from '../score.ts'
import type {
  AuditResult,
  CategoryScore,
  Finding,
  ProbeResult,
  RuleMeta,
  RuleStatus,
  Severity,
} from '../types.ts'

export const TOOL = { name: 'readiness-audit', version: '0.1.0' }

export interface RuleRow {
  meta: RuleMeta
  status: RuleStatus
  examined: number
  score: number | null
  open: Finding[]
  suppressed: Finding[]
  error?: string
}

export interface ReportModel {
  root: string
  verdict: 'READY' | 'NOT READY'
  overall: number | null
  minScore: number
  reasons: string[]
  formula: string
  counts: Record<Severity, number>
  categories: CategoryScore[]
  rules: RuleRow[]
  findings: Finding[]
  suppressions: AuditResult['suppressions']
  ignore: string[]
  skipped: { path: string; reason: string }[]
  stats: {
    files: number
    production: number
    ts: number
    python: number
    byKind: Record<string, number>
  }
  probe?: ProbeResult
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
export const sevOrder = (s: Severity): number => ['critical', 'high', 'medium', 'low'].indexOf(s)

export function buildModel(result: AuditResult, metas: readonly RuleMeta[]): ReportModel {
  const byId = new Map(metas.map((m) => [m.id, m]))
  const rules: RuleRow[] = result.rules
    .map((r) => {
      const meta = byId.get(r.ruleId)!
      const open = r.findings.filter((f) => !f.suppressed)
      const scored = r.status === 'pass' || r.status === 'fail'
      return {
        meta,
        status: r.status,
        examined: r.examined,
        score: scored ? Math.round(ruleScore(open.length) * 100) / 100 : null,
        open,
        suppressed: r.findings.filter((f) => f.suppressed),
        ...(r.error ? { error: r.error } : {}),
      }
    })
    .sort((a, b) => cmp(a.meta.id, b.meta.id))
  const findings = result.rules
    .flatMap((r) => r.findings)
    .sort(
      (a, b) =>
        sevOrder(a.severity) - sevOrder(b.severity) ||
        cmp(a.path, b.path) ||
        a.line - b.line ||
        cmp(a.ruleId, b.ruleId) ||
        cmp(a.message, b.message)
    )
  const byKind: Record<string, number> = {}
  for (const f of result.facts.files) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1
  const prod = result.facts.files.filter((f) => f.kind === 'production' && f.language)
  return {
    root: result.root,
    verdict: result.score.verdict,
    overall: result.score.overall,
    minScore: result.score.minScore,
    reasons: result.score.reasons,
    formula: FORMULA,
    counts: result.score.counts,
    categories: result.score.categories,
    rules,
    findings,
    suppressions: [...result.suppressions].sort(
      (a, b) => cmp(a.rule, b.rule) || cmp(a.path, b.path)
    ),
    ignore: [...result.ignoreGlobs].sort(),
    skipped: [...result.facts.skipped].sort(
      (a, b) => cmp(a.path, b.path) || cmp(a.reason, b.reason)
    ),
    stats: {
      files: result.facts.files.length,
      production: prod.length,
      ts: prod.filter((f) => f.language === 'ts').length,
      python: prod.filter((f) => f.language === 'python').length,
      byKind: Object.fromEntries(Object.entries(byKind).sort(([a], [b]) => cmp(a, b))),
    },
    ...(result.facts.probe ? { probe: result.facts.probe } : {}),
  }
}

export const weightOf = (s: Severity): number => SEVERITY_WEIGHT[s]
export const fmtScore = (s: number | null): string => (s === null ? 'N/A' : `${s.toFixed(2)}/10`)
