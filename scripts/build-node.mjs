/**
 * Bundles the Node entry (src/runtimes/node.ts and everything it imports from src/) into one ES
 * module at dist/node/server.mjs; npm packages stay external and load from node_modules. `npm start`
 * runs this first: a single pre-compiled file starts far faster than compiling each TypeScript
 * module on the fly. dist/node/ sits as deep as src/db/, so `import.meta.url`-relative paths (the
 * drizzle/ migrations folder) resolve the same from the bundle as from the source.
 */
import { bundleNode } from './bundle-node.mjs'

await bundleNode('src/runtimes/node.ts', 'dist/node/server.mjs')
