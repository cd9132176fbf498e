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
      throw new UsageError(
        `No such file or folder: ${input}`,
        'Check the path (relative to the current folder)',
      )
    }
  }
  return out
}

export type ReadResult =
  | { ok: true; bytes: Uint8Array /** Absent when the bytes are not valid UTF-8. */; text?: string }
  | { ok: false; reason: 'too-large' | 'unreadable'; message: string; size?: number }

/**
 * Reads a file's bytes, refusing files over `maxBytes` without reading them; never throws. The text is given when
 * the bytes are valid UTF-8 (the parser reports invalid bytes with their position itself).
 */
export async function readSourceFile(file: string, maxBytes: number): Promise<ReadResult> {
  let handle: import('node:fs/promises').FileHandle | undefined
  try {
    handle = await open(file, constants.O_RDONLY)
    const info = await handle.stat()
    if (info.size > maxBytes) return { ok: false, reason: 'too-large', size: info.size, message: '' }
    const bytes = await handle.readFile()
    try {
      return { ok: true, bytes, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
    } catch {
      return { ok: true, bytes }
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return { ok: false, reason: 'unreadable', message: `Cannot read the file (${code ?? String(error)})` }
  } finally {
    await handle?.close()
  }
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
