import { defineConfig } from 'vite'
import { nodeBundle } from '../node-support/vite-node-bundle.config.ts'

// The test-run thread as one ESM file for Node 20 (dist/test-run-worker.js): a worker thread cannot load the
// package's TypeScript, so the server run from source (vitest) starts this build. npm dependencies stay external.
// The CLI bundles the same entry beside its own files, the VS Code extension beside its server.mjs.
export default defineConfig(nodeBundle(import.meta.dirname, { 'test-run-worker': 'src/test-run-worker.ts' }))
