import { defineConfig, mergeConfig } from 'vite'
import { nodeBundle } from '../node-support/vite-node-bundle.config.ts'

// ESM files for Node 20: the binary's entry, the package entry and the workers (a sibling entry, so the
// worker finds it next to the bundle). The published Routewright packages stay external, like every npm dependency:
// the published CLI imports their built JavaScript, so an application and the CLI share one runtime. The private
// helpers (node-support, language-server, history) are bundled in.
export default defineConfig(
  mergeConfig(
    nodeBundle(import.meta.dirname, {
      index: 'src/index.ts',
      routewright: 'src/main.ts',
      'validate-worker': 'src/validate-worker.ts',
      // the history writer thread: @routewright/history starts it from beside its bundled code
      'recorder-worker': '../history/src/recorder-worker.ts',
      // a test run's thread in `routewright lsp`: the language server starts it from beside its bundled code
      'test-run-worker': '../language-server/src/test-run-worker.ts',
    }),
    {
      build: { rollupOptions: { external: [/^@routewright\/(strategy-dsl|strategy-runtime|server)(\/|$)/] } },
      ssr: { target: 'node', noExternal: [/^@routewright\/(node-support|language-server|history)(\/|$)/] },
    },
  ),
)
