/**
 * @module Path classification: which files count as production code.
 *
 * Only `production` paths are judged by source rules. Tests, fixtures, test data, benchmarks,
 * scripts and CLIs, examples, docs, config files and migrations are not production paths: a mock in
 * a test or a `console.log` in a CLI is not a defect. First match wins, in this order:
 * - `test`: any segment `test`, `tests`, `__tests__`, `spec`, `testdata`, `fixtures`, `__mocks__`,
 *   `e2e`, `golden`; names `*.test.*`, `*.spec.*`, `test_*.py`, `*_test.py`, `conftest.py`
 * - `bench`: segments `bench`, `benches`, `benchmark(s)`; names `*.bench.*`
 * - `migration`: segments `migrations`, `alembic`, `drizzle` (top level)
 * - `example`: segments `example(s)`, `demo(s)`, `samples`
 * - `docs`: segments `docs`, `doc`
 * - `script`: segments `scripts`, `bin`, `tools`; names `cli.*`, `*-cli.*`, `__main__.py`,
 *   `manage.py`, `bin.mjs`
 * - `config`: names `*.config.*`, `setup.py`, `noxfile.py`
 * - otherwise `production`.
 */
import type { PathKind } from '../types.ts'

const TEST_DIRS = new Set([
  'test',
  'tests',
  '__tests__',
  'spec',
  'testdata',
  'fixtures',
  '__mocks__',
  'e2e',
  'golden',
])
const BENCH_DIRS = new Set(['bench', 'benches', 'benchmark', 'benchmarks'])
const MIGRATION_DIRS = new Set(['migrations', 'alembic'])
const EXAMPLE_DIRS = new Set(['example', 'examples', 'demo', 'demos', 'samples'])
const DOC_DIRS = new Set(['docs', 'doc'])
const SCRIPT_DIRS = new Set(['scripts', 'bin', 'tools'])

const TEST_NAME =
  /(?:\.(?:test|spec)\.[cm]?[jt]sx?$)|(?:^test_.*\.py$)|(?:_test\.py$)|(?:^conftest\.py$)/
const BENCH_NAME = /\.bench\.[cm]?[jt]sx?$/
const SCRIPT_NAME =
  /^(?:cli\.[cm]?[jt]s|.*-cli\.[cm]?[jt]s|cli\.py|__main__\.py|manage\.py|bin\.mjs)$/
const CONFIG_NAME = /(?:\.config\.[cm]?[jt]s$)|(?:^(?:setup|noxfile|fabfile)\.py$)/

/** Classifies a POSIX path relative to the audited root. */
export function classifyPath(path: string): PathKind {
  const parts = path.split('/')
  const name = parts[parts.length - 1] ?? ''
  const dirs = parts.slice(0, -1)
  if (dirs.some((d) => TEST_DIRS.has(d)) || TEST_NAME.test(name)) return 'test'
  if (dirs.some((d) => BENCH_DIRS.has(d)) || BENCH_NAME.test(name)) return 'bench'
  if (dirs.some((d) => MIGRATION_DIRS.has(d)) || dirs[0] === 'drizzle') return 'migration'
  if (dirs.some((d) => EXAMPLE_DIRS.has(d))) return 'example'
  if (dirs.some((d) => DOC_DIRS.has(d))) return 'docs'
  if (dirs.some((d) => SCRIPT_DIRS.has(d)) || SCRIPT_NAME.test(name)) return 'script'
  if (CONFIG_NAME.test(name)) return 'config'
  return 'production'
}
