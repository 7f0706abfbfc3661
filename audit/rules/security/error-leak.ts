/**
 * @module security/error-leak: exception text or stack traces sent to clients (`detail=str(e)`,
 * `c.json({ error: err.stack })`, `traceback.format_exc()` in a response). Handlers for one specific
 * exception type (`except ValueError`, `if (e instanceof Invalid)`) return domain messages meant for
 * clients and are left alone; broad handlers and `onError` are not.
 */
import type { Node } from 'web-tree-sitter'
import { ancestor, callArgs, calleeName, calleeText, find, handlerBody } from '../ast.ts'
import { defineRule } from '../define-rule.ts'

const PY_RESPONSES = new Set([
  'HTTPException',
  'JSONResponse',
  'PlainTextResponse',
  'HTMLResponse',
  'Response',
  'jsonify',
  'make_response',
])
const TS_RESPONSE_METHODS = new Set(['json', 'text', 'send', 'html', 'body', 'end'])
const TS_RESPONDERS = /^(?:c|ctx|context|res|response|reply)$/
const STACK = /traceback\.format_exc|format_exception|print_exc|\.stack\b/

interface Scope {
  body: Node
  errName: string
}

function pyScopes(root: Node): Scope[] {
  const out: Scope[] = []
  for (const h of find(root, 'except_clause')) {
    const header = h.text.split('\n')[0] ?? ''
    const broad =
      /^except\s*(?:\(?\s*(?:Exception|BaseException)\b|:|\s+as\b)/.test(header) ||
      /^except\s*:/.test(header)
    const alias = /\bas\s+([A-Za-z_]\w*)\s*:/.exec(header)?.[1] ?? ''
    const body = handlerBody(h)
    if (broad && body) out.push({ body, errName: alias })
  }
  return out
}

function tsScopes(root: Node): Scope[] {
  const out: Scope[] = []
  for (const h of find(root, 'catch_clause')) {
    const body = handlerBody(h)
    const p = h.childForFieldName('parameter')
    if (body) out.push({ body, errName: p?.type === 'identifier' ? p.text : '' })
  }
  for (const c of find(root, 'call_expression')) {
    if (calleeName(c) !== 'onError') continue
    const fn = callArgs(c)[0]
    const params = fn?.childForFieldName('parameters')?.namedChildren ?? []
    const first = params[0]?.childForFieldName('pattern') ?? params[0]
    const body = fn?.childForFieldName('body')
    if (body && first) out.push({ body, errName: first.text })
  }
  return out
}

function isResponse(n: Node, python: boolean): boolean {
  if (python)
    return (n.type === 'call' && PY_RESPONSES.has(calleeName(n))) || n.type === 'return_statement'
  if (n.type === 'new_expression')
    return /^(?:Response|HTTPException)$/.test(n.childForFieldName('constructor')?.text ?? '')
  if (n.type !== 'call_expression') return false
  const fn = calleeText(n)
  if (fn === 'Response.json') return true
  const method = calleeName(n)
  const receiver = fn
    .slice(0, Math.max(0, fn.length - method.length - 1))
    .replace(/\.status\(.*\)$/s, '')
  return TS_RESPONSE_METHODS.has(method) && TS_RESPONDERS.test(receiver)
}

function leaks(resp: Node, errName: string): boolean {
  if (STACK.test(resp.text) && /traceback|stack/.test(resp.text)) return true
  if (!errName) return false
  return find(resp, 'identifier').some((i) => i.text === errName && exposed(i, resp))
}

const STRINGIFY = /^(?:str|repr|String|format|JSON\.stringify|inspect)$/

/**
 * The error reaches the body as text: `e`, `e.message`, `str(e)`, `${e}`. Passed to another
 * function (`toProblem(err)`) it may be mapped to a safe body, so that is not counted.
 */
function exposed(id: Node, resp: Node): boolean {
  let n: Node = id
  for (let p = id.parent; p && n.id !== resp.id; n = p, p = p.parent) {
    if (p.type === 'member_expression' || p.type === 'attribute') continue
    if (p.type === 'arguments' || p.type === 'argument_list') {
      const call = p.parent
      if (!call || call.id === resp.id) return true
      if (STRINGIFY.test(calleeText(call))) continue
      return false
    }
  }
  return true
}

function narrowed(n: Node, scope: Node): boolean {
  for (let a = n.parent; a && a.id !== scope.id; a = a.parent) {
    if (
      a.type === 'if_statement' &&
      /instanceof|isinstance/.test(a.childForFieldName('condition')?.text ?? '')
    )
      return true
  }
  return false
}

export default defineRule({
  meta: {
    id: 'security/error-leak',
    title: 'Exception text or stack traces in responses',
    category: 'security',
    severity: 'high',
    languages: ['ts', 'python'],
    rationale:
      'Exception messages and stacks reveal SQL, file paths, library versions and sometimes secrets; ' +
      'clients should get a stable problem type and a request id, operators the details in the logs.',
    remediation:
      'Log the exception with the request id and answer a generic RFC 9457 problem (500 "internal error") without its message or stack.',
    docsUrl: 'audit/rules/README.md#securityerror-leak',
    messages: { leak: 'response includes exception {{what}}' },
  },
  check({ file, report }) {
    const python = file.language === 'python'
    const root = file.tree.rootNode
    for (const { body, errName } of python ? pyScopes(root) : tsScopes(root)) {
      for (const r of find(
        body,
        python ? ['call', 'return_statement'] : ['call_expression', 'new_expression']
      )) {
        if (!isResponse(r, python) || !leaks(r, errName) || narrowed(r, body)) continue
        if (python && r.type === 'return_statement' && !/\{|str\(|repr\(|f["']/.test(r.text))
          continue
        if (
          ancestor(
            r,
            (a) =>
              isResponse(a, python) &&
              leaks(a, errName) &&
              a.id !== r.id &&
              body.id !== a.id &&
              !!ancestor(a, (x) => x.id === body.id)
          )
        )
          continue
        report(r, 'leak', { what: /stack|traceback/.test(r.text) ? 'stack trace' : 'text' })
      }
    }
  },
})
