// Several processes opening one new SQLite store at once (serve processes started together on one Redis): each
// migrates under the file's write lock, so the later ones wait and find the schema done, none fails on "table
// interactions already exists" or "duplicate column name".
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const folder = mkdtempSync(path.join(tmpdir(), 'rw-migrate-race-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

// a child process cannot load the TypeScript: the built package (global-setup keeps it up to date)
const built = pathToFileURL(path.resolve(import.meta.dirname, '../dist/index.js')).href

/** Opens (migrating) and closes the store in a process of its own: its exit code and stderr. */
function openInProcess(file: string): Promise<{ code: number; stderr: string }> {
  const script = `const { openStore } = await import(${JSON.stringify(built)}); const s = await openStore(${JSON.stringify(`sqlite:${file}`)}); await s.close()`
  return new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], (error, _stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
    )
  })
}

describe('SQLite migration', () => {
  it('lets four processes open one new store at once, every one of them', { timeout: 60_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      const file = path.join(folder, `new-${round}.db`)
      const runs = await Promise.all([1, 2, 3, 4].map(() => openInProcess(file)))
      expect(runs.map((run) => run.stderr)).toEqual(['', '', '', ''])
      expect(runs.map((run) => run.code)).toEqual([0, 0, 0, 0])
    }
  })
})
