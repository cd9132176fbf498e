import { defineConfig } from 'vite'

// ESM files for Node 20: the binary's entry and the validate worker (a sibling entry, so the worker finds it next
// to the bundle). The workspace packages (TypeScript source) are bundled in, npm dependencies stay external.
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
      input: { routewright: 'src/main.ts', 'validate-worker': 'src/validate-worker.ts' },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
  ssr: {
    target: 'node',
    noExternal: [/^@routewright\//],
  },
})
