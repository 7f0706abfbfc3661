/**
 * @module Node lookup by type for the rules: a per-file cache filled by one tree traversal for the
 * types rules ask for, then answered for any sub-tree by byte range.
 */
import type { Node, Tree } from 'web-tree-sitter'

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
