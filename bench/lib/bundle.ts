/**
 * Benchmarks run their servers as production runs the app: bundled by the same esbuild recipe as
 * `npm start` (scripts/bundle-node.mjs), not through the TypeScript loader, whose per-module
 * transform adds helpers (keep-names wrappers on every function created) the bundle does not have.
 */
import { fileURLToPath } from 'node:url'
// @ts-expect-error: a plain .mjs build script without type declarations
import { bundleNode } from '../../scripts/bundle-node.mjs'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Bundles `entry` to dist/bench/<name>.mjs (as deep as src/db/, see bundle-node.mjs); returns its path. */
export async function bundleBench(name: string, entry: URL): Promise<string> {
  return (await bundleNode(fileURLToPath(entry), `${ROOT}dist/bench/${name}.mjs`)) as string
}
