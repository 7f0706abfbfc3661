/**
 * @module persistence/in-memory-store: critical records (users, keys, orders, trades, KYC, signals,
 * subscriptions, sessions …) kept in module-level or instance dicts/Maps/lists. Such state is lost on
 * restart and differs between instances. Caches and in-flight bookkeeping are named as such and pass.
 */
import type { Node } from 'web-tree-sitter'
import { ancestor, callArgs, calleeText, find, isTopLevel, lastName, words } from '../ast.ts'
import { defineRule } from '../define-rule.ts'
import { CRITICAL_DATA_WORDS } from '../lexicon.ts'

const NOT_STORE = new Set([
  'cache',
  'cached',
  'memo',
  'lru',
  'seen',
  'inflight',
  'pending',
  'queue',
  'buffer',
  'locks',
  'timers',
  'listeners',
  'handlers',
  'callbacks',
  'schema',
  'schemas',
  'types',
  'fields',
  'columns',
  'routes',
])
/** Cheap text pre-filter: the binding ends in an empty container. */
const EMPTY_TEXT =
  /(?:\{\s*\}|\[\s*\]|new (?:Map|Set|WeakMap)\b[^(]*\(\s*(?:\[\s*\])?\s*\)|\b(?:dict|list|set|defaultdict|OrderedDict|deque)\([^)]*\))\s*(?:as [^\n]+|satisfies [^\n]+)?;?$/
const EMPTY_CONTAINER_CALL = /^(?:dict|list|set|defaultdict|OrderedDict|deque|collections\.\w+)$/

function isEmptyContainer(v: Node | null): boolean {
  if (!v) return false
  if (
    v.type === 'dictionary' ||
    v.type === 'list' ||
    v.type === 'object' ||
    v.type === 'array' ||
    v.type === 'set'
  ) {
    return v.namedChildren.filter((c) => c.type !== 'comment').length === 0
  }
  if (v.type === 'new_expression') {
    const args = callArgs(v)
    const emptyArgs = args.length === 0 || (args.length === 1 && /^\[\s*\]$/.test(args[0]!.text))
    return emptyArgs && /^(?:Map|Set|WeakMap)$/.test(v.childForFieldName('constructor')?.text ?? '')
  }
  if (v.type === 'call') return EMPTY_CONTAINER_CALL.test(calleeText(v))
  if (v.type === 'as_expression' || v.type === 'satisfies_expression')
    return isEmptyContainer(v.namedChildren[0] ?? null)
  return false
}

export function isCriticalStoreName(name: string): boolean {
  const w = words(name)
  if (w.some((x) => NOT_STORE.has(x))) return false
  const flat = w.join('')
  return w.some((x) => CRITICAL_DATA_WORDS.has(x)) || /apikey|exchangekey|privatekey/.test(flat)
}

export default defineRule({
  meta: {
    id: 'persistence/in-memory-store',
    title: 'Critical data kept in process memory',
    category: 'persistence',
    severity: 'critical',
    languages: ['ts', 'python'],
    rationale:
      'The seed kept API keys and marketplace signals in module-level dicts: a restart loses them and two ' +
      'instances disagree. Money-adjacent records must be durable and shared.',
    remediation:
      'Store the records in the database through a repository (drizzle/SQLAlchemy) injected into the service.',
    docsUrl: 'audit/rules/README.md#persistencein-memory-store',
    messages: {
      moduleStore: 'module-level {{name}} holds critical records in memory',
      instanceStore: '{{name}} is an in-memory store of critical records',
    },
  },
  check({ file, report }) {
    const root = file.tree.rootNode
    for (const n of find(root, [
      'assignment',
      'variable_declarator',
      'public_field_definition',
      'assignment_expression',
    ])) {
      if (!EMPTY_TEXT.test(n.text)) continue
      const target = n.childForFieldName('left') ?? n.childForFieldName('name')
      const value = n.childForFieldName('right') ?? n.childForFieldName('value')
      if (!target || !isEmptyContainer(value)) continue
      const name = lastName(target) || target.text
      if (!isCriticalStoreName(name)) continue
      const self = /^(?:self|this|cls)\./.test(target.text)
      if (
        n.type === 'public_field_definition' ||
        (self && ancestor(n, (a) => a.type === 'class_definition' || a.type === 'class_body'))
      ) {
        report(n, 'instanceStore', { name: target.text })
      } else if (
        isTopLevel(n) ||
        (n.type === 'assignment' &&
          ancestor(n, (a) => a.type === 'class_definition') &&
          !ancestor(n, (a) => a.type === 'function_definition'))
      ) {
        report(n, 'moduleStore', { name })
      }
    }
  },
})
