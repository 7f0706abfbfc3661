/**
 * @module Walks the audited tree: honours .gitignore files (root and nested) and config ignore
 * globs, and skips vendored, generated and binary files before anything is read twice.
 */
import ignore, { type Ignore } from 'ignore'
import picomatch from 'picomatch'
import type { FileEntry, Language } from '../types.ts'
import { classifyPath } from './classify.ts'
import type { RepoReader } from './reader.ts'

/** Directories that hold dependencies, build output or caches, never the project's own code. */
const SKIP_DIRS = new Set([
  '.git',
  'node_modules',
  'bower_components',
  'vendor',
  'third_party',
  'dist',
  'build',
  'out',
  'coverage',
  '.next',
  '.nuxt',
  '.wrangler',
  '.data',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'site-packages',
  '.turbo',
  '.cache',
  '.idea',
  '.vscode',
])

const BINARY_EXT =
  /\.(?:png|jpe?g|gif|webp|ico|pdf|zip|gz|tgz|bz2|xz|7z|wasm|so|dylib|dll|exe|bin|woff2?|ttf|otf|eot|mp[34]|mov|avi|sqlite3?|db|pyc|class|jar|lock)$/i
const GENERATED_NAME =
  /(?:\.min\.[cm]?js$)|(?:\.d\.[cm]?ts$)|(?:\.generated\.)|(?:_pb2\.py$)|(?:\.map$)/
const SOURCE_LANG: [RegExp, Language][] = [
  [/\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/, 'ts'],
  [/\.py$/, 'python'],
]
/** Files above this size are data, not hand-written code. */
export const MAX_FILE_BYTES = 1_000_000

export interface WalkResult {
  files: FileEntry[]
  /** Paths not audited but present (binary, generated, too large), for import resolution. */
  others: string[]
  skipped: { path: string; reason: string }[]
}

export function languageOf(path: string): Language | undefined {
  for (const [re, lang] of SOURCE_LANG) if (re.test(path)) return lang
  return undefined
}

/**
 * Lists every file worth auditing, sorted by path.
 * @param reader - where the files come from
 * @param ignoreGlobs - extra globs from readiness.config.json (matched against relative paths)
 */
export async function walkRepo(
  reader: RepoReader,
  ignoreGlobs: string[] = []
): Promise<WalkResult> {
  const isIgnoredByConfig =
    ignoreGlobs.length > 0 ? picomatch(ignoreGlobs, { dot: true }) : () => false
  const files: FileEntry[] = []
  const skipped: { path: string; reason: string }[] = []
  const others: string[] = []
  const dec = new TextDecoder()

  async function visit(dir: string, rules: { base: string; ig: Ignore }[]): Promise<void> {
    const entries = await reader.list(dir)
    const here = [...rules]
    if (entries.some((e) => !e.dir && e.name === '.gitignore')) {
      const bytes = await reader.read(dir === '' ? '.gitignore' : `${dir}/.gitignore`)
      if (bytes) here.push({ base: dir, ig: ignore().add(dec.decode(bytes)) })
    }
    const ignoredByGit = (rel: string, isDir: boolean) =>
      here.some(({ base, ig }) => {
        const sub = base === '' ? rel : rel.slice(base.length + 1)
        return ig.ignores(isDir ? `${sub}/` : sub)
      })
    for (const e of entries) {
      const rel = dir === '' ? e.name : `${dir}/${e.name}`
      if (e.dir) {
        if (SKIP_DIRS.has(e.name) || ignoredByGit(rel, true) || isIgnoredByConfig(`${rel}/`))
          continue
        await visit(rel, here)
        continue
      }
      if (ignoredByGit(rel, false) || isIgnoredByConfig(rel)) continue
      if (BINARY_EXT.test(e.name) || GENERATED_NAME.test(e.name)) {
        others.push(rel)
        continue
      }
      const size = await reader.size(rel)
      if (size > MAX_FILE_BYTES) {
        skipped.push({ path: rel, reason: `larger than ${MAX_FILE_BYTES} bytes` })
        others.push(rel)
        continue
      }
      const language = languageOf(rel)
      files.push({ path: rel, kind: classifyPath(rel), size, ...(language ? { language } : {}) })
    }
  }

  await visit('', [])
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return { files, others: others.sort(), skipped }
}
