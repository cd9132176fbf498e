import path from 'node:path'
import type { Diagnostic } from '@routewright/strategy-dsl'
import { type FileKind, fileKindOf, mapLimit, readTextFile } from './files.ts'

/** Files read at once: enough to hide disk latency, few enough to bound memory and descriptors. */
const READ_CONCURRENCY = 16

/** One input file, read: its text, or the diagnostic that says why it could not be read. */
export interface SourceFile {
  /** Absolute path. */
  path: string
  /** As shown to the user: relative to the working folder when inside it. */
  display: string
  kind: FileKind | undefined
  text?: string
  readError?: Diagnostic
}

/** How a path is shown: relative to `cwd` with forward slashes, so output is the same on every machine. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file)
  const shown = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative
  return shown.split(path.sep).join('/')
}

/** Codes for findings about the file itself, before any parsing. Documented in packages/strategy-dsl/SPEC.md. */
export const FILE_CODES = {
  unreadable: 'RW090',
  tooLarge: 'RW091',
  binary: 'RW092',
  unknownKind: 'RW093',
  duplicateStrategy: 'RW094',
} as const

export function fileDiagnostic(code: string, message: string, display: string): Diagnostic {
  return {
    code,
    severity: 'error',
    message,
    path: [],
    file: display,
    range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
  }
}

/** Reads every file concurrently but bounded; a file that cannot be read carries a diagnostic instead of text. */
export async function readSources(files: readonly string[], cwd: string): Promise<SourceFile[]> {
  return mapLimit(files, READ_CONCURRENCY, async (file) => {
    const display = displayPath(file, cwd)
    const kind = fileKindOf(file)
    const read = await readTextFile(file)
    if (read.ok) return { path: file, display, kind, text: read.text }
    const code =
      read.reason === 'too-large'
        ? FILE_CODES.tooLarge
        : read.reason === 'binary'
          ? FILE_CODES.binary
          : FILE_CODES.unreadable
    return { path: file, display, kind, readError: fileDiagnostic(code, read.message, display) }
  })
}
