// Lists the workspace's strategy, directory and test files (node-support's one walk), hashing only files whose
// stat changed.
import { createHash } from 'node:crypto'
import type { Stats } from 'node:fs'
import { readFile, realpath, stat } from 'node:fs/promises'
import { basename, isAbsolute, relative, sep } from 'node:path'
import { mapLimit } from '@routewright/node-support/map-limit'
import { NOT_A_FILE_CODE, notFileDiagnostics, notFileMessage } from '@routewright/node-support/not-file'
import { walkFiles } from '@routewright/node-support/walk'
import type { Diagnostic } from '@routewright/strategy-dsl'
import { type FileMeta, MAX_FILE_BYTES, workspaceFileKind } from '../src/api/protocol.ts'

const MAX_DEPTH = 12
const MAX_FILES = 5000
/** Stats and reads in flight per scan: hides the thread pool's round trips; at most 8 x MAX_FILE_BYTES held. */
const DESCRIBE_CONCURRENCY = 8

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
  /** Documents the last scan found but left out of its list, past `maxFiles`. */
  omitted(): number
  /** RW091 warnings of the last scan: entries named like a document that are not regular files (a FIFO, a folder). */
  skipped(): Diagnostic[]
}

/** RW091 for a link named like a document whose links lead back to themselves (ELOOP): said, not left out. */
function loopDiagnostic(link: string, root: string): Diagnostic {
  return {
    code: NOT_A_FILE_CODE,
    severity: 'warning',
    message: notFileMessage('a symbolic link loop'),
    path: [],
    file: relative(root, link).split(sep).join('/'),
  }
}

function stampOf(s: Stats): string {
  return `${s.mtimeMs}:${s.ctimeMs}:${s.size}:${s.ino}`
}

export interface ScannerOptions {
  /** Larger files are listed with a version made from their stat, never read (default MAX_FILE_BYTES). */
  maxFileBytes?: number
  /** Files listed at most, the first by path (default MAX_FILES); the others are counted by `omitted()`. */
  maxFiles?: number
}

export function createWorkspaceScanner(root: string, options: ScannerOptions = {}): WorkspaceScanner {
  const maxFileBytes = options.maxFileBytes ?? MAX_FILE_BYTES
  const maxFiles = options.maxFiles ?? MAX_FILES
  let omitted = 0
  let cache = new Map<string, CacheEntry>()
  let walked: string[] = []
  let skipped: Diagnostic[] = []

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

  /** The files node-support's one walk lists, plus linked files that really live inside the workspace. */
  async function walk(into: Map<string, CacheEntry>): Promise<string[]> {
    const found = await walkFiles(root, {
      accept: (name) => workspaceFileKind(name) !== undefined,
      maxDepth: MAX_DEPTH,
    })
    const links: string[] = []
    const loops: string[] = []
    for (const link of found.skippedLinks) {
      if (workspaceFileKind(basename(link)) === undefined) continue // linked folders are not followed
      const real = await realpath(link).catch((error: NodeJS.ErrnoException) => {
        // a loop was left out in silence, where a FIFO of the same name is listed as skipped
        if (error.code === 'ELOOP') loops.push(link)
        return undefined
      })
      if (real === undefined) continue
      const rel = relative(root, real)
      if (rel.startsWith('..') || rel === '' || isAbsolute(rel)) continue
      links.push(link)
    }
    // the walk lists them without opening any (a FIFO cannot block the poll); capped like the files
    skipped = await notFileDiagnostics(found.notFiles.slice(0, maxFiles), root)
    if (loops.length > 0) {
      const looped = loops.slice(0, maxFiles).map((link) => loopDiagnostic(link, root))
      skipped = [...skipped, ...looped].sort((a, b) => ((a.file ?? '') < (b.file ?? '') ? -1 : 1))
    }
    const all = [...found.files, ...links].sort()
    // in order, a batch at most as large as the room left: the same list as one by one, without 5,000 serial stats
    let index = 0
    while (index < all.length && into.size < maxFiles) {
      const batch = all.slice(index, index + maxFiles - into.size)
      index += batch.length
      const paths = batch.map((absolute) => relative(root, absolute).split(sep).join('/'))
      const described = await mapLimit(batch, DESCRIBE_CONCURRENCY, (absolute, i) =>
        describe(paths[i]!, absolute),
      )
      for (const [i, entry] of described.entries()) if (entry !== undefined) into.set(paths[i]!, entry)
    }
    // said in the list, so a file past the cap is not just missing
    omitted = all.length - index
    return found.folders
  }

  return {
    async scan() {
      const next = new Map<string, CacheEntry>()
      const folders = await walk(next)
      cache = next
      walked = folders
      return [...next.values()].map((entry) => entry.meta)
    },
    folders: () => walked,
    omitted: () => omitted,
    skipped: () => skipped,
  }
}
