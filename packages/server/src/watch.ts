// Watches the workspace (and a directory file outside it) and calls back once changes settle.
import { type FSWatcher, watch } from 'node:fs'
import path from 'node:path'
import { documentKindOf } from '@routewright/strategy-dsl'
import { ALARMS_FILE } from './alarms/alarm-file.ts'

/** Files a router reads: strategies and directories by the DSL's one file-kind rule, and the alarms file. */
function isRelevant(file: string): boolean {
  const name = path.basename(file)
  const kind = documentKindOf(name)
  return kind === 'strategy' || kind === 'directory' || name === ALARMS_FILE
}

export function watchWorkspace(
  root: string,
  directoryFile: string,
  onChange: () => void,
  options: { debounceMs: number; onError: (error: Error) => void },
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const schedule = (file: string | null) => {
    if (file !== null && !isRelevant(file)) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(onChange, options.debounceMs)
    timer.unref()
  }
  const watchers: FSWatcher[] = []
  const add = (target: string, recursive: boolean, filter?: string) => {
    try {
      const watcher = watch(target, { recursive, persistent: false }, (_type, file) => {
        const name = file === null ? null : String(file)
        if (filter === undefined || name === null || path.basename(name) === filter) schedule(name)
      })
      watcher.on('error', options.onError)
      watchers.push(watcher)
    } catch (error) {
      options.onError(error as Error)
    }
  }
  add(root, true)
  const relative = path.relative(root, directoryFile)
  if (relative.startsWith('..') || path.isAbsolute(relative))
    add(path.dirname(directoryFile), false, path.basename(directoryFile))
  return () => {
    if (timer) clearTimeout(timer)
    for (const watcher of watchers) watcher.close()
  }
}
