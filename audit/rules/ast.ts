/**
 * @module Small syntax-tree helpers shared by the rules, over web-tree-sitter nodes for both the
 * TypeScript/TSX and Python grammars (node type names differ; helpers hide that where it matters).
 */
import type { Node, Tree } from 'web-tree-sitter'

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

interface Entry {
  n: Node
  s: number
  e: number
}

/**
 * Per-tree cache of nodes by type, filled lazily with one WASM traversal per type; rules then
 * query sub-trees by byte range instead of walking the tree again.
 */
const INDEXES = new WeakMap<Tree, Map<string, Entry[]>>()

/** Enables the per-type cache for `tree` (the engine calls it once per parsed file). */
export function indexTree(tree: Tree): void {
  INDEXES.set(tree, new Map())
}

/**
 * Types the rules ask for, fetched together in one traversal per file (descendantsOfType walks the
 * whole tree per call, so 40 separate queries cost 40 walks). Others are fetched on first use.
 */
const PREFETCH = [
  'arrow_function',
  'assignment',
  'attribute',
  'dictionary_comprehension',
  'float',
  'generator_expression',
  'integer',
  'number',
  'type',
  'assignment_expression',
  'augmented_assignment_expression',
  'binary_expression',
  'binary_operator',
  'boolean_operator',
  'call',
  'call_expression',
  'catch_clause',
  'class_declaration',
  'comment',
  'decorated_definition',
  'default_parameter',
  'dictionary',
  'except_clause',
  'export_statement',
  'for_statement',
  'function_declaration',
  'function_definition',
  'function_expression',
  'generator_function_declaration',
  'identifier',
  'if_statement',
  'import_from_statement',
  'import_statement',
  'keyword_argument',
  'lambda',
  'list_comprehension',
  'method_definition',
  'new_expression',
  'object',
  'optional_parameter',
  'pair',
  'property_identifier',
  'public_field_definition',
  'raise_statement',
  'required_parameter',
  'return_statement',
  'shorthand_property_identifier',
  'string_content',
  'string_fragment',
  'throw_statement',
  'try_statement',
  'type_identifier',
  'typed_default_parameter',
  'typed_parameter',
  'variable_declarator',
]

function prefetch(tree: Tree, idx: Map<string, Entry[]>): void {
  for (const t of PREFETCH) idx.set(t, [])
  for (const n of tree.rootNode.descendantsOfType(PREFETCH))
    idx.get(n.type)!.push({ n, s: n.startIndex, e: n.endIndex })
}

function bucket(tree: Tree, idx: Map<string, Entry[]>, type: string): Entry[] {
  if (idx.size === 0) prefetch(tree, idx)
  let list = idx.get(type)
  if (!list) {
    list = tree.rootNode.descendantsOfType(type).map((n) => ({ n, s: n.startIndex, e: n.endIndex }))
    idx.set(type, list)
  }
  return list
}

function slice(list: Entry[], start: number, end: number): Entry[] {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (list[mid]!.s < start) lo = mid + 1
    else hi = mid
  }
  const out: Entry[] = []
  for (let i = lo; i < list.length && list[i]!.s <= end; i++)
    if (list[i]!.e <= end) out.push(list[i]!)
  return out
}

/** Nodes of the given types under `root` (itself included), in source order. */
export function find(root: Node, types: string | string[]): Node[] {
  const idx = INDEXES.get(root.tree)
  if (!idx) return root.descendantsOfType(types)
  const list = typeof types === 'string' ? [types] : types
  const start = root.startIndex
  const end = root.endIndex
  if (list.length === 1) return slice(bucket(root.tree, idx, list[0]!), start, end).map((x) => x.n)
  const all: Entry[] = []
  for (const t of list) for (const x of slice(bucket(root.tree, idx, t), start, end)) all.push(x)
  // Source order; an enclosing node (same start, later end) comes first, as in a pre-order walk.
  return all.sort((a, b) => a.s - b.s || b.e - a.e).map((x) => x.n)
}

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
