// The one folder walk (tinyglobby): the same skip list everywhere, and the symbolic links it skipped, reported.
import { readdir } from 'node:fs'
import path from 'node:path'
import { glob } from 'tinyglobby'

/** Folders a walk never enters: dependencies, build output, test output (hidden folders are skipped too). */
export const SKIPPED_FOLDERS: readonly string[] = [
  'node_modules',
  'dist',
  'dist-server',
  'coverage',
  'test-output',
]

export interface WalkResult {
  /** Absolute paths of the regular files kept, sorted. */
  files: string[]
  /** Absolute paths of symbolic links met and not followed (files and folders), sorted. */
  skippedLinks: string[]
  /** Absolute paths of the folders entered, the root first, then sorted: what a watcher watches. */
  folders: string[]
  /**
   * Absolute paths of entries `accept` keeps by name that are not regular files (a folder, a FIFO, a socket, a
   * device named like a document), sorted: a caller can say why it reads none of them instead of skipping in silence.
   */
  notFiles: string[]
}

export interface WalkOptions {
  /** Keeps a file by its base name. */
  accept(name: string): boolean
  /** Deepest folder level entered (default unlimited). */
  maxDepth?: number
}

/**
 * Regular files under `root` that `accept` keeps. Links are never followed (a link could lead out of the folder or
 * into a cycle); the ones met are listed so callers can say what was skipped.
 */
export async function walkFiles(root: string, options: WalkOptions): Promise<WalkResult> {
  const skippedLinks: string[] = []
  const notFiles: string[] = []
  const folders = new Set<string>()
  const base = path.resolve(root)
  // fdir's own readdir, observed: links show in the entries it lists, and it drops them when not following
  const observedReaddir = ((
    folder: string,
    opts: { withFileTypes: true },
    done: (error: NodeJS.ErrnoException | null, entries: import('node:fs').Dirent[]) => void,
  ) =>
    readdir(folder, opts, (error, entries) => {
      if (!error) {
        folders.add(path.resolve(base, folder))
        for (const entry of entries) {
          if (entry.isSymbolicLink() && !entry.name.startsWith('.')) {
            skippedLinks.push(path.resolve(base, folder, entry.name))
          } else if (!entry.isFile() && !entry.name.startsWith('.') && options.accept(entry.name)) {
            notFiles.push(path.resolve(base, folder, entry.name))
          }
        }
      }
      done(error, entries)
    })) as unknown as typeof readdir
  const found = await glob(['**/*'], {
    cwd: base,
    absolute: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    dot: false,
    ignore: ['**/.*/**', ...SKIPPED_FOLDERS.map((name) => `**/${name}/**`)],
    ...(options.maxDepth !== undefined ? { deep: options.maxDepth } : {}),
    fs: { readdir: observedReaddir },
  })
  const files = found
    .map((file) => path.normalize(file))
    .filter((file) => options.accept(path.basename(file)))
  const entered = [...folders].filter((folder) => folder !== base && !isSkipped(base, path.join(folder, '_')))
  return {
    files: files.sort(),
    skippedLinks: skippedLinks.filter((link) => !isSkipped(base, link)).sort(),
    folders: folders.has(base) ? [base, ...entered.sort()] : entered.sort(),
    notFiles: notFiles.filter((entry) => !isSkipped(base, entry)).sort(),
  }
}

function isSkipped(base: string, file: string): boolean {
  const parts = path.relative(base, file).split(path.sep).slice(0, -1)
  return parts.some((part) => part.startsWith('.') || SKIPPED_FOLDERS.includes(part))
}
