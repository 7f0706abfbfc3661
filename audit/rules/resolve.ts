/** @module Module resolution against the repository's file list (TS/JS specifiers, Python modules). */
import type { RepoFacts } from '../types.ts'

const TS_EXTS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json', '.d.ts']

export const dirname = (p: string): string =>
  p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : ''

export function joinPath(dir: string, rel: string): string {
  const out = dir ? dir.split('/') : []
  for (const seg of rel.split('/')) {
    if (seg === '..') out.pop()
    else if (seg !== '.' && seg !== '') out.push(seg)
  }
  return out.join('/')
}

/** Repo path a relative TS/JS specifier resolves to (with `.js`→`.ts` and index files), or null. */
export function resolveTs(facts: RepoFacts, from: string, spec: string): string | null {
  if (!spec.startsWith('.') && !spec.startsWith('/')) return null
  const target = joinPath(dirname(from), spec.split('?')[0]!)
  const stem = target.replace(/\.(?:[cm]?js|jsx)$/, '')
  const candidates = [
    target,
    ...TS_EXTS.map((e) => stem + e),
    ...TS_EXTS.map((e) => `${target}/index${e}`),
  ]
  return candidates.find((c) => facts.paths.has(c)) ?? null
}

/**
 * Repo path of a Python module (`app.routes.bots`, `.routes.bots`) imported from `from`, trying the
 * file's ancestors as source roots, or null.
 */
export function resolvePy(facts: RepoFacts, from: string, mod: string): string | null {
  let roots: string[]
  let rest = mod
  if (mod.startsWith('.')) {
    const dots = /^\.+/.exec(mod)![0].length
    let dir = dirname(from)
    for (let i = 1; i < dots; i++) dir = dirname(dir)
    roots = [dir]
    rest = mod.slice(dots)
  } else {
    roots = []
    for (let d = dirname(from); ; d = dirname(d)) {
      roots.push(d)
      if (d === '') break
    }
  }
  const rel = rest.replace(/\./g, '/')
  for (const r of roots) {
    const base = r === '' ? rel : rel === '' ? r : `${r}/${rel}`
    if (facts.paths.has(`${base}.py`)) return `${base}.py`
    if (facts.paths.has(`${base}/__init__.py`)) return `${base}/__init__.py`
  }
  return null
}
