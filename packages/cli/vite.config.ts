import { defineConfig } from 'vite'

// One ESM file for Node 20: the workspace packages (TypeScript source) are bundled in, npm dependencies stay
// external and load from node_modules at run time.
export default defineConfig({
  root: import.meta.dirname,
  logLevel: 'warn',
  build: {
    ssr: 'src/main.ts',
    target: 'node20',
    outDir: 'dist',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    rollupOptions: {
      output: { format: 'es', entryFileNames: 'routewright.js' },
    },
  },
  ssr: {
    target: 'node',
    noExternal: [/^@routewright\//],
  },
})
