/**
 * @module Route extraction for the auth-coverage rule: Hono/Express registrations (`x.get(path, …)`,
 * `x.use([path,] mw)`, `x.route(prefix, sub)`) and FastAPI/Flask decorators, `APIRouter(...)`
 * dependencies and `include_router(...)` mounts, as plain data per file.
 */
import type { Node } from 'web-tree-sitter'
import type { RepoFacts } from '../types.ts'
import { callArgs, calleeName, calleeText, find, kwarg, lineOf, stringValue } from './ast.ts'
import { resolvePy, resolveTs } from './resolve.ts'

export interface RouteInfo {
  method: string
  path: string
  router: string
  line: number
  evidence: string
  index: number
  authed: boolean
  isPublic: boolean
}
export interface UseInfo {
  router: string
  pattern: string | null
  index: number
}
export interface MountInfo {
  router: string
  prefix: string
  index: number
  authed: boolean
  file: string | null
  target: string | null
}
export interface FileRoutes {
  routes: RouteInfo[]
  authUses: UseInfo[]
  mounts: MountInfo[]
  prefixes: Record<string, string>
}

const TS_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'use', 'route'])
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'api_route', 'route'])
/** Middleware or dependency names that authenticate: requireAuth, jwt(), bearerAuth, get_current_user … */
export const AUTH_NAME =
  /auth|jwt|bearer|session|api_?key|require_?(?:user|role|scope|admin|login)|current_?user|permission|admin|protect|guard|step_?up|login_required|principal|passport|verify_?token/i
const PUBLIC_NAME = /^(?:public\w*|allow_?anonymous|anonymous|no_?auth|skip_?auth|unauthenticated)/i
const DOC_ONLY = /^(?:describeRoute|validator|vValidator|zValidator|sValidator|tValidator|openapi)$/
const DIRECTIVE = /(?:readiness|audit)\s*:\s*public/i

function chainRoot(n: Node): string {
  let cur: Node | null = n
  while (cur) {
    if (cur.type === 'identifier') return cur.text
    if (cur.type === 'call_expression') cur = cur.childForFieldName('function')
    else if (cur.type === 'member_expression') cur = cur.childForFieldName('object')
    else break
  }
  for (let a = n.parent; a; a = a.parent) {
    if (a.type === 'variable_declarator') return a.childForFieldName('name')?.text ?? '<anon>'
    if (a.type === 'export_statement') return '<default>'
  }
  return '<anon>'
}

function mwKind(arg: Node): 'auth' | 'public' | 'none' {
  const head =
    arg.type === 'call_expression'
      ? calleeText(arg)
      : arg.type === 'identifier' || arg.type === 'member_expression'
        ? arg.text
        : ''
  if (arg.type === 'call_expression' && DOC_ONLY.test(calleeName(arg))) {
    return calleeName(arg) === 'describeRoute' && /security\s*:\s*\[\s*\]/.test(arg.text)
      ? 'public'
      : 'none'
  }
  if (PUBLIC_NAME.test(head.split('.').pop() ?? '')) return 'public'
  // An inline middleware that delegates to an auth check (`async (c, next) => requireAuth(...)(c, next)`).
  if (arg.type === 'arrow_function' || arg.type === 'function_expression') {
    return find(arg, ['call_expression', 'identifier']).some((n) =>
      AUTH_NAME.test(n.type === 'identifier' ? n.text : calleeText(n))
    )
      ? 'auth'
      : 'none'
  }
  return AUTH_NAME.test(head) ? 'auth' : 'none'
}

function hasDirective(lines: string[], line: number): boolean {
  return DIRECTIVE.test(lines[line - 2] ?? '') || DIRECTIVE.test(lines[line - 1] ?? '')
}

function tsImports(facts: RepoFacts, path: string, root: Node): Map<string, string> {
  const out = new Map<string, string>()
  for (const s of find(root, 'import_statement')) {
    const target = resolveTs(facts, path, stringValue(s.childForFieldName('source')) ?? '')
    if (!target) continue
    for (const id of find(s, 'identifier')) out.set(id.text, target)
  }
  return out
}

