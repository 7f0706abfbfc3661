/**
 * @module analytics/mock-identifiers: mock/fake/dummy/sample-data identifiers and "for now, return
 * mock" comments in production code. Flag names (`ENABLE_MOCK_DATA`) are judged by
 * analytics/mock-flag-unsafe instead; statistics words such as `sampleStd` are not sample data.
 */
import { find, words } from '../ast.ts'
import { defineRule } from '../define-rule.ts'
import { isDataFlagName } from './mock-flag-unsafe.ts'

const ALWAYS = new Set(['mock', 'mocked', 'mocks', 'fake', 'faked', 'fakes', 'dummy'])
const SAMPLE_NOUNS = new Set([
  'data',
  'response',
  'responses',
  'trades',
  'orders',
  'users',
  'prices',
  'result',
  'results',
  'metrics',
  'bots',
  'performance',
  'signals',
  'positions',
  'balances',
  'portfolio',
])
const COMMENT =
  /\b(?:for now|temporar(?:y|ily)|placeholder|stub(?:bed)?)\b[^\n]*\b(?:mock|fake|dummy|sample|hard-?coded|random)\b|\b(?:return(?:s|ing)?|using|use|generat(?:e|es|ed|ing)|simulat(?:e|es|ed|ing))\s+(?:some\s+)?(?:mock|fake|dummy|sample|hard-?coded|random)\b|\b(?:mock|fake|dummy)\s+data\s+(?:for now|until)|replace (?:this )?with real/i

export function isPlaceholderDataName(name: string): boolean {
  if (isDataFlagName(name)) return false
  const w = words(name)
  return w.some((x, i) => ALWAYS.has(x) || (x === 'sample' && SAMPLE_NOUNS.has(w[i + 1] ?? '')))
}

export default defineRule({
  meta: {
    id: 'analytics/mock-identifiers',
    title: 'Mock data identifiers in production code',
    category: 'analytics',
    severity: 'high',
    languages: ['ts', 'python'],
    rationale:
      'The seed answered bot performance and chart routes with functions named like `_get_mock_*` and ' +
      'comments saying "for now, return mock data"; users saw invented numbers as their results.',
    remediation:
      'Compute the value from persisted data, or return null / a clear "not available" error; move mocks to tests.',
    docsUrl: 'audit/rules/README.md#analyticsmock-identifiers',
    messages: {
      identifier: 'mock-data identifier {{name}} in production code',
      comment: 'comment says the code returns mock data: {{text}}',
    },
  },
  check({ file, report }) {
    const root = file.tree.rootNode
    const seen = new Set<string>()
    for (const id of find(root, [
      'identifier',
      'property_identifier',
      'type_identifier',
      'shorthand_property_identifier',
    ])) {
      // First occurrence per name: one finding per invented thing, not per use.
      if (
        !/mock|fake|dummy|sample/i.test(id.text) ||
        seen.has(id.text) ||
        !isPlaceholderDataName(id.text)
      )
        continue
      seen.add(id.text)
      report(id, 'identifier', { name: id.text })
    }
    for (const c of find(root, 'comment')) {
      if (COMMENT.test(c.text))
        report(c, 'comment', { text: c.text.replace(/^[#/*\s]+/, '').slice(0, 60) })
    }
  },
})
