/**
 * @module code-health/stub-body: functions that only `pass`, `...` or raise "not implemented" in
 * production code. Abstract methods, protocols, overload signatures and base classes meant to be
 * subclassed are interfaces, not stubs, and are left alone.
 */
import type { Node } from 'web-tree-sitter'
import { ancestor, callArgs, find, isFunction, stringValue } from '../ast.ts'
import { defineRule } from '../define-rule.ts'

const NOT_IMPLEMENTED_MSG = /not (?:yet )?implemented|unimplemented|^todo\b/i

function decorators(fn: Node): string[] {
  const d = fn.parent?.type === 'decorated_definition' ? fn.parent : null
  return d ? d.namedChildren.filter((c) => c.type === 'decorator').map((c) => c.text) : []
}

/** Interface-like context: abstract method, protocol/ABC class, `Base*` template class, overload. */
function isInterface(fn: Node): boolean {
  if (decorators(fn).some((d) => /abstract|overload/.test(d))) return true
  const cls = ancestor(fn, (a) => a.type === 'class_definition')
  if (!cls) return false
  const name = cls.childForFieldName('name')?.text ?? ''
  const bases = cls.childForFieldName('superclasses')?.text ?? ''
  return (
    /^(?:Base|Abstract)|(?:Base|Interface|Protocol|ABC)$/.test(name) ||
    /\b(?:ABC|Protocol|ABCMeta)\b/.test(bases)
  )
}

function isStubBody(body: Node): boolean {
  const stmts = body.namedChildren.filter((c) => c.type !== 'comment')
  const rest =
    stmts[0]?.type === 'expression_statement' && stmts[0].firstNamedChild?.type === 'string'
      ? stmts.slice(1)
      : stmts
  return (
    rest.length === 1 &&
    (rest[0]!.type === 'pass_statement' ||
      (rest[0]!.type === 'expression_statement' && rest[0]!.firstNamedChild?.type === 'ellipsis'))
  )
}

export default defineRule({
  meta: {
    id: 'code-health/stub-body',
    title: 'Stub bodies in production code',
    category: 'code-health',
    severity: 'medium',
    languages: ['ts', 'python'],
    rationale:
      'A function that only passes or raises "not implemented" in a production path makes the feature ' +
      'that calls it silently do nothing, or fail only when a user reaches it.',
    remediation:
      'Implement the function, or remove it and the route that reaches it until it exists.',
    docsUrl: 'audit/rules/README.md#code-healthstub-body',
    messages: {
      pass: 'function {{name}} has only a placeholder body',
      notImplemented: '{{name}} raises "not implemented"',
    },
  },
  check({ file, report }) {
    const root = file.tree.rootNode
    if (file.language === 'python') {
      for (const fn of find(root, 'function_definition')) {
        const body = fn.childForFieldName('body')
        const name = fn.childForFieldName('name')?.text ?? '?'
        if (body && isStubBody(body) && !isInterface(fn)) report(fn, 'pass', { name })
      }
      for (const r of find(root, 'raise_statement')) {
        if (!/^NotImplementedError\b/.test(r.namedChildren[0]?.text ?? '')) continue
        const fn = ancestor(r, isFunction)
        if (fn && isInterface(fn)) continue
        report(r, 'notImplemented', { name: fn?.childForFieldName('name')?.text ?? 'module code' })
      }
      return
    }
    for (const t of find(root, 'throw_statement')) {
      const ex = t.namedChildren[0]
      if (ex?.type !== 'new_expression') continue
      const msg = stringValue(callArgs(ex)[0])
      if (msg && NOT_IMPLEMENTED_MSG.test(msg)) {
        const fn = ancestor(t, isFunction)
        report(t, 'notImplemented', { name: fn?.childForFieldName('name')?.text ?? 'function' })
      }
    }
  },
})
