// @vitest-environment node
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import type { WorkspaceChange } from '../src/api/protocol.ts'
import { versionOf } from './workspace-scan.ts'
import { createWorkspaceWatcher, type WorkspaceWatcher } from './workspace-watch.ts'

let root: string
let watcher: WorkspaceWatcher | undefined
afterEach(async () => {
  watcher?.close()
  await rm(root, { recursive: true, force: true })
})

/** A new workspace folder holding `name` with `text`; returns the file's path. */
async function oneFile(name: string, text: string): Promise<string> {
  root = await mkdtemp(join(tmpdir(), 'rw-watch-'))
  const file = join(root, name)
  await writeFile(file, text)
  return file
}

/** Watches `root` with no fs.watch and a poll that never fires in a test: only the scans a test asks for run. */
async function watchScansOnly(): Promise<{ seen: WorkspaceChange[]; scan: () => Promise<void> }> {
  const seen: WorkspaceChange[] = []
  const watching = await createWorkspaceWatcher({
    root,
    onChange: (c) => seen.push(c),
    useFsWatch: false,
    intervalMs: 60_000,
  })
  watcher = watching
  return { seen, scan: () => watching.refresh() }
}

it('reports an outside write caught half-way (truncated, bytes not yet written) once, with its final content', async () => {
  const file = await oneFile('a.strategy.yaml', 'id: a\n')
  const { seen, scan } = await watchScansOnly()
  await truncate(file, 0) // what writeFile does first; a scan lands here
  const scanning = scan()
  await writeFile(file, 'id: a\nversion: 2\n')
  await scanning
  expect(seen).toEqual([
    {
      type: 'changed',
      path: 'a.strategy.yaml',
      kind: 'strategy',
      version: versionOf(Buffer.from('id: a\nversion: 2\n')),
      origin: null,
    },
  ])
})

it('still reports a file that keeps changing, after a bounded number of scans', async () => {
  const file = await oneFile('busy.strategy.yaml', 'id: busy\n')
  const { seen, scan } = await watchScansOnly()
  let writes = 0
  await writeFile(file, 'id: busy\n# first\n')
  const writer = setInterval(() => void writeFile(file, `id: busy\n# ${writes++}\n`), 10)
  try {
    await scan()
  } finally {
    clearInterval(writer)
  }
  expect(seen.length).toBe(1)
  expect(seen[0]).toMatchObject({ type: 'changed', path: 'busy.strategy.yaml' })
})
