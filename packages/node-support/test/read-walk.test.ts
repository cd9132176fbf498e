import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { readBoundedFile, walkFiles } from '../src/index.ts'

let folder: string
afterEach(() => rmSync(folder, { recursive: true, force: true }))

it('reads regular files within the cap and refuses devices, FIFOs, folders and files over it', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-read-'))
  writeFileSync(path.join(folder, 'small'), 'hello')
  writeFileSync(path.join(folder, 'big'), 'x'.repeat(2000))
  execFileSync('mkfifo', [path.join(folder, 'fifo')])
  const reason = async (file: string, max = 1000) => {
    const read = await readBoundedFile(file, max)
    return read.ok ? Buffer.from(read.bytes).toString() : `${read.reason}: ${read.message}`
  }
  expect(await reason(path.join(folder, 'small'))).toBe('hello')
  expect(await reason(path.join(folder, 'big'))).toBe(
    'too-large: The file is 2 kB, over the 1000 bytes limit',
  )
  expect(await reason(path.join(folder, 'fifo'))).toBe(
    'not-a-file: Refused to read: it is a named pipe (FIFO)',
  )
  expect(await reason('/dev/zero')).toBe('not-a-file: Refused to read: it is a device')
  expect(await reason(folder)).toBe('not-a-file: Refused to read: it is a folder')
  expect(await reason(path.join(folder, 'missing'))).toBe(
    'unreadable: Cannot read the file: it does not exist (ENOENT)',
  )
  symlinkSync('loop', path.join(folder, 'loop'))
  expect(await reason(path.join(folder, 'loop'))).toBe(
    'unreadable: Cannot read the file: it is a symbolic link loop, its links lead back to themselves (ELOOP); fix or remove the link',
  )
})

it('walks with one skip list, never follows links, and lists the links it skipped', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-walk-'))
  for (const file of [
    'a/x.strategy.yaml',
    'a/notes.txt',
    'node_modules/p/y.strategy.yaml',
    '.git/z.strategy.yaml',
    'dist/d.strategy.yaml',
    'b/c/w.test.yaml',
  ]) {
    mkdirSync(path.dirname(path.join(folder, file)), { recursive: true })
    writeFileSync(path.join(folder, file), '')
  }
  symlinkSync('../b', path.join(folder, 'a/link-to-b'))
  symlinkSync('x.strategy.yaml', path.join(folder, 'a/alias.strategy.yaml'))
  symlinkSync('../../elsewhere', path.join(folder, 'node_modules/p/ignored'))
  const result = await walkFiles(folder, { accept: (name) => name.endsWith('.yaml') })
  const rel = (files: string[]) => files.map((f) => path.relative(folder, f))
  expect(rel(result.files)).toEqual(['a/x.strategy.yaml', 'b/c/w.test.yaml'])
  expect(rel(result.skippedLinks)).toEqual(['a/alias.strategy.yaml', 'a/link-to-b'])
  // the folders entered, for watchers: root first, none of the skipped ones, no linked folder
  expect(rel(result.folders)).toEqual(['', 'a', 'b', 'b/c'])
})

it('lists the entries named like documents that are not files, so a caller can say why it skipped them', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-walk-'))
  writeFileSync(path.join(folder, 'ok.strategy.yaml'), '')
  mkdirSync(path.join(folder, 'folder.strategy.yaml'))
  execFileSync('mkfifo', [path.join(folder, 'pipe.strategy.yaml')])
  mkdirSync(path.join(folder, 'node_modules'))
  execFileSync('mkfifo', [path.join(folder, 'node_modules/skipped.strategy.yaml')])
  const result = await walkFiles(folder, { accept: (name) => name.endsWith('.yaml') })
  const rel = (files: string[]) => files.map((f) => path.relative(folder, f))
  expect(rel(result.files)).toEqual(['ok.strategy.yaml'])
  expect(rel(result.notFiles)).toEqual(['folder.strategy.yaml', 'pipe.strategy.yaml'])
})

it('stops at maxDepth and lists only the folders it entered', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-walk-'))
  for (const file of ['top.strategy.yaml', 'a/mid.strategy.yaml', 'a/b/deep.strategy.yaml']) {
    mkdirSync(path.dirname(path.join(folder, file)), { recursive: true })
    writeFileSync(path.join(folder, file), '')
  }
  const result = await walkFiles(folder, { accept: () => true, maxDepth: 1 })
  const rel = (files: string[]) => files.map((f) => path.relative(folder, f))
  expect(rel(result.files)).toEqual(['a/mid.strategy.yaml', 'top.strategy.yaml'])
  expect(rel(result.folders)).toEqual(['', 'a'])
})
