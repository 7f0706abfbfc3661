/**
 * @module Scoring: findings → rule scores → category scores → overall score and verdict.
 *
 * OpenSSF Scorecard's shape: every rule is a check with a risk weight (critical 10, high 7.5,
 * medium 5, low 2.5). A rule with n open (unsuppressed) findings scores 10 / (1 + n): one finding
 * halves it, nine leave 1. A category scores the weight-averaged score of its applicable rules and
 * weighs the sum of their weights; the overall score is the weighted mean of the applicable
 * categories. Not-applicable and errored rules are excluded (an error still blocks READY).
 */
import type {
  CategoryId,
  CategoryScore,
  RuleMeta,
  RuleResult,
  ScoreResult,
  Severity,
} from './types.ts'

export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = {
  critical: 10,
  high: 7.5,
  medium: 5,
  low: 2.5,
}
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low']

export const CATEGORIES: readonly { id: CategoryId; title: string }[] = [
  { id: 'trading', title: 'Real-money trading' },
  { id: 'exchange', title: 'Exchange integration' },
  { id: 'persistence', title: 'Database/persistence' },
  { id: 'security', title: 'Security' },
  { id: 'compliance', title: 'Compliance' },
  { id: 'monitoring', title: 'Monitoring/logging' },
  { id: 'analytics', title: 'Analytics' },
  { id: 'code-health', title: 'Code health' },
]

/** Printed in every report so a reader can recompute the numbers. */
export const FORMULA =
  'rule score = 10 / (1 + open findings); category score = Σ(w·rule score) / Σw over its applicable ' +
  'rules, with w = 10 critical, 7.5 high, 5 medium, 2.5 low; overall = Σ(W·category score) / ΣW over ' +
  "applicable categories, W = the sum of the category's rule weights. Verdict: NOT READY when any " +
  'critical finding is open, any rule errored, or overall < min score; otherwise READY.'

const round2 = (x: number): number => Math.round(x * 100) / 100

export function ruleScore(openFindings: number): number {
  return 10 / (1 + openFindings)
}

const zeroCounts = (): Record<Severity, number> => ({ critical: 0, high: 0, medium: 0, low: 0 })

/**
 * Scores rule results.
 * @param results - one per registered rule
 * @param metas - the registered rules' meta (every rule must have reported)
 * @param minScore - overall below this is NOT READY
 */
export function computeScore(
  results: RuleResult[],
  metas: RuleMeta[],
  minScore: number
): ScoreResult {
  const reasons: string[] = []
  const reported = new Set(results.map((r) => r.ruleId))
  for (const m of metas) if (!reported.has(m.id)) reasons.push(`rule ${m.id} did not report`)
  const counts = zeroCounts()
  const categories: CategoryScore[] = CATEGORIES.map(({ id, title }) => {
    const rules = results.filter((r) => r.category === id)
    const c = zeroCounts()
    let wsum = 0
    let acc = 0
    for (const r of rules) {
      const open = r.findings.filter((f) => !f.suppressed)
      for (const f of open) c[f.severity]++
      if (r.status !== 'pass' && r.status !== 'fail') continue
      const w = SEVERITY_WEIGHT[r.severity]
      wsum += w
      acc += w * ruleScore(open.length)
    }
    for (const s of SEVERITIES) counts[s] += c[s]
    return {
      id,
      title,
      score: wsum > 0 ? round2(acc / wsum) : null,
      weight: wsum,
      counts: c,
      rules: rules.map((r) => r.ruleId),
    }
  })
  const applicable = categories.filter((c) => c.score !== null)
  const wTotal = applicable.reduce((a, c) => a + c.weight, 0)
  const overall =
    wTotal > 0
      ? round2(applicable.reduce((a, c) => a + c.weight * (c.score ?? 0), 0) / wTotal)
      : null
  if (counts.critical > 0) reasons.push(`${counts.critical} critical finding(s) open`)
  const errored = results.filter((r) => r.status === 'error')
  if (errored.length > 0)
    reasons.push(`rule(s) errored: ${errored.map((r) => r.ruleId).join(', ')}`)
  if (overall === null) reasons.push('nothing to check: no applicable rule')
  else if (overall < minScore)
    reasons.push(`overall ${overall.toFixed(2)} is below the minimum ${minScore}`)
  return {
    categories,
    overall,
    verdict: reasons.length === 0 ? 'READY' : 'NOT READY',
    reasons,
    minScore,
    counts,
  }
}
