import { defineConfig } from 'vite'

// Two self-contained files for the .vsix: the extension (CommonJS, `vscode` provided by the editor) and the
// language server (ES module with every dependency inlined, so the extension ships no node_modules).
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
      input: mode === 'extension' ? { extension: 'src/extension.ts' } : { server: 'src/server.ts' },
      external: ['vscode'],
      output:
        mode === 'extension'
          ? { format: 'cjs', entryFileNames: '[name].js' }
          : { format: 'es', entryFileNames: '[name].mjs', codeSplitting: false },
    },
  },
  ssr: { target: 'node', noExternal: true },
}))
