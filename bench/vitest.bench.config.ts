import path from 'node:path'
import { defineConfig } from 'vitest/config'

// `npm run bench` (scripts/bench.mjs) runs this config alone; the root config never includes bench/.
export default defineConfig({
  root: import.meta.dirname,
  test: {
    include: ['suite.ts'],
    testTimeout: 30 * 60_000,
    fileParallelism: false,
    // The workspace packages' builds load as Node loads them for a host (native import), not rewritten by vitest's
    // module runner: its rewrite turns every call across modules into a property read, which cost the router and
    // simulate() about a quarter of their speed here while a baseline written in one bench file hardly pays it.
    server: { deps: { external: [/\/packages\/[^/]+\/dist\//] } },
  },
  resolve: {
    // @routewright/history exports its TypeScript (serve and the CLI bundle it): its build here, so the recorder's
    // packer on the routing thread runs as a host runs it, not rewritten while the router beside it runs natively
    alias: [
      {
        find: /^@routewright\/history$/,
        replacement: path.join(import.meta.dirname, '../packages/history/dist/index.js'),
      },
      {
        // the recorder's packer from the same build (one copy of it with the recorder's, run natively)
        find: /^@routewright\/history\/packing$/,
        replacement: path.join(import.meta.dirname, '../packages/history/dist/packing.js'),
      },
    ],
  },
})
