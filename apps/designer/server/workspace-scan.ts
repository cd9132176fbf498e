// Walks the workspace for strategy, directory and test files, hashing only files whose stat changed.
import { createHash } from 'node:crypto'
import type { Stats } from 'node:fs'
import { readdir, readFile, realpath, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { type FileMeta, MAX_FILE_BYTES, workspaceFileKind } from '../src/api/protocol.ts'

const MAX_DEPTH = 12
const MAX_FILES = 5000
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'dist-server'])

export function versionOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

interface CacheEntry {
  meta: FileMeta
  /** mtime, ctime, size and inode: if all match, the bytes are taken to be unchanged. */
  stamp: string
}

/** A reusable scanner: the cache spares re-reading files on every 1 s poll. */
export interface WorkspaceScanner {
  scan(): Promise<FileMeta[]>
  /** Absolute paths of the folders the last scan walked (the root first), for per-folder watchers. */
  folders(): string[]
}

function stampOf(s: Stats): string {
  return `${s.mtimeMs}:${s.ctimeMs}:${s.size}:${s.ino}`
}

export interface ScannerOptions {
  /** Larger files are listed with a version made from their stat, never read (default MAX_FILE_BYTES). */
  maxFileBytes?: number
}

export function createWorkspaceScanner(root: string, options: ScannerOptions = {}): WorkspaceScanner {
  const maxFileBytes = options.maxFileBytes ?? MAX_FILE_BYTES
  let cache = new Map<string, CacheEntry>()
  let walked: string[] = []

  async function describe(path: string, absolute: string): Promise<CacheEntry | undefined> {
    const kind = workspaceFileKind(path)
    if (kind === undefined) return undefined
    let info: Stats
    try {
      info = await stat(absolute)
    } catch {
      return undefined // vanished between readdir and stat, or a dangling link
    }
    if (!info.isFile()) return undefined
    const stamp = stampOf(info)
    const cached = cache.get(path)
    if (cached !== undefined && cached.stamp === stamp) return cached
    if (info.size > maxFileBytes) {
      // hashing 300 MB on every poll would stall the server: the stat stands in for the content
      const version = `stat-${versionOf(Buffer.from(stamp))}`
      return { meta: { path, kind, size: info.size, mtimeMs: info.mtimeMs, version, tooLarge: true }, stamp }
    }
    let bytes: Buffer
    try {
      bytes = await readFile(absolute)
    } catch {
      return undefined
    }
    const meta: FileMeta = {
      path,
      kind,
      size: bytes.length,
      mtimeMs: info.mtimeMs,
      version: versionOf(bytes),
    }
    return { meta, stamp }
  }

  async function walk(
    folder: string,
    depth: number,
    into: Map<string, CacheEntry>,
    folders: string[],
  ): Promise<void> {
    if (depth > MAX_DEPTH || into.size >= MAX_FILES) return
    folders.push(folder)
    let entries: import('node:fs').Dirent[]
    try {
      entries = await readdir(folder, { withFileTypes: true })
    } catch {
      return
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue // hidden files, .git and our own temp files
      const absolute = join(folder, entry.name)
      const path = relative(root, absolute).split(sep).join('/')
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) await walk(absolute, depth + 1, into, folders)
        continue
      }
      if (entry.isSymbolicLink()) {
        // a linked file is listed only if it really lives inside the workspace; linked folders are not followed
        const real = await realpath(absolute).catch(() => undefined)
        if (real === undefined) continue
        const rel = relative(root, real)
        if (rel.startsWith('..') || rel === '' || rel.startsWith(sep)) continue
      } else if (!entry.isFile()) {
        continue
      }
      const described = await describe(path, absolute)
      if (described !== undefined) into.set(path, described)
      if (into.size >= MAX_FILES) return
    }
  }

  return {
    async scan() {
      const next = new Map<string, CacheEntry>()
      const folders: string[] = []
      await walk(root, 0, next, folders)
      cache = next
      walked = folders
      return [...next.values()].map((entry) => entry.meta)
    },
    folders: () => walked,
  }
}
