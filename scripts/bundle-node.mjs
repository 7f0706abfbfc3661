/**
 * The one esbuild recipe for Node bundles: the server `npm start` runs (scripts/build-node.mjs)
 * and the benchmarks' servers, so a benchmark measures the code as production runs it (no
 * per-module TypeScript loader, no keep-names helpers).
 */
import { build } from 'esbuild'

/**
 * @param {string} entry - the TypeScript entry point
 * @param {string} outfile - keep it as deep below the root as src/db/: `import.meta.url`-relative
 *   paths (the drizzle/ migrations folder) then resolve the same from the bundle as from the source
 */
export async function bundleNode(entry, outfile) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // npm packages load from node_modules as they are (several are CommonJS that must not be
    // bundled into an ES module, PGlite loads its WASM next to itself, ccxt is imported lazily).
    packages: 'external',
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  })
  return outfile
}
