/**
 * @module RepoReader: the only way collectors touch the file system.
 *
 * Collectors depend on this small interface so tests can hand them an in-memory tree instead of a
 * directory on disk (scorecard's RepoClient / mockclients split).
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'

export interface DirEntry {
  name: string
  dir: boolean
}

export interface RepoReader {
  /** Entries of a directory (relative POSIX path, '' for the root), sorted by name. */
  list(dir: string): Promise<DirEntry[]>
  /** File bytes, or null when the file does not exist. */
  read(path: string): Promise<Uint8Array | null>
  size(path: string): Promise<number>
}

/** Reads a real directory; symlinks are not followed (they could leave the tree or loop). */
export function fsReader(root: string): RepoReader {
  return {
    async list(dir) {
      const entries = await readdir(join(root, dir), { withFileTypes: true })
      return entries
        .filter((e) => e.isDirectory() || e.isFile())
        .map((e) => ({ name: e.name, dir: e.isDirectory() }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    },
    async read(path) {
      try {
        return await readFile(join(root, path))
      } catch {
        return null
      }
    },
    async size(path) {
      return (await stat(join(root, path))).size
    },
  }
}

/** An in-memory tree for tests: keys are POSIX paths, values file contents. */
export function memoryReader(files: Record<string, string>): RepoReader {
  const enc = new TextEncoder()
  const paths = Object.keys(files).sort()
  return {
    async list(dir) {
      const prefix = dir === '' ? '' : `${dir}/`
      const seen = new Map<string, boolean>()
      for (const p of paths) {
        if (!p.startsWith(prefix)) continue
        const rest = p.slice(prefix.length)
        const slash = rest.indexOf('/')
        seen.set(slash === -1 ? rest : rest.slice(0, slash), slash !== -1)
      }
      return [...seen]
        .map(([name, isDir]) => ({ name, dir: isDir }))
        .sort((a, b) => (a.name < b.name ? -1 : 1))
    },
    async read(path) {
      const text = files[path]
      return text === undefined ? null : enc.encode(text)
    },
    async size(path) {
      return enc.encode(files[path] ?? '').length
    },
  }
}
