// Watches the workspace (and a directory file outside it) and calls back once changes settle.
import { type FSWatcher, watch } from 'node:fs'
import path from 'node:path'
import { walkFiles } from '@routewright/node-support/walk'
import { documentKindOf } from '@routewright/strategy-dsl'
import { ALARMS_FILE } from './alarms/alarm-read.ts'

/** Files a router reads: strategies and directories by the DSL's one file-kind rule, and the alarms file. */
function isRelevant(file: string): boolean {
  const name = path.basename(file)
  const kind = documentKindOf(name)
  return kind === 'strategy' || kind === 'directory' || name === ALARMS_FILE
}

/** Folders watched at most: each holds an inotify watch, a per-user budget shared with other programs. */
const MAX_WATCHED_FOLDERS = 500

/**
 * One non-recursive watcher per folder of the workspace (the walk's folders, synced again after each change, so a
 * new folder is watched too): Node 20's recursive mode on Linux goes deaf to a file once it is replaced by rename
 * (an editor's atomic save, `sed -i`, git), so every later edit of it went unnoticed.
 */
export function watchWorkspace(
  root: string,
  directoryFile: string,
  onChange: () => void,
  options: {
    debounceMs: number
    onError: (error: Error) => void
    /** Folders watched at most; default MAX_WATCHED_FOLDERS. */
    maxFolders?: number
  },
): () => void {
  const maxFolders = options.maxFolders ?? MAX_WATCHED_FOLDERS
  /** How many folders were past the cap when last said: said again only when it changes. */
  let unwatchedSaid = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let closed = false
  const schedule = (file: string | null) => {
    if (file !== null && !isRelevant(file)) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(onChange, options.debounceMs)
    timer.unref()
  }
  const watchers = new Map<string, FSWatcher>()
  const relative = path.relative(root, directoryFile)
  /** The folder of a directory file kept outside the workspace: watched for that file alone. */
  const outside =
    relative.startsWith('..') || path.isAbsolute(relative) ? path.dirname(directoryFile) : undefined
  const add = (target: string, filter?: string) => {
    try {
      const watcher = watch(target, { persistent: false }, (_type, file) => {
        const name = file === null ? null : String(file)
        if (filter !== undefined && name !== null && name !== filter) return
        schedule(name)
        // a folder created or moved here has no watcher yet, and the files it came with raised no event
        if (filter === undefined && (name === null || !isRelevant(name)))
          void syncFolders().then((added) => {
            if (added) schedule(null)
          })
      })
      watcher.on('error', (error) => {
        watcher.close() // the folder went away (a sync adds it again if it comes back)
        watchers.delete(target)
        if (target === root) options.onError(error)
      })
      watchers.set(target, watcher)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      // a folder gone since the walk found it (moved, or a name briefly a folder) needs no watch: the next sync
      // drops it; said as a failed watch, it told the operator to reload by hand while the watch went on
      if (target !== root && (code === 'ENOENT' || code === 'ENOTDIR')) return
      options.onError(error as Error)
    }
  }
  let syncing: Promise<boolean> | undefined
  let again = false
  /** Watches the folders the walk finds now and lets go of the gone ones; true when it added one. */
  function syncFolders(): Promise<boolean> {
    if (syncing) {
      again = true
      return syncing
    }
    syncing = (async () => {
      let added = false
      do {
        again = false
        const { folders } = await walkFiles(root, { accept: () => false }).catch(() => ({ folders: [root] }))
        if (closed) return false
        const wanted = new Set(folders.slice(0, maxFolders))
        const unwatched = Math.max(0, folders.length - maxFolders)
        // edits in a folder past the cap were never applied, and nothing said so
        if (unwatched > 0 && unwatched !== unwatchedSaid)
          options.onError(
            new Error(
              `the workspace has ${folders.length} folders and at most ${maxFolders} are watched: edits under ${unwatched} of them (the first ${JSON.stringify(path.relative(root, folders[maxFolders]!))}) are not noticed; move strategies into fewer folders, or reload by hand`,
            ),
          )
        unwatchedSaid = unwatched
        for (const [folder, watcher] of watchers)
          if (folder !== outside && !wanted.has(folder)) {
            watcher.close()
            watchers.delete(folder)
          }
        for (const folder of wanted)
          if (!watchers.has(folder)) {
            add(folder)
            added = true
          }
      } while (again && !closed)
      return added
    })().finally(() => {
      syncing = undefined
    })
    return syncing
  }
  add(root)
  if (outside !== undefined) add(outside, path.basename(directoryFile))
  void syncFolders()
  return () => {
    closed = true
    if (timer) clearTimeout(timer)
    for (const watcher of watchers.values()) watcher.close()
    watchers.clear()
  }
}
