import { defineConfig } from 'vite'

// Bundles the designer's local server (Node built-ins only) into one ES module for Node 20.
export default defineConfig({
  root: import.meta.dirname,
  publicDir: false,
  build: {
    ssr: 'server/serve.ts',
    outDir: 'dist-server',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: { output: { format: 'es', entryFileNames: 'serve.mjs' } },
  },
})
