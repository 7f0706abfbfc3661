/**
 * @module security/auth-coverage: routes that change or reveal user data without authentication.
 *
 * A route is covered when an auth middleware/dependency applies to it: inline (`app.post(p,
 * requireAuth(), h)`, `Depends(get_current_user)`), on its router before it (`router.use(requireAuth)`,
 * `APIRouter(dependencies=[...])`), or on the app that mounts its router (`app.use('/v1/*', auth)`
 * then `app.route('/v1/orders', orders)`, `include_router(r, dependencies=[...])`), followed across
 * files through imports. A route is public when marked so (`publicRoute` middleware,
 * `describeRoute({ security: [] })`, a `// readiness: public` comment) or when its path is a health,
 * docs or sign-in endpoint. Writes (POST/PUT/PATCH/DELETE) always need auth; reads need it when the
 * path names user data (orders, keys, bots, kyc, …). Also flags permission checks that cannot pass.
 */
import type { Node } from 'web-tree-sitter'
import { find, functionName, isFunction } from '../ast.ts'
import { defineRule } from '../define-rule.ts'
import { extractPy, extractTs, type FileRoutes, type MountInfo } from '../routes.ts'

const PUBLIC_PATH =
  /^\/?(?:v\d+\/)?(?:health(?:z|\/\w+)?|ready(?:z)?|live(?:z)?|ping|status|version|docs|redoc|openapi(?:\.json)?|swagger.*|favicon\.ico|robots\.txt|(?:api\/)?(?:v\d+\/)?auth\/(?:login(?:\/mfa)?|register|signup|refresh|token|forgot[-_]password|reset[-_]password|verify[-_]email))\/?$/i
const USER_DATA = new Set([
  'me',
  'user',
  'users',
  'account',
  'accounts',
  'order',
  'orders',
  'trade',
  'trades',
  'fills',
  'positions',
  'balance',
  'balances',
  'portfolio',
  'portfolios',
  'wallet',
  'wallets',
  'keys',
  'api-keys',
  'apikeys',
  'exchange-keys',
  'bot',
  'bots',
  'kyc',
  'subscriptions',
  'signals',
  'alerts',
  'cases',
  'profile',
  'settings',
  'analytics',
  'performance',
  'pnl',
  'risk',
  'compliance',
  'audit-log',
  'admin',
  '2fa',
  'sessions',
  'transactions',
  'payments',
  'notifications',
  'metrics',
])
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'ALL'])
const PERMISSION_FN =
  /(?:require|check|has|is|ensure|verify|can)_?(?:admin|permission|permissions|role|roles|scope|owner|access|officer)/i

const joinPaths = (a: string, b: string): string =>
  `${a.replace(/\/\*?$/, '')}/${b.replace(/^\//, '')}`.replace(/\/+$/, '') || '/'

function patternCovers(pattern: string | null, path: string): boolean {
  if (pattern === null || pattern === '*' || pattern === '/*') return true
  const p = pattern.replace(/\*$/, '')
  return (
    path === pattern ||
    path.startsWith(p.endsWith('/') ? p : `${p}/`) ||
    path === p.replace(/\/$/, '')
  )
}

function needsAuth(method: string, path: string): boolean {
  if (WRITES.has(method)) return true
  return path
    .toLowerCase()
    .split('/')
    .some((seg) => USER_DATA.has(seg))
}

function cannotPass(fn: Node): boolean {
  const body = fn.childForFieldName('body')
  if (!body) return false
  const stmts = body.namedChildren.filter(
    (c) =>
      c.type !== 'comment' &&
      !(c.type === 'expression_statement' && c.firstNamedChild?.type === 'string')
  )
  const first = stmts[0]
  if (first && (first.type === 'raise_statement' || first.type === 'throw_statement')) return true
  const returns = find(body, 'return_statement').filter(
    (r) => !find(r, ['function_definition', 'arrow_function', 'lambda']).length
  )
  return (
    returns.length > 0 &&
    returns.every((r) => /^return\s+(?:False|false)\s*;?$/.test(r.text.trim()))
  )
}