export function extractTs(facts: RepoFacts, path: string, root: Node, lines: string[]): FileRoutes {
  const res: FileRoutes = { routes: [], authUses: [], mounts: [], prefixes: {} }
  const imports = tsImports(facts, path, root)
  for (const prop of find(root, 'property_identifier')) {
    if (!TS_METHODS.has(prop.text)) continue
    const fn = prop.parent
    const c = fn?.parent
    if (
      fn?.type !== 'member_expression' ||
      c?.type !== 'call_expression' ||
      c.childForFieldName('function')?.id !== fn.id
    )
      continue
    const method = fn.childForFieldName('property')?.text ?? ''
    const router = chainRoot(fn.childForFieldName('object')!)
    const args = callArgs(c)
    const first = stringValue(args[0])
    const at = fn.childForFieldName('property')!.startIndex
    if (method === 'use') {
      const mws = first !== null ? args.slice(1) : args
      if (mws.some((a) => mwKind(a) === 'auth'))
        res.authUses.push({ router, pattern: first, index: at })
    } else if (method === 'route' && first !== null && args.length === 2) {
      const t = args[1]!
      const name = t.type === 'call_expression' ? calleeText(t) : t.text
      const file = imports.get(name.split('.')[0]!) ?? null
      res.mounts.push({
        router,
        prefix: first,
        index: at,
        authed: false,
        file,
        target: file ? null : name,
      })
    } else if (
      METHODS.has(method) &&
      method !== 'api_route' &&
      first !== null &&
      /^[/*]|^$/.test(first) &&
      args.length >= 2
    ) {
      const mws = args.slice(1, -1).map(mwKind)
      // The method's own line: in a chain (`new Hono().get(…).post(…)`) the call starts at the root.
      const line = lineOf(fn.childForFieldName('property')!)
      res.routes.push({
        method: method.toUpperCase(),
        path: first,
        router,
        line,
        evidence: lines[line - 1] ?? '',
        index: at,
        authed: mws.includes('auth'),
        isPublic: mws.includes('public') || hasDirective(lines, line),
      })
    }
  }
  return res
}

function pyModuleImports(facts: RepoFacts, path: string, root: Node): Map<string, string> {
  const out = new Map<string, string>()
  for (const s of find(root, 'import_from_statement')) {
    const mod = s.childForFieldName('module_name')?.text ?? ''
    for (const n of s.childrenForFieldName('name')) {
      const name = (n.childForFieldName('name') ?? n).text
      const alias = n.childForFieldName('alias')?.text ?? name
      const sub = resolvePy(facts, path, mod.endsWith('.') ? `${mod}${name}` : `${mod}.${name}`)
      const file = sub ?? resolvePy(facts, path, mod)
      if (file) out.set(alias, file)
    }
  }
  return out
}

const authDeps = (n: Node | null | undefined) =>
  !!n &&
  find(n, 'call').some(
    (c) =>
      /^(?:Depends|Security)$/.test(calleeText(c)) && AUTH_NAME.test(callArgs(c)[0]?.text ?? '')
  )

export function extractPy(facts: RepoFacts, path: string, root: Node, lines: string[]): FileRoutes {
  const res: FileRoutes = { routes: [], authUses: [], mounts: [], prefixes: {} }
  const imports = pyModuleImports(facts, path, root)
  for (const a of find(root, 'assignment')) {
    if (!/APIRouter|FastAPI|Blueprint/.test(a.text)) continue
    const v = a.childForFieldName('right')
    const name = a.childForFieldName('left')?.text ?? ''
    if (v?.type !== 'call' || !/^(?:APIRouter|FastAPI|Blueprint)$/.test(calleeName(v))) continue
    res.prefixes[name] = stringValue(kwarg(v, 'prefix') ?? kwarg(v, 'url_prefix')) ?? ''
    if (authDeps(kwarg(v, 'dependencies')))
      res.authUses.push({ router: name, pattern: null, index: 0 })
  }
  for (const c of find(root, 'call')) {
    if (!/include_router|register_blueprint/.test(c.text.slice(0, 120))) continue
    if (calleeName(c) !== 'include_router' && calleeName(c) !== 'register_blueprint') continue
    const fn = calleeText(c)
    const target = callArgs(c)[0]?.text ?? ''
    const file = imports.get(target.split('.')[0]!) ?? null
    res.mounts.push({
      router: fn.slice(0, fn.lastIndexOf('.')),
      prefix: stringValue(kwarg(c, 'prefix') ?? kwarg(c, 'url_prefix')) ?? '',
      index: c.startIndex,
      authed: authDeps(kwarg(c, 'dependencies')),
      file,
      target: file ? null : target,
    })
  }
  for (const d of find(root, 'decorated_definition')) {
    const fnDef = d.childForFieldName('definition')
    if (fnDef?.type !== 'function_definition') continue
    const decos = d.namedChildren.filter((x) => x.type === 'decorator')
    for (const deco of decos) {
      const call = deco.namedChildren[0]
      if (call?.type !== 'call' || !METHODS.has(calleeName(call))) continue
      const p = stringValue(callArgs(call)[0])
      if (p === null) continue
      const fnText = calleeText(call)
      let method = calleeName(call).toUpperCase()
      if (method === 'ROUTE' || method === 'API_ROUTE')
        method = /POST|PUT|PATCH|DELETE/.exec(kwarg(call, 'methods')?.text ?? '')?.[0] ?? 'GET'
      const line = lineOf(deco)
      const otherDecos = decos.filter((x) => x.id !== deco.id).map((x) => x.text)
      res.routes.push({
        method,
        path: p,
        router: fnText.slice(0, fnText.lastIndexOf('.')),
        line,
        evidence: lines[line - 1] ?? '',
        index: d.startIndex,
        authed:
          authDeps(kwarg(call, 'dependencies')) ||
          authDeps(fnDef.childForFieldName('parameters')) ||
          find(fnDef.childForFieldName('parameters') ?? fnDef, 'type').some((t) =>
            AUTH_NAME.test(t.text)
          ) ||
          otherDecos.some((t) => AUTH_NAME.test(t) && !PUBLIC_NAME.test(t.slice(1))),
        isPublic: otherDecos.some((t) => PUBLIC_NAME.test(t.slice(1))) || hasDirective(lines, line),
      })
    }
  }
  return res
}
