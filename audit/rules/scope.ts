/**
 * @module Which functions serve data to clients: route handlers (FastAPI/Flask decorators, callbacks
 * registered with Hono/Express `x.get(path, …, handler)`) and functions named for metrics, charts or
 * performance. The mock-data rules judge only these, so a deterministic synthetic venue (gated
 * elsewhere) or a numeric helper is not mistaken for a fabricated response.
 */
import type { Node, Tree } from 'web-tree-sitter'
import { callArgs, calleeName, find, functionName, isFunction, stringValue } from './ast.ts'

const ROUTE_TEXT = /\.(?:get|post|put|patch|delete|all|route|api_route|websocket)\s*\(/
const ROUTE_METHODS = /^(?:get|post|put|patch|delete|all|route|api_route|websocket)$/
export const METRIC_FN =
  /metric|performance|chart|analytic|equity|drawdown|pnl|win_?rate|winrate|stats|statistic|summary|returns|curve|report|dashboard|leaderboard|analysis/i

function isRouteHandler(fn: Node): boolean {
  const p = fn.parent
  if (p?.type === 'decorated_definition') {
    return p.namedChildren.some(
      (d) =>
        d.type === 'decorator' &&
        d.namedChildren[0]?.type === 'call' &&
        ROUTE_METHODS.test(calleeName(d.namedChildren[0]))
    )
  }
  if (p?.type === 'arguments') {
    if (!ROUTE_TEXT.test(p.parent?.text.slice(0, 200) ?? '')) return false
    const call = p.parent
    if (call?.type !== 'call_expression' || !ROUTE_METHODS.test(calleeName(call))) return false
    const args = callArgs(call)
    return args.length >= 2 && stringValue(args[0]) !== null && args[args.length - 1]?.id === fn.id
  }
  return false
}

/** Memo per parsed tree: two rules ask for the same answer. */
const CACHE = new WeakMap<Tree, Node[]>()

/** Outermost functions in `root` (a file's root node) that are route handlers or metric producers. */
export function servingFunctions(root: Node): Node[] {
  const cached = CACHE.get(root.tree)
  if (cached) return cached
  const found = compute(root)
  CACHE.set(root.tree, found)
  return found
}

function compute(root: Node): Node[] {
  const all = find(root, [
    'function_definition',
    'function_declaration',
    'arrow_function',
    'function_expression',
    'method_definition',
  ])
  const hits = all.filter(
    (fn) => isFunction(fn) && (isRouteHandler(fn) || METRIC_FN.test(functionName(fn)))
  )
  // Outermost only: hits are in source order, so a nested one starts before the last kept one ends.
  const out: Node[] = []
  for (const fn of hits) {
    const last = out[out.length - 1]
    if (!last || fn.startIndex >= last.endIndex) out.push(fn)
  }
  return out
}
