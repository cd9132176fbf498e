import { defineConfig } from 'vite'
import { nodeBundle } from '../node-support/vite-node-bundle.config.ts'

// The history writer thread as one ESM file for Node 20 (dist/recorder-worker.js): a worker thread cannot load the
// package's TypeScript, so createHistoryRecorder starts this build when run from source. npm dependencies stay
// external. The CLI bundles the same entry beside its own files. dist/index.js is the package as a host runs it
// (bundled into serve and the CLI): the benchmarks load it natively, as they load the router's build.
export default defineConfig(
  nodeBundle(import.meta.dirname, {
    index: 'src/index.ts',
    'recorder-worker': 'src/recorder-worker.ts',
    // the recorder's packer for the store-throughput bench (the same chunk as index.js's)
    packing: 'src/packing-entry.ts',
  }),
)
