/**
 * @module Repository facts: manifests, migration folders, tsconfig aliases and env examples,
 * gathered once before the rules run. Collectors make no judgement (scorecard's raw stage).
 */
import type { FileEntry, MigrationFacts, NpmManifest, PythonManifest, RepoFacts } from '../types.ts'
import {
  parsePackageJson,
  parseRequirements,
  parseTomlDeps,
  parseTsconfigAliases,
} from './manifests.ts'
import type { RepoReader } from './reader.ts'
import { walkRepo } from './walk.ts'

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1)
const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '')

/** Migration files by tool: drizzle-kit SQL + journal, Alembic versions, Prisma migrations. */
export function migrationKind(path: string): 'drizzle' | 'alembic' | 'prisma' | undefined {
  if (/(?:^|\/)prisma\/migrations\/[^/]+\/migration\.sql$/.test(path)) return 'prisma'
  if (/(?:^|\/)versions\/[^/]+\.py$/.test(path) && /(?:^|\/)(?:alembic|migrations)\//.test(path))
    return 'alembic'
  if (/(?:^|\/)(?:drizzle|migrations)\/(?:[^/]+\/)?[^/]+\.sql$/.test(path)) return 'drizzle'
  return undefined
}

/**
 * Walks the tree and reads everything rules need besides source code.
 * @param reader - file access
 * @param ignoreGlobs - config ignore globs
 */
export async function collectFacts(
  reader: RepoReader,
  ignoreGlobs: string[] = []
): Promise<RepoFacts> {
  const { files, others, skipped } = await walkRepo(reader, ignoreGlobs)
  const dec = new TextDecoder()
  const readText = async (p: string) => {
    const bytes = await reader.read(p)
    return bytes ? dec.decode(bytes) : ''
  }
  const npm: NpmManifest[] = []
  const python: PythonManifest[] = []
  const migrations: MigrationFacts = {
    drizzleDirs: [],
    alembicDirs: [],
    prismaDirs: [],
    migrationTexts: {},
  }
  const aliases = new Set<string>()
  const envExamples: Record<string, string> = {}

  for (const f of files) {
    const name = base(f.path)
    if (name === 'package.json') npm.push(parsePackageJson(f.path, await readText(f.path)))
    else if (/^requirements.*\.txt$/.test(name))
      python.push(parseRequirements(f.path, await readText(f.path)))
    else if (name === 'pyproject.toml' || name === 'Pipfile')
      python.push(parseTomlDeps(f.path, await readText(f.path)))
    else if (/^tsconfig.*\.json$/.test(name))
      for (const a of parseTsconfigAliases(await readText(f.path))) aliases.add(a)
    else if (/^\.?env\.(?:example|sample|template)$/.test(name))
      envExamples[f.path] = await readText(f.path)
    const kind = migrationKind(f.path)
    if (kind) {
      const dir = kind === 'prisma' ? dirOf(dirOf(f.path)) : dirOf(f.path)
      const list =
        kind === 'drizzle'
          ? migrations.drizzleDirs
          : kind === 'alembic'
            ? migrations.alembicDirs
            : migrations.prismaDirs
      if (!list.includes(dir)) list.push(dir)
      migrations.migrationTexts[f.path] = await readText(f.path)
    }
  }
  const paths = new Set([...files.map((f: FileEntry) => f.path), ...others])
  const dirs = new Set<string>([''])
  for (const p of paths) for (let d = dirOf(p); d !== '' && !dirs.has(d); d = dirOf(d)) dirs.add(d)
  return {
    files,
    paths,
    dirs,
    npm,
    python,
    migrations,
    tsPathAliases: [...aliases].sort(),
    envExamples,
    skipped,
  }
}