function contradictions(root: Node): Node[] {
  return find(root, ['boolean_operator', 'binary_expression']).filter((b) => {
    if (!/role|permission|scope|admin/i.test(b.text) || !/&&|\band\b/.test(b.text)) return false
    const op =
      b.childForFieldName('operator')?.text ??
      (b.type === 'boolean_operator' ? b.children[1]?.text : '')
    if (op !== 'and' && op !== '&&') return false
    const parts = [b.childForFieldName('left'), b.childForFieldName('right')].map((x) =>
      /^(.+?)\s*===?\s*(["'][^"']*["'])$/.exec(x?.text ?? '')
    )
    return (
      !!parts[0] &&
      !!parts[1] &&
      parts[0][1] === parts[1][1] &&
      parts[0][2] !== parts[1][2] &&
      /role|permission|scope|admin/i.test(parts[0][1]!)
    )
  })
}

export default defineRule<FileRoutes>({
  meta: {
    id: 'security/auth-coverage',
    title: 'Routes without authentication',
    category: 'security',
    severity: 'critical',
    languages: ['ts', 'python'],
    rationale:
      'A route that changes or reveals user data without an auth middleware or dependency is open to ' +
      'anyone who can reach the service; the seed exposed marketplace and API-key routes this way.',
    remediation:
      'Apply the auth middleware to the router (`router.use(requireAuth())`, `APIRouter(dependencies=[Depends(get_current_user)])`) or mark the route public explicitly (`// readiness: public`).',
    docsUrl: 'audit/rules/README.md#securityauth-coverage',
    messages: {
      unauthenticated: '{{method}} {{path}} has no authentication',
      cannotPass: 'permission check {{name}} can never pass',
      contradiction: 'condition can never be true: {{text}}',
    },
  },
  check({ file, report }) {
    for (const fn of find(file.tree.rootNode, [
      'function_definition',
      'function_declaration',
      'method_definition',
      'arrow_function',
    ])) {
      const name = isFunction(fn) ? functionName(fn) : ''
      if (PERMISSION_FN.test(name) && cannotPass(fn)) report(fn, 'cannotPass', { name })
    }
    for (const c of contradictions(file.tree.rootNode))
      report(c, 'contradiction', { text: c.text.slice(0, 60) })
  },
  collect({ file, facts }) {
    const lines = file.text.split('\n')
    const r =
      file.language === 'python'
        ? extractPy(facts, file.path, file.tree.rootNode, lines)
        : extractTs(facts, file.path, file.tree.rootNode, lines)
    return r.routes.length || r.mounts.length || r.authUses.length ? r : undefined
  },
  checkRepo({ collected, reportAt }) {
    const edges: (MountInfo & { from: string })[] = []
    for (const [from, fr] of collected) for (const m of fr.mounts) edges.push({ ...m, from })
    const mountsOf = (file: string, router: string) =>
      edges.filter(
        (e) => e.file === file || (e.file === null && e.from === file && e.target === router)
      )
    const covered = (
      file: string,
      router: string,
      index: number,
      path: string,
      depth: number
    ): boolean => {
      const fr = collected.get(file)
      if (!fr || depth > 8) return false
      if (
        fr.authUses.some(
          (u) => u.router === router && u.index <= index && patternCovers(u.pattern, path)
        )
      )
        return true
      return mountsOf(file, router).some(
        (m) => m.authed || covered(m.from, m.router, m.index, joinPaths(m.prefix, path), depth + 1)
      )
    }
    const fullPath = (file: string, router: string, path: string, depth: number): string => {
      const fr = collected.get(file)
      const local = joinPaths(fr?.prefixes[router] ?? '', path)
      const m = depth < 8 ? mountsOf(file, router)[0] : undefined
      return m ? fullPath(m.from, m.router, joinPaths(m.prefix, local), depth + 1) : local
    }
    for (const [file, fr] of collected) {
      for (const r of fr.routes) {
        if (r.authed || r.isPublic) continue
        const path = fullPath(file, r.router, r.path, 0)
        if (PUBLIC_PATH.test(path) || !needsAuth(r.method, path)) continue
        const localPath = joinPaths(fr.prefixes[r.router] ?? '', r.path)
        if (covered(file, r.router, r.index, localPath, 0)) continue
        reportAt(file, r.line, 'unauthenticated', r.evidence, { method: r.method, path })
      }
    }
  },
})
