import { describe, expect, it } from 'vitest'
import { computeScore, ruleScore } from './score.ts'
import type { CategoryId, Finding, RuleMeta, RuleResult, Severity } from './types.ts'

const meta = (id: string, category: CategoryId, severity: Severity): RuleMeta => ({
  id,
  title: id,
  category,
  severity,
  languages: ['ts'],
  rationale: '',
  remediation: '',
  docsUrl: '',
  messages: {},
})
const finding = (m: RuleMeta, suppressed = false): Finding => ({
  ruleId: m.id,
  messageId: 'x',
  category: m.category,
  severity: m.severity,
  message: 'm',
  path: 'a.ts',
  line: 1,
  evidence: '',
  remediation: '',
  fingerprint: '0000000000000000',
  ...(suppressed ? { suppressed: { reason: 'accepted risk' } } : {}),
})
const result = (
  m: RuleMeta,
  status: RuleResult['status'],
  findings: Finding[] = []
): RuleResult => ({
  ruleId: m.id,
  category: m.category,
  severity: m.severity,
  status,
  examined: 1,
  findings,
})

const crit = meta('security/a', 'security', 'critical')
const high = meta('security/b', 'security', 'high')
const low = meta('monitoring/c', 'monitoring', 'low')
const metas = [crit, high, low]

describe('computeScore', () => {
  it('should score 10 / (1 + n) per rule', () => {
    expect([0, 1, 3, 9].map(ruleScore)).toEqual([10, 5, 2.5, 1])
  })

  it('should be READY at 10 with every rule passing', () => {
    const s = computeScore(
      [result(crit, 'pass'), result(high, 'pass'), result(low, 'pass')],
      metas,
      8
    )
    expect(s).toMatchObject({ overall: 10, verdict: 'READY', reasons: [] })
  })

  it('should weight rules within a category and categories by their rule weights', () => {
    // security: (10·10 + 7.5·5) / 17.5 = 7.86; monitoring: 10; overall: (17.5·7.857 + 2.5·10) / 20 = 8.125
    const s = computeScore(
      [result(crit, 'pass'), result(high, 'fail', [finding(high)]), result(low, 'pass')],
      metas,
      8
    )
    expect(s.categories.find((c) => c.id === 'security')).toMatchObject({
      score: 7.86,
      weight: 17.5,
      counts: { high: 1 },
    })
    expect(s.overall).toBe(8.13)
    expect(s.verdict).toBe('READY')
    expect(
      computeScore(
        [result(crit, 'pass'), result(high, 'fail', [finding(high)]), result(low, 'pass')],
        metas,
        9
      ).verdict
    ).toBe('NOT READY')
  })

  it('should be NOT READY with any open critical finding, whatever the mean', () => {
    const many = [result(crit, 'fail', [finding(crit)]), result(high, 'pass'), result(low, 'pass')]
    const s = computeScore(many, metas, 0)
    expect(s.verdict).toBe('NOT READY')
    expect(s.reasons).toContain('1 critical finding(s) open')
  })

  it('should ignore suppressed findings and exclude not-applicable categories', () => {
    const s = computeScore(
      [
        result(crit, 'pass', [finding(crit, true)]),
        result(high, 'not-applicable'),
        result(low, 'not-applicable'),
      ],
      metas,
      8
    )
    expect(s.verdict).toBe('READY')
    expect(s.categories.find((c) => c.id === 'monitoring')!.score).toBeNull()
    expect(s.overall).toBe(10)
  })

  it('should block READY when a rule errored or a rule did not report', () => {
    expect(
      computeScore([result(crit, 'error'), result(high, 'pass'), result(low, 'pass')], metas, 8)
        .reasons
    ).toContain('rule(s) errored: security/a')
    expect(computeScore([result(crit, 'pass'), result(high, 'pass')], metas, 8).reasons).toContain(
      'rule monitoring/c did not report'
    )
  })
})
