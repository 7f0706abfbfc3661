/**
 * @module analytics/hardcoded-metrics: metric objects with literal numbers returned from handlers or
 * metric functions (`{"win_rate": 0.67, "sharpe_ratio": 1.8}`). Zeros and nulls for "no data" are
 * honest defaults and pass; two or more non-zero literal metrics are invented results.
 */
import type { Node } from 'web-tree-sitter'
import { calleeName, find, stringValue, words } from '../ast.ts'
import { defineRule } from '../define-rule.ts'
import { servingFunctions } from '../scope.ts'

const METRIC_WORDS = new Set([
  'rate',
  'sharpe',
  'sortino',
  'calmar',
  'return',
  'returns',
  'drawdown',
  'pnl',
  'profit',
  'roi',
  'accuracy',
  'volatility',
  'expectancy',
  'uptime',
  'latency',
  'trades',
  'win',
  'wins',
  'losses',
  'factor',
  'balance',
  'equity',
  'volume',
  'score',
  'confidence',
  'apy',
  'apr',
])

function isNonZeroLiteral(v: Node | null): boolean {
  if (!v) return false
  if (v.type === 'number' || v.type === 'integer' || v.type === 'float')
    return Number(v.text.replace(/_/g, '')) !== 0
  if (v.type === 'unary_expression' || v.type === 'unary_operator')
    return isNonZeroLiteral(v.namedChildren[0] ?? null)
  const s = stringValue(v)
  return s !== null && /^-?\d+(?:\.\d+)?%?$/.test(s) && Number(s.replace('%', '')) !== 0
}

function metricPairs(obj: Node): number {
  let n = 0
  for (const p of obj.namedChildren) {
    if (p.type !== 'pair') continue
    const key = p.childForFieldName('key')
    const name = stringValue(key) ?? key?.text ?? ''
    if (
      words(name).some((w) => METRIC_WORDS.has(w)) &&
      isNonZeroLiteral(p.childForFieldName('value'))
    )
      n++
  }
  return n
}

export default defineRule({
  meta: {
    id: 'analytics/hardcoded-metrics',
    title: 'Hard-coded metric values returned to clients',
    category: 'analytics',
    severity: 'high',
    languages: ['ts', 'python'],
    rationale:
      "The seed's bot performance route returned a fixed win rate and Sharpe ratio for every bot; users made decisions on numbers nobody computed.",
    remediation:
      'Compute metrics from persisted fills (see the analytics definitions) and return null where a metric is undefined.',
    docsUrl: 'audit/rules/README.md#analyticshardcoded-metrics',
    messages: { literal: 'response object with {{count}} hard-coded metric values' },
  },
  check({ file, report }) {
    for (const fn of servingFunctions(file.tree.rootNode)) {
      const outputs = [
        ...find(fn, 'return_statement'),
        ...find(fn, ['call_expression', 'call']).filter(
          (c) =>
            /json|JSONResponse|send/i.test(c.text.slice(0, 80)) &&
            /^(?:json|JSONResponse|send)$/.test(calleeName(c))
        ),
        ...(fn.childForFieldName('body')?.type === 'parenthesized_expression' ||
        fn.childForFieldName('body')?.type === 'object'
          ? [fn.childForFieldName('body')!]
          : []),
      ]
      const seen = new Set<number>()
      for (const out of outputs) {
        for (const obj of find(out, ['object', 'dictionary']).concat(
          out.type === 'object' ? [out] : []
        )) {
          const count = metricPairs(obj)
          if (count >= 2 && !seen.has(obj.id)) {
            seen.add(obj.id)
            report(obj, 'literal', { count: String(count) })
          }
        }
      }
    }
  },
})
