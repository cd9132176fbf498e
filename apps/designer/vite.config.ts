import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defaultClientConditions, defineConfig } from 'vite'

// monaco-yaml's worker imports a deep Monaco path that Monaco 0.56+'s exports map no longer allows
const monacoRoot = resolve(import.meta.dirname, '../../node_modules/monaco-editor')
const monacoWorkerAlias = {
  find: /^monaco-editor\/esm\/vs\/editor\/editor\.worker(\.js)?$/,
  replacement: resolve(monacoRoot, 'esm/vs/editor/editor.worker.js'),
}

// The browser app. Monaco (about 4 MB) goes into its own chunks, loaded lazily after the canvas is interactive.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  // the workspace packages from their TypeScript source (their `exports` send published users to dist)
  resolve: { alias: [monacoWorkerAlias], conditions: ['@routewright/source', ...defaultClientConditions] },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Vite's preload helper, used by every lazy import: in a group of its own, or the bundler puts it in
            // the Monaco chunk and the app's entry then loads and runs all of Monaco before the canvas shows
            { name: 'preload', test: /vite[\\/]preload-helper/, priority: 30 },
            {
              name: 'monaco',
              test: /node_modules[\\/](monaco-editor|monaco-yaml|@monaco-editor)/,
              priority: 20,
            },
            { name: 'flow', test: /node_modules[\\/](@xyflow|d3-|zustand|classcat)/, priority: 10 },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: { port: 5173, strictPort: false },
})
