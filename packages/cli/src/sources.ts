// Reads the files a command names: bounded, regular files only, each failure a diagnostic that quotes no content.
import path from 'node:path'
import { mapLimit } from '@routewright/node-support/map-limit'
import { notFileDiagnostics } from '@routewright/node-support/not-file'
import { decodeUtf8, readBoundedFile } from '@routewright/node-support/read'
import { type Diagnostic, MAX_DOCUMENT_BYTES, tooLargeAdvice } from '@routewright/strategy-dsl'
import { type FileKind, fileKindOf } from './files.ts'
import type { Style } from './report/style.ts'

/** Files read at once: enough to hide disk latency, few enough to bound memory and descriptors. */
const READ_CONCURRENCY = 16

/** One input file, read: its bytes and text, or the diagnostic that says why it could not be read. */
export interface SourceFile {
  /** Absolute path. */
  path: string
  /** As shown to the user: relative to the working folder when inside it. */
  display: string
  kind: FileKind | undefined
  /** What the parser reads: the text, or the raw bytes when they are not valid UTF-8 (the parser says where). */
  input?: string | Uint8Array
  /** The text, when the file is valid UTF-8: reports quote lines from it. */
  text?: string
  readError?: Diagnostic
}

/** How a path is shown: relative to `cwd` with forward slashes, so output is the same on every machine. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file)
  const shown = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative
  return shown.split(path.sep).join('/')
}

/**
 * Codes for findings the CLI makes about files as a whole (the DSL owns every other code; RW003 is its size
 * limit, reported here without reading the file).
 */
export const FILE_CODES = {
  tooLarge: 'RW003',
  unreadable: 'RW090',
  notAFile: 'RW091', // notFileDiagnostics (node-support/not-file) makes these
  unknownKind: 'RW093',
  duplicateStrategy: 'RW094',
  missingDirectory: 'RW095',
  formatterBroke: 'RW096',
  outsideWorkspace: 'RW097',
} as const

export function fileDiagnostic(code: string, message: string, display: string): Diagnostic {
  return { code, severity: 'error', message, path: [], file: display }
}

/**
 * The stderr lines of `fmt` and `test` for the entries a folder walk skipped (their reports have no row for a file
 * never read): `flows/pipe.strategy.yaml  warning  RW091  not a regular file (...)`, one per entry.
 */
export async function notFileLines(entries: readonly string[], cwd: string, style: Style): Promise<string[]> {
  return (await notFileDiagnostics(entries, cwd)).map(
    (d) => `${d.file}  ${style.yellow('warning')}  ${d.code}  ${d.message}\n`,
  )
}

/** The DSL's advice for a file over the cap by its kind; alarms.yaml's name is known to the alarms reader. */
async function tooLargeAdviceFor(file: string, kind: FileKind | undefined): Promise<string> {
  if (kind !== undefined) return tooLargeAdvice(kind)
  // loaded only for a file this large: most commands never read the alarms file
  const { ALARMS_FILE } = await import('@routewright/server/alarms-read')
  return tooLargeAdvice(path.basename(file) === ALARMS_FILE ? 'alarms' : undefined)
}

/** Reads one file within the size cap as a SourceFile; devices, FIFOs and folders get RW090. */
export async function readSource(
  file: string,
  cwd: string,
  maxBytes = MAX_DOCUMENT_BYTES,
): Promise<SourceFile> {
  const display = displayPath(file, cwd)
  const kind = fileKindOf(file)
  const read = await readBoundedFile(file, maxBytes)
  if (read.ok) {
    const text = decodeUtf8(read.bytes)
    const source: SourceFile = { path: file, display, kind, input: text ?? read.bytes }
    if (text !== undefined) source.text = text
    return source
  }
  const readError =
    read.reason === 'too-large'
      ? fileDiagnostic(
          FILE_CODES.tooLarge,
          `${read.message}. ${await tooLargeAdviceFor(file, kind)}`,
          display,
        )
      : fileDiagnostic(FILE_CODES.unreadable, read.message, display)
  return { path: file, display, kind, readError }
}

/** Reads every file concurrently but bounded; a file that cannot be read carries a diagnostic instead. */
export async function readSources(files: readonly string[], cwd: string): Promise<SourceFile[]> {
  return mapLimit(files, READ_CONCURRENCY, (file) => readSource(file, cwd))
}
