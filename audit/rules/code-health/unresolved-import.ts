/**
 * @module code-health/unresolved-import: imports of modules that exist neither in the repository
 * nor in its manifests. Relative imports must resolve to a file; bare imports must be declared in
 * the nearest package.json (TS/JS) or a requirements/pyproject file (Python), be built in, or be a
 * local module. Imports guarded by `try/except ImportError` are optional by design and skipped.
 */
import { builtinModules } from 'node:module'
import type { Node } from 'web-tree-sitter'
import type { RepoFacts } from '../../types.ts'
import { ancestor, callArgs, calleeText, find, stringValue, tryHandlers } from '../ast.ts'
import { defineRule } from '../define-rule.ts'
import { normalizeDist } from '../../collect/manifests.ts'
import { PYTHON_STDLIB } from '../python-stdlib.ts'
import { dirname, resolvePy, resolveTs } from '../resolve.ts'

const NODE_BUILTINS = new Set(builtinModules)
const SCHEMES = /^(?:node|cloudflare|bun|deno|npm|jsr|https?|data|virtual|workerd):/
/** Import names that differ from the distribution name. */
const DIST_IMPORTS: Record<string, string[]> = {
  python_jose: ['jose'],
  pyjwt: ['jwt'],
  pyyaml: ['yaml'],
  python_dotenv: ['dotenv'],
  pillow: ['PIL'],
  scikit_learn: ['sklearn'],
  beautifulsoup4: ['bs4'],
  psycopg2_binary: ['psycopg2'],
  python_multipart: ['multipart'],
  pydantic_settings: ['pydantic_settings'],
  email_validator: ['email_validator'],
  opencv_python: ['cv2'],
  python_dateutil: ['dateutil'],
  pyotp: ['pyotp'],
  redis: ['redis'],
  uvicorn: ['uvicorn'],
  passlib: ['passlib'],
  sqlalchemy: ['sqlalchemy'],
  attrs: ['attr', 'attrs'],
  protobuf: ['google'],
  grpcio: ['grpc'],
  msgpack_python: ['msgpack'],
}

const hasDir = (facts: RepoFacts, dir: string): boolean => facts.dirs.has(dir)

function nearestManifestDeps(facts: RepoFacts, from: string): Set<string> | null {
  let best: { depth: number; deps: string[] } | null = null
  for (const m of facts.npm) {
    const dir = dirname(m.path)
    if (dir !== '' && !from.startsWith(`${dir}/`)) continue
    const depth = dir === '' ? 0 : dir.split('/').length
    if (!best || depth > best.depth) best = { depth, deps: m.deps }
  }
  if (!best) return null
  const all = new Set(best.deps)
  for (const m of facts.npm) if (m.name) all.add(m.name)
  return all
}

function tsSpecifiers(root: Node): { node: Node; spec: string }[] {
  const out: { node: Node; spec: string }[] = []
  for (const s of find(root, ['import_statement', 'export_statement'])) {
    const src = s.childForFieldName('source')
    const spec = stringValue(src)
    if (src && spec !== null) out.push({ node: s, spec })
  }
  for (const c of find(root, 'call_expression')) {
    const fn = calleeText(c)
    if (fn !== 'import' && fn !== 'require') continue
    const spec = stringValue(callArgs(c)[0])
    if (spec !== null) out.push({ node: c, spec })
  }
  return out
}

function checkTs(
  facts: RepoFacts,
  path: string,
  root: Node,
  report: (n: Node, id: string, d: Record<string, string>) => void
) {
  const deps = nearestManifestDeps(facts, path)
  for (const { node, spec } of tsSpecifiers(root)) {
    if (spec.startsWith('.') || spec.startsWith('/')) {
      if (!resolveTs(facts, path, spec)) report(node, 'missingFile', { module: spec })
      continue
    }
    if (SCHEMES.test(spec) || NODE_BUILTINS.has(spec.split('/')[0]!) || NODE_BUILTINS.has(spec))
      continue
    if (
      spec.startsWith('#') &&
      facts.npm.some((m) => m.imports.some((k) => spec.startsWith(k.replace(/\*$/, ''))))
    )
      continue
    if (facts.tsPathAliases.some((a) => a !== '' && spec.startsWith(a))) continue
    if (!deps) continue
    const parts = spec.split('/')
    const pkg = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
    const typesPkg = `@types/${pkg.startsWith('@') ? pkg.slice(1).replace('/', '__') : pkg}`
    if (!deps.has(pkg) && !deps.has(typesPkg))
      report(node, 'undeclared', { module: pkg, manifest: 'package.json' })
  }
}

