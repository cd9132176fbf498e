// RW091: what a folder walk skipped because, though named like a document, it is not a regular file. One copy,
// used by loadWorkspace (so serve and the designer) and by the CLI's validate, fmt, test, run and simulate; here beside
// the walk, so validate reads it without loading the runtime.
import { lstat } from 'node:fs/promises'
import path from 'node:path'
import type { Diagnostic } from '@routewright/strategy-dsl'
import { describeKind } from './read.ts'

export const NOT_A_FILE_CODE = 'RW091'

/** What to do about an RW091 entry: the end of every RW091 message (the CLI, serve, the designer, the editor). */
export const NOT_A_FILE_FIX = 'Rename or remove it: only regular files are read.'

/** RW091's words for an entry that is `what` (`a folder`, `a named pipe (FIFO)`): the one copy of the text. */
export function notFileMessage(what: string): string {
  return `not a regular file (${what}), skipped. ${NOT_A_FILE_FIX}`
}

/**
 * One RW091 warning per entry (a FIFO, a folder, a socket named like a document), its path shown relative to
 * `base` with forward slashes: the walk reads none of them, and says so instead of leaving them out in silence.
 */
export async function notFileDiagnostics(entries: readonly string[], base: string): Promise<Diagnostic[]> {
  return Promise.all(
    entries.map(async (entry) => {
      // lstat never opens the entry: a FIFO cannot block it
      const info = await lstat(entry).catch(() => undefined)
      const what = info ? describeKind(info) : 'gone since the walk'
      return {
        code: NOT_A_FILE_CODE,
        severity: 'warning',
        message: notFileMessage(what),
        path: [],
        file: shownPath(entry, base),
      } satisfies Diagnostic
    }),
  )
}

function shownPath(file: string, base: string): string {
  const relative = path.relative(base, file)
  const shown = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative
  return shown.split(path.sep).join('/')
}
