// @vitest-environment node
// A save whose write is slow must not overwrite an edit made on disk while it was writing.
import { mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from './api-error.ts'
import { atomicReplace } from './atomic-write.ts'
import { versionOf } from './workspace-scan.ts'
import { createWorkspaceStore } from './workspace-store.ts'

vi.setConfig({ testTimeout: 30_000 })

const FILE = 'a.strategy.yaml'
const BASE = 'strategy: a\n'
const MINE = 'strategy: a\ntitle: mine\n'
const THEIRS = 'strategy: a\ntitle: from git pull\n'

let root: string
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

async function workspace(): Promise<string> {
  root = await realpath(await mkdtemp(join(tmpdir(), 'rw-race-')))
  await writeFile(join(root, FILE), BASE, { mode: 0o640 })
  return root
}

/** An atomic replace that lets `during` run (the outside edit) before it writes, as a slow disk would. */
function slowReplace(during: () => Promise<void>) {
  return async (target: string, bytes: Buffer) => {
    await during()
    await atomicReplace(target, bytes)
  }
}

describe('save under a slow write', () => {
  it('reports a conflict and keeps the edit made on disk during the write', async () => {
    const dir = await workspace()
    const store = createWorkspaceStore(dir, {
      atomicReplace: slowReplace(() => writeFile(join(dir, FILE), THEIRS)),
    })
    const save = store.write({ path: FILE, text: MINE, baseVersion: versionOf(Buffer.from(BASE)) })
    const error = await save.then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(409)
    expect((error as ApiError).current?.text).toBe(THEIRS)
    expect(await readFile(join(dir, FILE), 'utf8')).toBe(THEIRS)
    // the staged copy is cleaned up: only the file itself is left
    expect(await readdir(dir)).toEqual([FILE])
  })

  it('reports a conflict when the file is deleted during the write', async () => {
    const dir = await workspace()
    const store = createWorkspaceStore(dir, {
      atomicReplace: slowReplace(() => rm(join(dir, FILE))),
    })
    const error = await store
      .write({ path: FILE, text: MINE, baseVersion: versionOf(Buffer.from(BASE)) })
      .catch((e: unknown) => e)
    expect((error as ApiError).status).toBe(409)
    expect((error as ApiError).current).toBeNull()
    expect(await readdir(dir)).toEqual([])
  })

  it('saves when nothing changed during the write, keeping the mode', async () => {
    const dir = await workspace()
    const store = createWorkspaceStore(dir, { atomicReplace: slowReplace(async () => {}) })
    const meta = await store.write({ path: FILE, text: MINE, baseVersion: versionOf(Buffer.from(BASE)) })
    expect(meta.version).toBe(versionOf(Buffer.from(MINE)))
    expect(await readFile(join(dir, FILE), 'utf8')).toBe(MINE)
    expect((await stat(join(dir, FILE))).mode & 0o777).toBe(0o640)
    expect(await readdir(dir)).toEqual([FILE])
  })

  it('runs two saves of one file one after the other: the second sees the first and conflicts', async () => {
    const dir = await workspace()
    let release!: () => void
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const store = createWorkspaceStore(dir, { atomicReplace: slowReplace(() => gate) })
    const base = versionOf(Buffer.from(BASE))
    const first = store.write({ path: FILE, text: MINE, baseVersion: base })
    const second = store.write({ path: FILE, text: THEIRS, baseVersion: base }).catch((e: unknown) => e)
    release()
    await first
    expect(((await second) as ApiError).status).toBe(409)
    expect(await readFile(join(dir, FILE), 'utf8')).toBe(MINE)
  })
})
