/**
 * @module monitoring/secret-in-log: log calls whose arguments carry a secret (password, token,
 * API key, private key) by name. A secret's length, presence, hash or redacted form is fine.
 */
import type { Node } from 'web-tree-sitter'
import { calleeName, calleeText, callArgs, find, lastName } from '../ast.ts'
import { defineRule } from '../define-rule.ts'
import { isSecretName } from '../lexicon.ts'

const LOG_METHODS = new Set([
  'log',
  'info',
  'debug',
  'warn',
  'warning',
  'error',
  'exception',
  'critical',
  'trace',
  'fatal',
])
const SAFE_WRAPPERS =
  /^(?:len|bool|type|str\.len|redact\w*|mask\w*|hash\w*|sha\d*\w*|fingerprint\w*|has\w*|is\w*|present|Boolean|typeof)$/i
const NAME_NODES = new Set([
  'identifier',
  'property_identifier',
  'shorthand_property_identifier',
  'member_expression',
  'attribute',
])

function isLogCall(call: Node): boolean {
  const fn = calleeText(call)
  if (fn === 'print') return true
  const method = calleeName(call)
  if (!LOG_METHODS.has(method)) return false
  const receiver = fn.slice(0, fn.length - method.length - 1)
  return /(?:^|\.)(?:console|logger|log|logging|_logger|_log|\w*[Ll]ogger)$/.test(receiver)
}

function wrappedSafely(n: Node, stop: Node): boolean {
  for (let a = n.parent; a; a = a.id === stop.id ? null : a.parent) {
    if ((a.type === 'call' || a.type === 'call_expression') && SAFE_WRAPPERS.test(calleeName(a)))
      return true
    if (a.type === 'unary_expression' && a.text.startsWith('typeof')) return true
    if (
      a.type === 'comparison_operator' ||
      (a.type === 'binary_expression' &&
        /[!=]==?/.test(a.childForFieldName('operator')?.text ?? ''))
    )
      return true
  }
  return false
}

/** Outermost name expressions in `root` (a.b.c counts once, as `c`) that name a secret. */
function secretRefs(root: Node): Node[] {
  const out: Node[] = []
  const visit = (n: Node) => {
    if (NAME_NODES.has(n.type)) {
      const p = n.parent
      const isObjectOfMember =
        p &&
        (p.type === 'member_expression' || p.type === 'attribute') &&
        p.childForFieldName('object')?.id === n.id
      const isCallee =
        p &&
        (p.type === 'call' || p.type === 'call_expression') &&
        p.childForFieldName('function')?.id === n.id
      const isKey = p?.type === 'pair' && p.childForFieldName('key')?.id === n.id
      const name = n.type === 'shorthand_property_identifier' ? n.text : lastName(n)
      if (!isObjectOfMember && !isCallee && !isKey && isSecretName(name) && !wrappedSafely(n, root))
        out.push(n)
      if (n.type === 'member_expression' || n.type === 'attribute') return
    }
    if (n.type === 'pair' || n.type === 'keyword_argument') {
      const key = n.childForFieldName('key') ?? n.childForFieldName('name')
      const value = n.childForFieldName('value')
      const keyName = key?.text.replace(/^["']|["']$/g, '') ?? ''
      const literal =
        !value ||
        /^(?:string|true|false|none|null|number|integer|template_string)$/.test(value.type)
      if (isSecretName(keyName) && !literal && value && !wrappedSafely(value, root)) {
        out.push(n)
        return
      }
    }
    for (const c of n.namedChildren) visit(c)
  }
  visit(root)
  return out
}

export default defineRule({
  meta: {
    id: 'monitoring/secret-in-log',
    title: 'Secrets written to logs',
    category: 'monitoring',
    severity: 'high',
    languages: ['ts', 'python'],
    rationale:
      'Logs are shipped, retained and read widely; a password, token or API key in a log line is a leaked credential.',
    remediation:
      'Log an identifier, a fingerprint or "[redacted]" instead of the secret; add the field to the logger\'s redaction list.',
    docsUrl: 'audit/rules/README.md#monitoringsecret-in-log',
    messages: { secret: 'log call includes secret-like value {{name}}' },
  },
  check({ file, report }) {
    for (const c of find(file.tree.rootNode, ['call', 'call_expression'])) {
      if (
        !/print|console|log/i.test(c.text.slice(0, c.text.indexOf('(') + 1 || 40)) ||
        !isLogCall(c)
      )
        continue
      for (const a of callArgs(c)) {
        for (const ref of secretRefs(a))
          report(ref, 'secret', { name: ref.text.split('\n')[0]!.slice(0, 40) })
      }
    }
  },
})
