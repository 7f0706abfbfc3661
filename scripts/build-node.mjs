/**
 * Bundles the Node entry (src/runtimes/node.ts and everything it imports from src/) into one ES
 * module at dist/node/server.mjs; npm packages stay external and load from node_modules. `npm start`
 * runs this first: a single pre-compiled file starts far faster than compiling each TypeScript
 * module on the fly. dist/node/ sits as deep as src/db/, so `import.meta.url`-relative paths (the
 * drizzle/ migrations folder) resolve the same from the bundle as from the source.
 */
import { build } from 'esbuild'

await build({
  entryPoints: ['src/runtimes/node.ts'],
  outfile: 'dist/node/server.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // npm packages load from node_modules as they are (several are CommonJS that must not be bundled
  // into an ES module, PGlite loads its WASM next to itself, ccxt is imported lazily).
  packages: 'external',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
})
