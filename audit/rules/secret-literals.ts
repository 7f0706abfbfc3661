/**
 * @module Where a secret can be written as a literal: assignments, fields, object keys, keyword
 * arguments and parameter defaults, plus env reads with a fallback (`os.getenv("X", "…")`,
 * `process.env.X ?? "…"`, pydantic `Field(default="…")`). Shared by the secret rules.
 */
import type { Node } from 'web-tree-sitter'
import { callArgs, calleeName, calleeText, kwarg, lastName, stringValue } from './ast.ts'

export interface LiteralBinding {
  /** The name the value is bound to (variable, field, key, env var). */
  name: string
  value: string
  node: Node
}

const BINDING_TYPES = [
  'variable_declarator',
  'assignment_expression',
  'public_field_definition',
  'pair',
  'required_parameter',
  'optional_parameter',
  'assignment',
  'keyword_argument',
  'default_parameter',
  'typed_default_parameter',
]
export { BINDING_TYPES }

const unquote = (s: string) => s.replace(/^["'`]|["'`]$/g, '')

/** Env reads with a literal fallback: returns [envName, fallbackNode]. */
export function envFallback(n: Node): [string, Node] | null {
  if (n.type === 'call' || n.type === 'call_expression') {
    const fn = calleeText(n)
    if (/^(?:os\.getenv|os\.environ\.get|environ\.get|getenv|env\.str|env)$/.test(fn)) {
      const args = callArgs(n)
      const name = stringValue(args[0])
      const fb = kwarg(n, 'default') ?? args[1]
      if (name && fb) return [name, fb]
    }
    if (calleeName(n) === 'Field' || fn === 'SecretStr') {
      const fb = kwarg(n, 'default') ?? callArgs(n).find((a) => a.type !== 'keyword_argument')
      if (fb) return ['', fb]
    }
  }
  if (
    n.type === 'binary_expression' &&
    /^(?:\?\?|\|\|)$/.test(n.childForFieldName('operator')?.text ?? '')
  ) {
    const left = n.childForFieldName('left')
    const right = n.childForFieldName('right')
    const m = left && /^(?:process\.env|Deno\.env|env)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(left.text)
    if (m?.[1] && right) return [m[1], right]
  }
  return null
}

/** Name and literal value bound by a binding node, following one env-fallback level. */
export function literalBinding(b: Node): LiteralBinding | null {
  const nameNode =
    b.childForFieldName('name') ??
    b.childForFieldName('left') ??
    b.childForFieldName('key') ??
    b.childForFieldName('pattern')
  let valueNode = b.childForFieldName('value') ?? b.childForFieldName('right')
  if (!nameNode || !valueNode) return null
  let name =
    nameNode.type === 'string'
      ? (stringValue(nameNode) ?? '')
      : lastName(nameNode) || unquote(nameNode.text)
  const fb = envFallback(valueNode)
  if (fb) {
    name = fb[0] || name
    valueNode = fb[1]
  }
  const value = stringValue(valueNode)
  return value === null ? null : { name, value, node: valueNode }
}
