/** @module Package manifests: npm package.json files and Python requirements/pyproject/Pipfile. */
import type { NpmManifest, PythonManifest } from '../types.ts'

const NPM_DEP_FIELDS = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
]

/** Distribution names compare lowercase with `-`, `_` and `.` folded (PEP 503). */
export function normalizeDist(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[-_.]+/g, '_')
}

export function parsePackageJson(path: string, text: string): NpmManifest {
  let json: Record<string, unknown>
  try {
    json = JSON.parse(text) as Record<string, unknown>
  } catch {
    return { path, deps: [], imports: [], workspaces: [] }
  }
  const deps = new Set<string>()
  for (const field of NPM_DEP_FIELDS) {
    const v = json[field]
    if (v && typeof v === 'object') for (const k of Object.keys(v)) deps.add(k)
  }
  const imports = json.imports && typeof json.imports === 'object' ? Object.keys(json.imports) : []
  const ws = json.workspaces
  const workspaces = Array.isArray(ws) ? ws.filter((w): w is string => typeof w === 'string') : []
  return {
    path,
    ...(typeof json.name === 'string' ? { name: json.name } : {}),
    deps: [...deps].sort(),
    imports,
    workspaces,
  }
}

const REQ_NAME = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/

/** requirements*.txt: one requirement a line; options (`-r`, `-e`, `--hash`) and comments skipped. */
export function parseRequirements(path: string, text: string): PythonManifest {
  const deps: string[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim()
    if (!line || line.startsWith('-')) continue
    const m = REQ_NAME.exec(line)
    if (m?.[1]) deps.push(normalizeDist(m[1]))
  }
  return { path, deps: [...new Set(deps)].sort() }
}

/**
 * pyproject.toml / Pipfile without a TOML parser: PEP 621 `dependencies = [...]` and
 * `optional-dependencies` arrays, and the keys of `[tool.poetry.*dependencies]` / `[packages]`
 * tables. Enough to know which distributions a project declares.
 */
export function parseTomlDeps(path: string, text: string): PythonManifest {
  const deps = new Set<string>()
  let table = ''
  let inArray = false
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim()
    if (!line) continue
    const header = /^\[+([^\]]+)\]+$/.exec(line)
    if (header?.[1]) {
      table = header[1].trim()
      inArray = false
      continue
    }
    if (inArray) {
      addQuoted(line, deps)
      if (line.includes(']')) inArray = false
      continue
    }
    const arrayTable =
      table === 'project' ||
      table.startsWith('project.optional-dependencies') ||
      table === 'dependency-groups'
    if (arrayTable && /=\s*\[/.test(line)) {
      addQuoted(line.slice(line.indexOf('[')), deps)
      inArray = !line.includes(']')
      continue
    }
    if (/(?:^|\.)(?:dependencies|dev-dependencies|packages|dev-packages)$/.test(table)) {
      const key = /^["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*=/.exec(line)
      if (key?.[1] && key[1].toLowerCase() !== 'python') deps.add(normalizeDist(key[1]))
    }
  }
  return { path, deps: [...deps].sort() }
}

function addQuoted(line: string, into: Set<string>): void {
  for (const m of line.matchAll(/["']([A-Za-z0-9][A-Za-z0-9._-]*)/g))
    if (m[1]) into.add(normalizeDist(m[1]))
}

/** Removes line and block comments outside strings, and trailing commas (tsconfig is JSONC). */
export function stripJsonc(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (ch === '"') {
      const end = text.slice(i + 1).search(/(?<!\\)"/)
      const stop = end === -1 ? text.length : i + 1 + end
      out += text.slice(i, stop + 1)
      i = stop
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++
      out += '\n'
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      i = end === -1 ? text.length : end + 1
    } else out += ch
  }
  return out.replace(/,(\s*[}\]])/g, '$1')
}

/** tsconfig `compilerOptions.paths` keys as prefixes (`@/*` → `@/`). */
export function parseTsconfigAliases(text: string): string[] {
  try {
    const json = JSON.parse(stripJsonc(text)) as {
      compilerOptions?: { paths?: Record<string, unknown> }
    }
    return Object.keys(json.compilerOptions?.paths ?? {}).map((k) => k.replace(/\*$/, ''))
  } catch {
    return []
  }
}
