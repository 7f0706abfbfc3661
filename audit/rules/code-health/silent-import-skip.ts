/**
 * @module code-health/silent-import-skip: routers or local modules imported inside a try whose
 * failure is swallowed, so the service starts without the feature and nobody notices. A handler
 * that imports a fallback or re-raises is fine; so is an optional third-party accelerator.
 */
import type { Node } from 'web-tree-sitter'
import {
  callArgs,
  calleeName,
  calleeText,
  find,
  handlerBody,
  stringValue,
  tryBody,
  tryHandlers,
} from '../ast.ts'
import { defineRule } from '../define-rule.ts'

const REGISTER_CALLS = new Set([
  'include_router',
  'register_blueprint',
  'mount',
  'add_api_route',
  'route',
  'use',
])
const ROUTE_MODULE =
  /(?:^|[./])(?:routes?|routers?|api|endpoints|views|handlers|controllers)(?:$|[./])/

function rethrows(body: Node): boolean {
  return find(body, ['raise_statement', 'throw_statement']).length > 0
}

function importsFallback(body: Node): boolean {
  return (
    find(body, ['import_statement', 'import_from_statement']).length > 0 ||
    find(body, 'call_expression').some(
      (c) => calleeText(c) === 'import' || calleeText(c) === 'require'
    )
  )
}

function importedModules(body: Node): { node: Node; module: string }[] {
  const out: { node: Node; module: string }[] = []
  for (const s of find(body, ['import_statement', 'import_from_statement'])) {
    const mod =
      s.type === 'import_from_statement'
        ? s.childForFieldName('module_name')?.text
        : s.childForFieldName('name')?.text
    if (mod) out.push({ node: s, module: mod })
  }
  for (const c of find(body, 'call_expression')) {
    const fn = calleeText(c)
    if (fn !== 'import' && fn !== 'require') continue
    const spec = stringValue(callArgs(c)[0])
    if (spec) out.push({ node: c, module: spec })
  }
  return out
}

export default defineRule({
  meta: {
    id: 'code-health/silent-import-skip',
    title: 'Routers silently skipped when an import fails',
    category: 'code-health',
    severity: 'high',
    languages: ['ts', 'python'],
    rationale:
      'Wrapping a router import in try/except and logging the error lets the service start without ' +
      'the routes; health checks stay green while a feature has vanished.',
    remediation:
      'Import routers unconditionally so a broken module stops start-up; keep try/except only for optional third-party accelerators with a fallback.',
    docsUrl: 'audit/rules/README.md#code-healthsilent-import-skip',
    messages: { skipped: 'import of {{module}} is skipped silently when it fails' },
  },
  check({ file, report }) {
    for (const t of find(file.tree.rootNode, 'try_statement')) {
      const body = tryBody(t)
      const handlers = tryHandlers(t)
      if (!body || handlers.length === 0) continue
      const imports = importedModules(body)
      if (imports.length === 0) continue
      const registers = find(body, ['call', 'call_expression']).some((c) =>
        REGISTER_CALLS.has(calleeName(c))
      )
      const swallowing = handlers.filter((h) => {
        const hb = handlerBody(h)
        return !hb || (!rethrows(hb) && !importsFallback(hb))
      })
      if (swallowing.length === 0) continue
      for (const { node, module } of imports) {
        const local = module.startsWith('.') || ROUTE_MODULE.test(module)
        if (registers || local) report(node, 'skipped', { module })
      }
    }
  },
})
