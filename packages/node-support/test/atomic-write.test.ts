import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, expect, it, vi } from 'vitest'

// every fs call the module makes, in order, so the test can see that data reaches the disk before the rename
const calls: string[] = []
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>()
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      const handle = await real.open(...args)
      const sync = handle.sync.bind(handle)
      handle.sync = async () => {
        calls.push(`fsync ${path.basename(String(args[0]))}`)
        return sync()
      }
      return handle
    },
    rename: async (from: string, to: string) => {
      calls.push(`rename -> ${path.basename(to)}`)
      return real.rename(from, to)
    },
  }
})

const { atomicReplace, ReadOnlyFileError } = await import('../src/index.ts')

let folder: string
afterEach(() => {
  rmSync(folder, { recursive: true, force: true })
  calls.length = 0
})

it('fsyncs the temporary file before renaming it over the target, then syncs the folder; mode kept', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-atomic-'))
  const target = path.join(folder, 'a.strategy.yaml')
  writeFileSync(target, 'old\n', { mode: 0o640 })
  await atomicReplace(target, Buffer.from('new\n'))
  expect(readFileSync(target, 'utf8')).toBe('new\n')
  expect(statSync(target).mode & 0o777).toBe(0o640)
  const fsyncTemp = calls.findIndex((c) => /^fsync \.a\.strategy\.yaml\.[0-9a-f]+\.tmp$/.test(c))
  const rename = calls.indexOf('rename -> a.strategy.yaml')
  expect(fsyncTemp).toBeGreaterThanOrEqual(0)
  expect(rename).toBeGreaterThan(fsyncTemp)
  expect(calls.slice(rename + 1)).toContain(`fsync ${path.basename(folder)}`)
  expect(readdirSync(folder)).toEqual(['a.strategy.yaml'])
})

it('removes its temporary file when the rename fails, leaving the target as it was', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-atomic-'))
  // a folder where the file should be: the temp file is written, the rename over a folder fails
  const target = path.join(folder, 'b.strategy.yaml')
  mkdirSync(target)
  writeFileSync(path.join(target, 'inside'), 'x')
  await expect(atomicReplace(target, Buffer.from('new\n'))).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/)
  expect(readdirSync(folder)).toEqual(['b.strategy.yaml'])
  expect(readdirSync(target)).toEqual(['inside'])
})

it('keeps an edit made on disk since the caller read the file, and leaves no temporary file', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-atomic-'))
  const target = path.join(folder, 'c.strategy.yaml')
  writeFileSync(target, 'edited meanwhile\n')
  const read = 'as read\n'
  await expect(
    atomicReplace(target, Buffer.from('formatted\n'), {
      unchanged: (current) => Buffer.from(current).toString() === read,
    }),
  ).rejects.toThrow('c.strategy.yaml changed on disk while it was being rewritten; it was left as it is')
  expect(readFileSync(target, 'utf8')).toBe('edited meanwhile\n')
  expect(readdirSync(folder)).toEqual(['c.strategy.yaml'])
  // unchanged since: replaced
  await atomicReplace(target, Buffer.from('formatted\n'), { unchanged: () => true })
  expect(readFileSync(target, 'utf8')).toBe('formatted\n')
})

it('refuses to replace a read-only file, even as root, and leaves it and its folder as they were', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-atomic-'))
  const target = path.join(folder, 'd.strategy.yaml')
  writeFileSync(target, 'protected\n', { mode: 0o444 })
  const refused = atomicReplace(target, Buffer.from('new\n'))
  await expect(refused).rejects.toBeInstanceOf(ReadOnlyFileError)
  await expect(refused).rejects.toThrow(`${target} is read-only (mode 0444); it was left as it is`)
  expect(readFileSync(target, 'utf8')).toBe('protected\n')
  expect(statSync(target).mode & 0o777).toBe(0o444)
  expect(readdirSync(folder)).toEqual(['d.strategy.yaml'])
  expect(calls).toEqual([])
})

it('replaces the file a symbolic link names and keeps the link, where the link became a copy', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-atomic-'))
  mkdirSync(path.join(folder, 'shared'))
  const real = path.join(folder, 'shared', 'report.html')
  writeFileSync(real, 'old\n')
  const linked = path.join(folder, 'report.html')
  symlinkSync(path.join('shared', 'report.html'), linked)
  await atomicReplace(linked, Buffer.from('new\n'))
  expect(lstatSync(linked).isSymbolicLink()).toBe(true)
  expect(readFileSync(real, 'utf8')).toBe('new\n')
  expect(readdirSync(path.join(folder, 'shared'))).toEqual(['report.html'])
})

it('writes through a link to nothing, creating the file it names, where the link became a plain file', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'rw-atomic-'))
  mkdirSync(path.join(folder, 'shared'))
  const linked = path.join(folder, 'report.html')
  symlinkSync(path.join('shared', 'report.html'), linked)
  await atomicReplace(linked, Buffer.from('new\n'))
  expect(lstatSync(linked).isSymbolicLink()).toBe(true)
  expect(readFileSync(path.join(folder, 'shared', 'report.html'), 'utf8')).toBe('new\n')
  expect(readdirSync(path.join(folder, 'shared'))).toEqual(['report.html'])
})
