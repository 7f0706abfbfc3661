/**
 * @module monitoring/console-logging: `print` / `console.*` in production code instead of the
 * structured logger. The logger module itself (a file named like `logger`/`logging`/`log`, or code
 * inside a function or class whose name says it is a logger) is where console output belongs.
 */
import type { Node } from 'web-tree-sitter'
import { ancestor, calleeText, find, functionName, isFunction } from '../ast.ts'
import { defineRule } from '../define-rule.ts'

const CONSOLE = /^console\.(?:log|info|debug|warn|error|trace|dir|table)$/
const LOGGER_FILE = /(?:^|[-_.])log(?:ger|ging|s)?(?:[-_.]|$)/i

function insideLogger(n: Node): boolean {
  return !!ancestor(n, (a) => {
    const name = isFunction(a)
      ? functionName(a)
      : a.type === 'class_declaration'
        ? (a.childForFieldName('name')?.text ?? '')
        : ''
    return /log(?:ger|ging)?|sink|transport/i.test(name)
  })
}

function underMainGuard(n: Node): boolean {
  return !!ancestor(
    n,
    (a) =>
      a.type === 'if_statement' &&
      /__name__\s*==\s*["']__main__["']/.test(a.childForFieldName('condition')?.text ?? '')
  )
}

export default defineRule({
  meta: {
    id: 'monitoring/console-logging',
    title: 'print/console instead of the logger',
    category: 'monitoring',
    severity: 'low',
    languages: ['ts', 'python'],
    rationale:
      'Ad-hoc prints bypass log levels, request ids and secret redaction, and are lost or unparseable ' +
      'in a JSON log pipeline; the seed replaced print() in one service and left it everywhere else.',
    remediation:
      'Log through the structured logger (one JSON object per line with the request id).',
    docsUrl: 'audit/rules/README.md#monitoringconsole-logging',
    messages: { console: '{{call}}() in production code instead of the logger' },
  },
  check({ file, report }) {
    const base = file.path.slice(file.path.lastIndexOf('/') + 1)
    if (LOGGER_FILE.test(base)) return
    for (const c of find(file.tree.rootNode, ['call', 'call_expression'])) {
      const fn = calleeText(c)
      if (
        file.language === 'python'
          ? fn !== 'print' || underMainGuard(c)
          : !CONSOLE.test(fn) || insideLogger(c)
      )
        continue
      report(c, 'console', { call: fn })
    }
  },
})
