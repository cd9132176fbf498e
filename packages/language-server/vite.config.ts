import { defineConfig } from 'vite'

// The test-run thread as one ESM file for Node 20 (dist/test-run-worker.js): a worker thread cannot load the
// package's TypeScript, so the server run from source (vitest) starts this build. npm dependencies stay external.
// The CLI bundles the same entry beside its own files, the VS Code extension beside its server.mjs.
export default defineConfig({
  root: import.meta.dirname,
  logLevel: 'warn',
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'dist',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: { 'test-run-worker': 'src/test-run-worker.ts' },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
})
