// The designer built with its test hooks (`vite build --mode e2e`, into dist-e2e/): the browser tests and benchmarks
// serve it (they read __rwStore, __rwCodeEditor, __rwNodeRenders, set __rwRenderFault); the production build has none.
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'

const DESIGNER_DIR = resolve(import.meta.dirname, '..')
export const TEST_DIST = join(DESIGNER_DIR, 'dist-e2e')

/**
 * Sources the bundle takes besides the app's own: the build resolves the workspace packages it imports to their
 * src/ (the `@routewright/source` condition), so an edit there makes the test build stale too.
 */
const PACKAGE_SOURCES = ['strategy-dsl', 'strategy-runtime', 'history', 'server'].map((name) =>
  join(DESIGNER_DIR, '..', '..', 'packages', name, 'src'),
)

/** The newest modification time of the app's sources (code, styles, the page and the build config). */
async function newestAppSourceMs(): Promise<number> {
  let newest = (await stat(join(DESIGNER_DIR, 'vite.config.ts'))).mtimeMs
  newest = Math.max(newest, (await stat(join(DESIGNER_DIR, 'index.html'))).mtimeMs)
  for (const folder of [join(DESIGNER_DIR, 'src'), ...PACKAGE_SOURCES]) {
    for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || /\.test\.tsx?$/.test(entry.name)) continue
      newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs)
    }
  }
  return newest
}

/**
 * Builds dist-e2e/ when missing or older than the app's sources (about 15 s) and returns its path. Built aside
 * and renamed in, so a concurrent run never serves half a build.
 */
export async function ensureTestBuild(): Promise<string> {
  const marker = join(TEST_DIST, 'index.html')
  const built = existsSync(marker) ? (await stat(marker)).mtimeMs : 0
  if (built >= (await newestAppSourceMs())) return TEST_DIST
  const outDir = await mkdtemp(join(DESIGNER_DIR, '.dist-e2e-'))
  try {
    const { build } = await import('vite')
    await build({
      configFile: join(DESIGNER_DIR, 'vite.config.ts'),
      mode: 'e2e',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    })
    await rm(TEST_DIST, { recursive: true, force: true })
    await rename(outDir, TEST_DIST)
  } finally {
    await rm(outDir, { recursive: true, force: true })
  }
  return TEST_DIST
}
