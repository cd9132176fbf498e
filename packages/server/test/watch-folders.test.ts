import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { waitFor } from '@routewright/node-support/ports'
import { afterEach, expect, it } from 'vitest'
import { watchWorkspace } from '../src/watch.ts'

let root: string
let stop = () => {}
afterEach(() => {
  stop()
  rmSync(root, { recursive: true, force: true })
})

it('says that folders past the cap are not watched, naming the first, where their edits went unnoticed silently', async () => {
  root = mkdtempSync(path.join(tmpdir(), 'rw-watch-'))
  for (const folder of ['a', 'b', 'c', 'd']) mkdirSync(path.join(root, folder))
  const said: string[] = []
  let changes = 0
  stop = watchWorkspace(root, path.join(root, 'x.directory.yaml'), () => void changes++, {
    debounceMs: 10,
    maxFolders: 3,
    onError: (error) => void said.push(error.message),
  })
  await waitFor('the folders synced', () => said.length > 0, 10_000)
  expect(said).toEqual([
    'the workspace has 5 folders and at most 3 are watched: edits under 2 of them (the first "c") are not noticed; move strategies into fewer folders, or reload by hand',
  ])
  // said again when the count changes (a folder added), not on every sync
  mkdirSync(path.join(root, 'e'))
  await waitFor('the new folder synced', () => said.length > 1, 10_000)
  expect(said[1]).toContain('the workspace has 6 folders and at most 3 are watched: edits under 3 of them')
  writeFileSync(path.join(root, 'a', 'new.strategy.yaml'), 'strategy: n\n')
  await waitFor('the change noticed', () => changes > 0, 10_000)
  expect(said).toHaveLength(2)
})
