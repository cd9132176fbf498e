// The production build ships no test hooks: __rwStore, __rwCodeEditor, __rwNodeRenders, __rwRenderFault,
// __rwResizeTimers, __rwRoutings and __rwNodeLists are compiled in only with `--mode e2e` (src/core/test-hooks.ts). Read from the bundle's files and from a served page.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { waitForCodeView } from './code-helpers.ts'
import { DEFAULT_DIST, type DesignerSession, startDesigner } from './harness.ts'
import { ensureTestBuild } from './test-build.ts'

const HOOKS = [
  '__rwStore',
  '__rwCodeEditor',
  '__rwNodeRenders',
  '__rwRenderFault',
  '__rwResizeTimers',
  '__rwRoutings',
  '__rwNodeLists',
] as const

async function bundleFiles(dist: string): Promise<string[]> {
  const entries = await readdir(dist, { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile() && /\.(js|mjs|html)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
}

/** `name in file` for every hook name found in a built file of `dist`. */
async function hooksIn(dist: string): Promise<string[]> {
  const files = await bundleFiles(dist)
  expect(files.length, `no built designer in ${dist}: run npm run build`).toBeGreaterThan(0)
  const found: string[] = []
  for (const file of files) {
    const text = await readFile(file, 'utf8')
    for (const name of HOOKS) if (text.includes(name)) found.push(`${name} in ${file.slice(dist.length + 1)}`)
  }
  return found
}

/** The hooks a served designer has on `window` once a strategy is drawn and the code view has loaded. */
async function hooksOnWindow(session: DesignerSession): Promise<string[]> {
  await session.openFile('vip-routing.strategy.yaml')
  await waitForCodeView(session.page)
  return session.page.evaluate(
    (names) => names.filter((name) => (globalThis as Record<string, unknown>)[name] !== undefined),
    [...HOOKS],
  )
}

let session: DesignerSession | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

it('the production bundle contains none of the test hooks', async () => {
  expect(await hooksIn(DEFAULT_DIST)).toEqual([])
})

it('the test build has them, so the check above can fail', async () => {
  const found = await hooksIn(await ensureTestBuild())
  expect(HOOKS.filter((name) => !found.some((f) => f.startsWith(`${name} `)))).toEqual([])
})

it('a page served from the production build has no test hook on window', async () => {
  session = await startDesigner({ dist: DEFAULT_DIST, open: false })
  expect(await hooksOnWindow(session)).toEqual([])
})

it('a page served from the test build has the store, code editor, render, routing and node-list counts on window', async () => {
  session = await startDesigner({ open: false })
  expect(await hooksOnWindow(session)).toEqual([
    '__rwStore',
    '__rwCodeEditor',
    '__rwNodeRenders',
    '__rwRoutings',
    '__rwNodeLists',
  ])
})
