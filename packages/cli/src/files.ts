import { constants } from 'node:fs'
import { open, readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { glob, isDynamicPattern } from 'tinyglobby'
import { UsageError } from './args.ts'

/** The kinds of file the CLI reads, by name suffix. */
export type FileKind = 'strategy' | 'directory' | 'test'

const SUFFIXES: ReadonlyArray<readonly [RegExp, FileKind]> = [
  [/\.strategy\.(ya?ml|json)$/i, 'strategy'],
  [/\.directory\.(ya?ml|json)$/i, 'directory'],
  [/\.test\.(ya?ml|json)$/i, 'test'],
]

/** The kind of a file by its name, or undefined for files the CLI does not read. */
export function fileKindOf(file: string): FileKind | undefined {
  const base = path.basename(file)
  return SUFFIXES.find(([re]) => re.test(base))?.[1]
}

/** Folders a directory walk never enters: dependencies, build output, VCS data. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'dist-server', 'coverage', 'test-output'])

/** Files under `dir` (recursively) whose kind is in `kinds`, sorted for stable output. */
export async function walk(dir: string, kinds: ReadonlySet<FileKind>): Promise<string[]> {
  const out: string[] = []
  const pending = [dir]
  while (pending.length > 0) {
    const current = pending.pop()!
    let entries: import('node:fs').Dirent[]
    try {
      entries = await readdir(current, { withFileTypes: true })
    } catch {
      continue // unreadable folders are skipped like the shell would
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name)
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) pending.push(full)
      } else if (entry.isFile()) {
        const kind = fileKindOf(entry.name)
        if (kind && kinds.has(kind)) out.push(full)
      }
    }
  }
  return out.sort()
}

/**
 * Expands command-line inputs (files, folders, globs) into files of the given kinds. A file named directly is
 * kept whatever its name (the caller reports files of unknown kind); a path that matches nothing is a usage error.
 */
export async function collectFiles(
  inputs: readonly string[],
  cwd: string,
  kinds: ReadonlySet<FileKind>,
): Promise<string[]> {
  const seen = new Set<string>()
  const out: string[] = []
  const add = (file: string) => {
    const full = path.resolve(cwd, file)
    if (!seen.has(full)) {
      seen.add(full)
      out.push(full)
    }
  }
  for (const input of inputs.length > 0 ? inputs : ['.']) {
    const full = path.resolve(cwd, input)
    const info = await stat(full).catch(() => undefined)
    if (info?.isDirectory()) {
      for (const file of await walk(full, kinds)) add(file)
    } else if (info?.isFile()) {
      add(full)
    } else if (isDynamicPattern(input)) {
      const matches = await glob(input, {
        cwd,
        absolute: true,
        onlyFiles: true,
        ignore: ['**/node_modules/**'],
      })
      const files = matches.filter((file) => {
        const kind = fileKindOf(file)
        return kind !== undefined && kinds.has(kind)
      })
      if (files.length === 0) throw new UsageError(`No matching files for "${input}"`, 'Check the pattern')
      for (const file of files.sort()) add(file)
    } else {
      throw new UsageError(`No such file or folder: ${input}`, 'Check the path (relative to the current folder)')
    }
  }
  return out
}

/** Files larger than this are not read at all: the DSL's own limit is far lower, this guards memory. */
export const MAX_READ_BYTES = 64 * 1024 * 1024

export type ReadResult =
  | { ok: true; text: string; bytes: number }
  | { ok: false; reason: 'too-large' | 'unreadable' | 'binary'; message: string; bytes?: number }

/** Reads a text file, refusing huge files, binary content and invalid UTF-8 with a reason instead of a throw. */
export async function readTextFile(file: string): Promise<ReadResult> {
  let handle: import('node:fs/promises').FileHandle | undefined
  try {
    handle = await open(file, constants.O_RDONLY)
    const info = await handle.stat()
    if (info.size > MAX_READ_BYTES) {
      return {
        ok: false,
        reason: 'too-large',
        bytes: info.size,
        message: `File is ${formatBytes(info.size)}, over the ${formatBytes(MAX_READ_BYTES)} limit; split it or check it is the right file`,
      }
    }
    const buffer = await handle.readFile()
    if (buffer.includes(0)) {
      return {
        ok: false,
        reason: 'binary',
        bytes: buffer.length,
        message: 'File contains NUL bytes: it looks binary, not YAML or JSON text',
      }
    }
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buffer)
    } catch {
      const at = firstInvalidUtf8(buffer)
      return {
        ok: false,
        reason: 'binary',
        bytes: buffer.length,
        message: `File is not valid UTF-8 (first bad byte at offset ${at}); save it as UTF-8`,
      }
    }
    return { ok: true, text, bytes: buffer.length }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return { ok: false, reason: 'unreadable', message: `Cannot read the file (${code ?? String(error)})` }
  } finally {
    await handle?.close()
  }
}

function firstInvalidUtf8(buffer: Buffer): number {
  let low = 0
  let high = buffer.length
  // binary search for the shortest failing prefix; in stream mode a prefix cut inside a sequence is not an error
  while (low < high) {
    const mid = (low + high) >> 1
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, mid + 1), { stream: true })
      low = mid + 1
    } catch {
      high = mid
    }
  }
  return low
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${bytes} B`
}

/** Runs `fn` over `items` with at most `limit` running at once, keeping the order of results. */
export async function mapLimit<TItem, TResult>(
  items: readonly TItem[],
  limit: number,
  fn: (item: TItem, index: number) => Promise<TResult>,
): Promise<TResult[]> {
  const results = new Array<TResult>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await fn(items[index] as TItem, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
