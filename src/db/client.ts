/**
 * @module Opens the database a Node or Deno process uses, from `DATABASE_URL`.
 *
 * - unset → embedded PGlite in `./.data` (first run, no set-up)
 * - `memory://` → in-memory PGlite (unit tests)
 * - `postgres://…` / `postgresql://…` → postgres.js
 *
 * The Worker entry does not use this module: it imports `postgres.ts` only, so PGlite's WASM stays
 * out of its bundle.
 */
import type { Database } from './types.ts'

export interface OpenOptions {
  /** PGlite data directory used when the URL is unset. */
  dataDir?: string
  /** postgres.js pool size. */
  max?: number
}

export async function openDatabase(url: string | undefined, opts: OpenOptions = {}): Promise<Database> {
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const { openPostgres } = await import('./postgres.ts')
    return openPostgres(url, { max: opts.max })
  }
  const { openPglite } = await import('./pglite.ts')
  if (url === 'memory://') return openPglite()
  if (url) throw new Error('DATABASE_URL must be postgres://, postgresql:// or memory://')
  return openPglite({ dataDir: opts.dataDir ?? './.data' })
}