function pyOptional(n: Node): boolean {
  const t = ancestor(n, (a) => a.type === 'try_statement')
  return (
    !!t &&
    tryHandlers(t).some((h) => /ImportError|ModuleNotFoundError/.test(h.text.split('\n')[0] ?? ''))
  )
}

function pyDeclared(facts: RepoFacts, top: string): boolean {
  const name = normalizeDist(top)
  for (const m of facts.python) {
    for (const d of m.deps) {
      if (d === name || (DIST_IMPORTS[d] ?? []).includes(top)) return true
      if (d.replace(/^python_|_python$|^py_/g, '') === name) return true
    }
  }
  return false
}

function pyLocal(facts: RepoFacts, from: string, top: string): boolean {
  const dirs: string[] = []
  for (let d = dirname(from); ; d = dirname(d)) {
    dirs.push(d)
    if (d === '') break
  }
  return dirs.some((d) => {
    const base = d === '' ? top : `${d}/${top}`
    return facts.paths.has(`${base}.py`) || facts.paths.has(`${base}.pyi`) || hasDir(facts, base)
  })
}

/** A namespace package (a directory without __init__.py) also resolves. */
function pyLocalDir(facts: RepoFacts, from: string, mod: string): boolean {
  const rel = mod.replace(/\./g, '/')
  for (let d = dirname(from); ; d = dirname(d)) {
    if (facts.dirs.has(d === '' ? rel : `${d}/${rel}`)) return true
    if (d === '') return false
  }
}

function checkPy(
  facts: RepoFacts,
  path: string,
  root: Node,
  report: (n: Node, id: string, d: Record<string, string>) => void
) {
  for (const s of find(root, ['import_statement', 'import_from_statement'])) {
    if (pyOptional(s)) continue
    const modules: string[] = []
    if (s.type === 'import_from_statement') {
      const m = s.childForFieldName('module_name')
      if (m) modules.push(m.text)
    } else {
      for (const n of s.childrenForFieldName('name'))
        modules.push((n.childForFieldName('name') ?? n).text)
    }
    for (const mod of modules) {
      if (mod.startsWith('.')) {
        const dots = /^\.+/.exec(mod)![0].length
        let dir = dirname(path)
        for (let i = 1; i < dots; i++) dir = dirname(dir)
        const rest = mod.slice(dots).replace(/\./g, '/')
        if (rest === '') continue
        const target = dir === '' ? rest : `${dir}/${rest}`
        if (!facts.paths.has(`${target}.py`) && !hasDir(facts, target))
          report(s, 'missingFile', { module: mod })
        continue
      }
      const top = mod.split('.')[0]!
      if (PYTHON_STDLIB.has(top)) continue
      if (pyLocal(facts, path, top)) {
        if (!resolvePy(facts, path, mod) && !pyLocalDir(facts, path, mod))
          report(s, 'missingFile', { module: mod })
        continue
      }
      if (facts.python.length === 0) continue
      if (!pyDeclared(facts, top))
        report(s, 'undeclared', { module: top, manifest: 'requirements/pyproject' })
    }
  }
}

export default defineRule({
  meta: {
    id: 'code-health/unresolved-import',
    title: 'Imports of modules that do not exist',
    category: 'code-health',
    severity: 'high',
    languages: ['ts', 'python'],
    rationale:
      'An import that resolves to nothing fails at start-up or, when guarded, silently drops a feature; ' +
      'an undeclared package works only by accident of what else is installed.',
    remediation:
      'Add the module or declare the package in the manifest; remove imports of code that does not exist.',
    docsUrl: 'audit/rules/README.md#code-healthunresolved-import',
    messages: {
      missingFile: 'import {{module}} resolves to no file in the repository',
      undeclared: 'package {{module}} is not declared in {{manifest}}',
    },
  },
  check({ file, facts, report }) {
    if (file.language === 'python') checkPy(facts, file.path, file.tree.rootNode, report)
    else checkTs(facts, file.path, file.tree.rootNode, report)
  },
})
