// The production build ships no test hooks: the render-fault hook is compiled in only with `--mode e2e`.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { DEFAULT_DIST } from './harness.ts'

async function bundleFiles(): Promise<string[]> {
  const entries = await readdir(DEFAULT_DIST, { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile() && /\.(js|mjs|html)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
}

it('the built bundle does not contain the render-fault test hook', async () => {
  const files = await bundleFiles()
  expect(files.length, `no built designer in ${DEFAULT_DIST}: run npm run build`).toBeGreaterThan(0)
  const withHook: string[] = []
  for (const file of files)
    if ((await readFile(file, 'utf8')).includes('__rwRenderFault')) withHook.push(file)
  expect(withHook).toEqual([])
})
