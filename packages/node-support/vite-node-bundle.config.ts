// The Vite options every Node bundle of the workspace shares: history's writer thread, the language server's
// test-run thread and the CLI each build ESM files for Node 20 this way, so the three cannot drift apart. It lives in
// node-support because those three packages already depend on it and it depends on none of them: importing it keeps
// every dependency pointing one way (in the CLI it would point back up, from history and the language server).
// A build helper, not the package's code: outside src, so it is neither built nor published.
import type { UserConfig } from 'vite'

/**
 * An SSR build of `input` (entry name -> source file, relative to `root`) into `root`/dist as `[name].js`, shared
 * code in `[name]-[hash].js`: ESM for Node 20, readable (not minified) with source maps, npm dependencies external
 * (Vite's SSR default). Add to it with Vite's `mergeConfig`.
 */
export function nodeBundle(root: string, input: Record<string, string>): UserConfig {
  return {
    root,
    logLevel: 'warn',
    build: {
      ssr: true,
      target: 'node20',
      outDir: 'dist',
      emptyOutDir: true,
      minify: false,
      sourcemap: true,
      rollupOptions: {
        input,
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  }
}
