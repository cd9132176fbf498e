import { defineConfig } from 'vite'

// Three self-contained files for the .vsix: the extension (CommonJS, `vscode` provided by the editor), the
// language server and the thread its test runs start beside it (ES modules with every dependency inlined, so the
// extension ships no node_modules; one build per file, as a single-file output takes one entry).
export default defineConfig(({ mode }) => ({
  root: import.meta.dirname,
  logLevel: 'warn',
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'dist',
    emptyOutDir: mode === 'extension',
    minify: true,
    sourcemap: false,
    rollupOptions: {
      input:
        mode === 'extension'
          ? { extension: 'src/extension.ts' }
          : mode === 'worker'
            ? { 'test-run-worker': '../../packages/language-server/src/test-run-worker.ts' }
            : { server: 'src/server.ts' },
      external: ['vscode'],
      output:
        mode === 'extension'
          ? { format: 'cjs', entryFileNames: '[name].js' }
          : { format: 'es', entryFileNames: '[name].mjs', codeSplitting: false },
    },
  },
  ssr: { target: 'node', noExternal: true },
}))
