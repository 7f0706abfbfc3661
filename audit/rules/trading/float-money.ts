/**
 * @module trading/float-money: money handled as binary floats: `float(...)` on amounts or Decimals,
 * `float` annotations and `Float` columns on money fields (Python); arithmetic on money-named values
 * and `parseFloat` of them (TS, where Decimal objects cannot use operators, so an operator on money
 * means a JS number). Python operators are fine: they work on Decimals.
 */
import type { Node } from 'web-tree-sitter'
import { callArgs, calleeText, find, lastName } from '../ast.ts'
import { defineRule } from '../define-rule.ts'
import { isMoneyName } from '../lexicon.ts'

const MONEY_TEXT =
  /amount|price|balance|pnl|fee|cost|notional|qty|quantity|equity|profit|loss|proceeds|commission|margin|usd|collateral/i
const ARITH = new Set(['+', '-', '*', '/', '%', '**'])
const NAME_TYPES = new Set(['identifier', 'member_expression', 'attribute', 'subscript_expression'])

function moneyOperand(n: Node | null): boolean {
  if (!n) return false
  if (n.type === 'parenthesized_expression') return moneyOperand(n.namedChildren[0] ?? null)
  if (n.type === 'call_expression' && /^(?:parseFloat|Number)$/.test(calleeText(n)))
    return moneyOperand(callArgs(n)[0] ?? null)
  if (!NAME_TYPES.has(n.type)) return false
  const name =
    n.type === 'subscript_expression' ? lastName(n.childForFieldName('object')!) : lastName(n)
  return isMoneyName(name)
}

const isStringy = (n: Node | null) => !!n && /^(?:string|template_string)$/.test(n.type)

function pyFloatTarget(n: Node | null): string | null {
  if (!n) return null
  if (n.type === 'call' && calleeText(n).endsWith('Decimal')) return 'a Decimal'
  const name = NAME_TYPES.has(n.type) ? lastName(n) : ''
  return isMoneyName(name) ? name : null
}

export default defineRule({
  meta: {
    id: 'trading/float-money',
    title: 'Money as binary floats',
    category: 'trading',
    severity: 'high',
    languages: ['ts', 'python'],
    rationale:
      'Binary floats cannot represent 0.1; sums of prices, fees and PnL drift and comparisons against ' +
      'limits flip. Exchanges and ledgers work in exact decimals.',
    remediation:
      'Keep money in Decimal (decimal.js in TS, decimal.Decimal in Python), numeric(36,18) in the database and strings in JSON.',
    docsUrl: 'audit/rules/README.md#tradingfloat-money',
    messages: {
      floatCall: 'float() applied to {{name}}',
      floatType: '{{name}} is declared as a float',
      arithmetic: 'floating-point arithmetic on {{name}}',
      parse: 'parseFloat() of {{name}}',
    },
  },
  check({ file, report }) {
    const root = file.tree.rootNode
    if (file.language === 'python') {
      for (const c of find(root, 'call')) {
        if (calleeText(c) !== 'float') continue
        const target = pyFloatTarget(callArgs(c)[0] ?? null)
        if (target) report(c, 'floatCall', { name: target })
      }
      for (const n of find(root, ['assignment', 'typed_parameter', 'typed_default_parameter'])) {
        const type = n.childForFieldName('type')
        const name =
          n.type === 'assignment'
            ? lastName(n.childForFieldName('left')!)
            : ((n.childForFieldName('name') ?? n.namedChildren[0])?.text ?? '')
        if (
          type &&
          /^(?:Optional\[)?float\]?$|^float\s*\|\s*None$/.test(type.text) &&
          isMoneyName(name)
        )
          report(n, 'floatType', { name })
        const right = n.type === 'assignment' ? n.childForFieldName('right') : null
        if (
          right?.type === 'call' &&
          /(?:^|\.)(?:Column|mapped_column)$/.test(calleeText(right)) &&
          /\bFloat\b/.test(right.text) &&
          isMoneyName(name)
        ) {
          report(n, 'floatType', { name })
        }
      }
      return
    }
    for (const b of find(root, ['binary_expression', 'augmented_assignment_expression'])) {
      if (!MONEY_TEXT.test(b.text)) continue
      const op = (b.childForFieldName('operator')?.text ?? '').replace(/=$/, '')
      if (!ARITH.has(op)) continue
      const left = b.childForFieldName('left')
      const right = b.childForFieldName('right')
      if (isStringy(left) || isStringy(right)) continue
      const hit = moneyOperand(left) ? left : moneyOperand(right) ? right : null
      if (hit && b.parent?.type !== 'binary_expression')
        report(b, 'arithmetic', { name: hit.text.slice(0, 40) })
    }
    for (const c of find(root, 'call_expression')) {
      if (calleeText(c) !== 'parseFloat') continue
      const arg = callArgs(c)[0] ?? null
      if (arg && NAME_TYPES.has(arg.type) && isMoneyName(lastName(arg)))
        report(c, 'parse', { name: arg.text.slice(0, 40) })
    }
  },
})
