// Progress of the telephony stacks running in this process, for waits that go on while a stack moves: each stack's
// run folder holds every process's log and sipp trace, so a file there growing is SIP, evapi or serve work going on.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import {
  type WaitOptions,
  type WaitProgress,
  waitFor as waitForCondition,
} from '@routewright/node-support/ports'

const liveRunDirs = new Set<string>()

/** Counts `runDir`'s files as progress of every wait until the returned function is called (the stack's stop). */
export function watchRunDir(runDir: string): () => void {
  liveRunDirs.add(runDir)
  return () => {
    liveRunDirs.delete(runDir)
  }
}

function sizes(dirs: Iterable<string>, own: (file: string) => boolean): Map<string, number> {
  const found = new Map<string, number>()
  for (const dir of dirs) {
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch {
      continue // a stack stopping removes its folder
    }
    for (const name of names)
      try {
        const file = path.join(dir, name)
        if (!own(file)) continue
        const stat = statSync(file)
        if (stat.isFile()) found.set(file, stat.size)
      } catch {
        // gone between the listing and the stat
      }
  }
  return found
}

/** The last line of `file` (at most 160 characters of it), for saying what moved last. */
function lastLine(file: string): string {
  try {
    const text = readFileSync(file, 'latin1').trimEnd()
    const line = text.slice(text.lastIndexOf('\n') + 1).trim()
    return line.length > 160 ? `${line.slice(0, 160)}...` : line
  } catch {
    return ''
  }
}

/** runDirProgress's `own` for a process whose files are these paths. */
export function ownFiles(...files: string[]): (file: string) => boolean {
  const own = new Set(files.map((file) => path.resolve(file)))
  return (file) => own.has(path.resolve(file))
}

/**
 * Progress of the files in `dirs` (default: the run folders of the stacks now running) that `own` takes (default
 * all): their sizes, and which one grew last with its last line. A wait for one process gives `own` (its log, its
 * traces): another process writing to the same folder is no progress of a process that hangs.
 */
export function runDirProgress(
  dirs: () => Iterable<string> = () => liveRunDirs,
  own: (file: string) => boolean = () => true,
): WaitProgress {
  let known = sizes(dirs(), own)
  // the last line is read only for a failure: a busy trace grows on most polls
  let grewLast: { file: string; size: number } | undefined
  return {
    mark() {
      const now = sizes(dirs(), own)
      for (const [file, size] of now) if (size !== known.get(file)) grewLast = { file, size }
      known = now
      return [...now.values()].join(',')
    },
    seen: () =>
      grewLast
        ? `${path.basename(grewLast.file)} grew to ${grewLast.size} bytes: ${lastLine(grewLast.file)}`
        : `no file grew in ${[...dirs()].join(', ') || 'no running stack'}`,
  }
}

/**
 * Polls `check` until it returns a value other than undefined/false. Progress-based: fails once nothing in a running
 * stack moved (no log or SIP trace grew) for `timeoutMs`, or at 4 x `timeoutMs`, naming `what` and what moved last.
 * With no stack running as it starts it is a plain `timeoutMs` wait.
 */
export function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  options: WaitOptions = {},
): Promise<T> {
  const progress = liveRunDirs.size > 0 ? { progress: runDirProgress() } : {}
  return waitForCondition(what, check, timeoutMs, { ...progress, ...options })
}
