/**
 * @module Small syntax-tree helpers shared by the rules, over web-tree-sitter nodes for both the
 * TypeScript/TSX and Python grammars (node type names differ; helpers hide that where it matters).
 */
import type { Node } from 'web-tree-sitter'

export { find, indexTree } from './node-index.ts'

export const lineOf = (n: Node): number => n.startPosition.row + 1

const FUNCTION_TYPES = new Set([
  'function_declaration',
  'function_expression',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'generator_function',
  'function_definition',
  'lambda',
])
export const isFunction = (n: Node): boolean => FUNCTION_TYPES.has(n.type)

export function ancestor(n: Node, pred: (a: Node) => boolean, stopAtFunction = false): Node | null {
  for (let a = n.parent; a; a = a.parent) {
    if (pred(a)) return a
    if (stopAtFunction && isFunction(a)) return null
  }
  return null
}

export const enclosingFunction = (n: Node): Node | null => ancestor(n, isFunction)

/** The name a function is known by: its own name, or the variable/property/key it is assigned to. */
export function functionName(fn: Node): string {
  const own = fn.childForFieldName('name')
  if (own) return own.text
  const p = fn.parent
  if (!p) return ''
  if (
    p.type === 'variable_declarator' ||
    p.type === 'pair' ||
    p.type === 'public_field_definition'
  ) {
    return (p.childForFieldName('name') ?? p.childForFieldName('key'))?.text ?? ''
  }
  if (p.type === 'assignment_expression') return p.childForFieldName('left')?.text ?? ''
  return ''
}

/** Literal string contents (no interpolation), or null for anything else. */
export function stringValue(n: Node | null | undefined): string | null {
  if (!n) return null
  if (n.type === 'string') {
    if (n.namedChildren.some((c) => c.type === 'interpolation')) return null
    const prefix = n.children[0]?.type === 'string_start' ? n.children[0].text : ''
    if (/[fF]/.test(prefix))
      return n.namedChildren.some((c) => c.type === 'interpolation') ? null : innerText(n)
    return innerText(n)
  }
  if (
    n.type === 'template_string' &&
    !n.namedChildren.some((c) => c.type === 'template_substitution')
  ) {
    return n.text.slice(1, -1)
  }
  if (n.type === 'concatenated_string') {
    const parts = n.namedChildren.map((c) => stringValue(c))
    return parts.every((p) => p !== null) ? parts.join('') : null
  }
  return null
}

function innerText(n: Node): string {
  return n.namedChildren
    .filter(
      (c) =>
        c.type === 'string_fragment' || c.type === 'string_content' || c.type === 'escape_sequence'
    )
    .map((c) => c.text)
    .join('')
}

export const isString = (n: Node | null | undefined): boolean =>
  !!n && (n.type === 'string' || n.type === 'template_string' || n.type === 'concatenated_string')

/** `a.b.c(...)` → `a.b.c`; `f(...)` → `f`. */
export function calleeText(call: Node): string {
  return call.childForFieldName('function')?.text ?? ''
}

/** Last name segment of the callee: `app.get(...)` → `get`. */
export function calleeName(call: Node): string {
  const fn = call.childForFieldName('function')
  if (!fn) return ''
  if (fn.type === 'member_expression') return fn.childForFieldName('property')?.text ?? ''
  if (fn.type === 'attribute') return fn.childForFieldName('attribute')?.text ?? ''
  return fn.text
}

/** Positional and keyword argument nodes of a call (TS `arguments`, Python `argument_list`). */
export function callArgs(call: Node): Node[] {
  const args = call.childForFieldName('arguments')
  return args ? args.namedChildren.filter((c) => c.type !== 'comment') : []
}

/** Python keyword argument value, `f(x, name=value)`. */
export function kwarg(call: Node, name: string): Node | null {
  for (const a of callArgs(call)) {
    if (a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name) {
      return a.childForFieldName('value')
    }
  }
  return null
}

/** `fooBarBaz`, `foo_bar_baz`, `FOO_BAR` → ['foo', 'bar', 'baz']. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase())
}

/** The identifier a property access or name ends with: `this.orders` → `orders`, `self._x` → `_x`. */
export function lastName(n: Node): string {
  if (n.type === 'member_expression') return n.childForFieldName('property')?.text ?? ''
  if (n.type === 'attribute') return n.childForFieldName('attribute')?.text ?? ''
  if (n.type === 'subscript_expression' || n.type === 'subscript') return ''
  return n.type === 'identifier' || n.type === 'property_identifier' ? n.text : ''
}

/** True when `n` is at module level (no enclosing function or class body). */
export function isTopLevel(n: Node): boolean {
  return !ancestor(
    n,
    (a) => isFunction(a) || a.type === 'class_body' || a.type === 'class_definition'
  )
}

/** Body statements of a try handler: TS `catch_clause` body or Python `except_clause` block. */
export function handlerBody(handler: Node): Node | null {
  if (handler.type === 'catch_clause') return handler.childForFieldName('body')
  return handler.namedChildren.find((c) => c.type === 'block') ?? null
}

/** The try body block. */
export const tryBody = (t: Node): Node | null => t.childForFieldName('body')

/** Catch/except handlers of a try statement. */
export function tryHandlers(t: Node): Node[] {
  if (t.type !== 'try_statement') return []
  const h = t.childForFieldName('handler')
  if (h) return [h]
  return t.namedChildren.filter(
    (c) => c.type === 'except_clause' || c.type === 'except_group_clause'
  )
}

/** First line of a node's text, trimmed to 160 chars: the evidence shown in reports. */
export function evidenceOf(text: string): string {
  const first = text.split('\n')[0]?.trim() ?? ''
  return first.length > 160 ? `${first.slice(0, 157)}...` : first
}
