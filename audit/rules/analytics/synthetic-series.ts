/**
 * @module analytics/synthetic-series: data series invented inside route handlers or metric functions:
 * loops that compute values from the loop index (`100 + i * 2.5`, `sin(i / 7)`) or draw random
 * numbers. A deterministic synthetic venue kept outside request handlers and gated by configuration
 * is not judged here.
 */
import type { Node } from 'web-tree-sitter'
import { callArgs, calleeText, find, lastName } from '../ast.ts'
import { defineRule } from '../define-rule.ts'
import { servingFunctions } from '../scope.ts'

const RANDOM =
  /^(?:random\.(?:random|uniform|randint|gauss|normalvariate|choice|choices|randrange)|np\.random\.\w+|numpy\.random\.\w+|Math\.random|faker\.\w+|fake\.\w+)$/
const SCALE_OPS = new Set(['*', '/', '**'])

/** Loop index variables with the loop (or callback) body they range over. */
function indexedBodies(fn: Node): { index: string; body: Node }[] {
  const out: { index: string; body: Node }[] = []
  for (const f of find(fn, 'for_statement')) {
    const left = f.childForFieldName('left')
    const right = f.childForFieldName('right')
    const body = f.childForFieldName('body')
    if (
      left?.type === 'identifier' &&
      right?.type === 'call' &&
      calleeText(right) === 'range' &&
      body
    )
      out.push({ index: left.text, body })
    const init = f.childForFieldName('initializer')
    const decl = init && find(init, 'variable_declarator')[0]
    if (decl && body) out.push({ index: decl.childForFieldName('name')?.text ?? '', body })
  }
  for (const comp of find(fn, [
    'list_comprehension',
    'generator_expression',
    'dictionary_comprehension',
  ])) {
    const clause = comp.namedChildren.find((c) => c.type === 'for_in_clause')
    const right = clause?.childForFieldName('right')
    const left = clause?.childForFieldName('left')
    const body = comp.childForFieldName('body')
    if (left && right?.type === 'call' && calleeText(right) === 'range' && body)
      out.push({ index: left.text, body })
  }
  for (const c of find(fn, 'call_expression')) {
    if (!c.text.startsWith('Array.from') || !/^Array\.from$/.test(calleeText(c))) continue
    const cb = callArgs(c)[1]
    const params = cb?.childForFieldName('parameters')?.namedChildren ?? []
    const idx = params[1]?.childForFieldName('pattern') ?? params[1]
    const body = cb?.childForFieldName('body')
    if (idx && body) out.push({ index: idx.text, body })
  }
  return out
}

const unwrap = (n: Node | null): Node | null =>
  n?.type === 'parenthesized_expression' ? unwrap(n.namedChildren[0] ?? null) : n
const isNum = (n: Node | null) =>
  !!n && (n.type === 'number' || n.type === 'integer' || n.type === 'float')

/** `i * 2.5`, `i / 7`, `0.5 + i`-with-a-float: the loop index itself used as a value with a literal. */
function synthesizes(body: Node, index: string): Node | null {
  for (const b of find(body, ['binary_expression', 'binary_operator'])) {
    const op = b.childForFieldName('operator')?.text ?? ''
    const l = unwrap(b.childForFieldName('left'))
    const r = unwrap(b.childForFieldName('right'))
    const idx = (n: Node | null) => n?.type === 'identifier' && n.text === index
    const pair = (idx(l) && isNum(r)) || (idx(r) && isNum(l))
    if (pair && (SCALE_OPS.has(op) || /\./.test((idx(l) ? r : l)!.text))) return b
  }
  for (const c of find(body, ['call', 'call_expression'])) {
    if (
      /(?:^|\.)(?:sin|cos)$/.test(calleeText(c)) &&
      find(c, 'identifier').some((i) => i.text === index)
    )
      return c
  }
  return null
}

export default defineRule({
  meta: {
    id: 'analytics/synthetic-series',
    title: 'Synthetic data series in handlers',
    category: 'analytics',
    severity: 'high',
    languages: ['ts', 'python'],
    rationale:
      "The seed's win-rate and drawdown chart routes generated their series from the loop index and " +
      "random numbers: plausible-looking charts with no relation to the user's trades.",
    remediation:
      'Build series from persisted fills/trades (SQL aggregates), or return an empty series with a reason when there is no data.',
    docsUrl: 'audit/rules/README.md#analyticssynthetic-series',
    messages: {
      indexSeries: 'values computed from loop index {{index}}: {{text}}',
      random: 'random value {{call}}() in a response path',
    },
  },
  check({ file, report }) {
    for (const fn of servingFunctions(file.tree.rootNode)) {
      for (const { index, body } of indexedBodies(fn)) {
        if (!index) continue
        const hit = synthesizes(body, index)
        if (hit) report(hit, 'indexSeries', { index, text: hit.text.slice(0, 40) })
      }
      for (const c of find(fn, ['call', 'call_expression'])) {
        if (!/random|faker|fake\./i.test(c.text.slice(0, 40))) continue
        if (
          RANDOM.test(calleeText(c)) &&
          !/(?:jitter|backoff|delay|sleep)/i.test(lastName(c.parent ?? c) + (c.parent?.text ?? ''))
        )
          report(c, 'random', { call: calleeText(c) })
      }
    }
  },
})
