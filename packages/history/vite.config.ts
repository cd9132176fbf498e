import { defineConfig } from 'vite'

// The history writer thread as one ESM file for Node 20 (dist/recorder-worker.js): a worker thread cannot load the
// package's TypeScript, so createHistoryRecorder starts this build when run from source. npm dependencies stay
// external. The CLI bundles the same entry beside its own files.
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
      input: { 'recorder-worker': 'src/recorder-worker.ts' },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
})
