// Notices changes to workspace files (a git pull, another editor, our own API) and reports them as diffs.
import { type FSWatcher, watch } from 'node:fs'
import type { FileMeta, WorkspaceChange } from '../src/api/protocol.ts'
import { createWorkspaceScanner } from './workspace-scan.ts'

export interface WorkspaceWatcherOptions {
  root: string
  onChange: (change: WorkspaceChange) => void
  /** Poll period; fs.watch is fast but unreliable on some filesystems, so a poll always runs as well. */
  intervalMs?: number
  /** Set false to rely on the poll alone (tests of the fallback). */
  useFsWatch?: boolean
}

export interface WorkspaceWatcher {
  /** Files as of the last scan. */
  files(): FileMeta[]
  /** Labels the coming change of `path` to `version` as made by the API client `origin`. */
  expect(path: string, version: string | null, origin: string): void
  /** Rescans now (after an API write, so its event goes out without waiting for the poll). */
  refresh(): Promise<void>
  close(): void
}

export function diffFiles(
  before: ReadonlyMap<string, FileMeta>,
  after: ReadonlyMap<string, FileMeta>,
): WorkspaceChange[] {
  const changes: WorkspaceChange[] = []
  for (const [path, meta] of after) {
    const old = before.get(path)
    if (old === undefined) {
      changes.push({ type: 'created', path, kind: meta.kind, version: meta.version, origin: null })
    } else if (old.version !== meta.version) {
      changes.push({ type: 'changed', path, kind: meta.kind, version: meta.version, origin: null })
    }
  }
  for (const [path, meta] of before) {
    if (!after.has(path))
      changes.push({ type: 'deleted', path, kind: meta.kind, version: null, origin: null })
  }
  return changes
}

const MAX_WATCHED_FOLDERS = 500
/** An outside change goes out once two scans this far apart agree on it (a file caught mid-write is not reported). */
const SETTLE_MS = 50
/** After this many scans that still disagree (a file written for a second), the latest one goes out anyway. */
const MAX_SETTLE_SCANS = 20

/** Resolves once the first scan has set the baseline, so later changes are reported against it. */
export async function createWorkspaceWatcher(options: WorkspaceWatcherOptions): Promise<WorkspaceWatcher> {
  const scanner = createWorkspaceScanner(options.root)
  let known = new Map<string, FileMeta>()
  let closed = false
  let running: Promise<void> | undefined
  let again = false
  // expected API changes by "path\nversion"; entries expire so a stale label never sticks to a later external edit
  const expected = new Map<string, { origin: string; until: number }>()
  const EXPECT_MS = 10_000

  function labelled(change: WorkspaceChange): WorkspaceChange {
    const key = `${change.path}\n${change.version ?? ''}`
    const hit = expected.get(key)
    if (hit === undefined) return change
    expected.delete(key)
    return hit.until >= Date.now() ? { ...change, origin: hit.origin } : change
  }

  // the last scan that differed from `known` by an outside change, held until a second scan agrees with it
  let unsettled: Map<string, FileMeta> | undefined
  let settleScans = 0

  /** Scans and reports; 'settle' when an outside change must be confirmed by another scan first. */
  async function scanOnce(): Promise<'done' | 'settle'> {
    const files = await scanner.scan()
    const next = new Map(files.map((f) => [f.path, f]))
    const changes = diffFiles(known, next)
    syncFolderWatchers()
    // our API writes whole files by rename; an editor's or git's write can be seen truncated, before its bytes land
    const outside = changes.some((c) => !expected.has(`${c.path}\n${c.version ?? ''}`))
    const agreed = unsettled !== undefined && diffFiles(unsettled, next).length === 0
    if (outside && !agreed && settleScans < MAX_SETTLE_SCANS) {
      unsettled = next
      settleScans++
      return 'settle'
    }
    unsettled = undefined
    settleScans = 0
    known = next
    if (closed) return 'done'
    for (const change of changes) options.onChange(labelled(change))
    return 'done'
  }

  function refresh(): Promise<void> {
    // coalesce bursts: at most one scan running and one queued
    if (running !== undefined) {
      again = true
      return running
    }
    running = (async () => {
      try {
        do {
          again = false
          if ((await scanOnce()) === 'settle') {
            again = true
            await new Promise((resolve) => setTimeout(resolve, SETTLE_MS).unref())
          }
        } while (again && !closed)
      } catch {
        // a scan that fails (folder briefly missing during a checkout) is retried by the next poll
      } finally {
        running = undefined
      }
    })()
    return running
  }

  let debounce: NodeJS.Timeout | undefined
  function nudge(): void {
    if (debounce !== undefined) clearTimeout(debounce)
    debounce = setTimeout(() => void refresh(), 40)
    debounce.unref()
  }
  // one non-recursive watcher per walked folder: Node 20's recursive mode on Linux walks the whole tree
  // synchronously (node_modules included), which blocks the server for seconds on a big folder
  const folderWatchers = new Map<string, FSWatcher>()
  function syncFolderWatchers(): void {
    if (options.useFsWatch === false || closed) return
    const wanted = new Set(scanner.folders().slice(0, MAX_WATCHED_FOLDERS))
    for (const [folder, watcher] of folderWatchers) {
      if (!wanted.has(folder)) {
        watcher.close()
        folderWatchers.delete(folder)
      }
    }
    for (const folder of wanted) {
      if (folderWatchers.has(folder)) continue
      try {
        const watcher = watch(folder, { persistent: false }, nudge)
        watcher.on('error', () => {
          watcher.close() // the folder went away or inotify ran out: the poll carries on
          folderWatchers.delete(folder)
        })
        folderWatchers.set(folder, watcher)
      } catch {
        // unwatchable folder (permissions, vanished): the poll still covers it
      }
    }
  }
  known = new Map((await scanner.scan()).map((f) => [f.path, f])) // the baseline: nothing to report yet
  syncFolderWatchers()
  const poll = setInterval(() => void refresh(), options.intervalMs ?? 1000)
  poll.unref()

  return {
    files: () => [...known.values()],
    expect(path, version, origin) {
      const now = Date.now()
      for (const [key, value] of expected) if (value.until < now) expected.delete(key)
      expected.set(`${path}\n${version ?? ''}`, { origin, until: now + EXPECT_MS })
    },
    refresh,
    close() {
      closed = true
      clearInterval(poll)
      if (debounce !== undefined) clearTimeout(debounce)
      for (const watcher of folderWatchers.values()) watcher.close()
      folderWatchers.clear()
    },
  }
}
