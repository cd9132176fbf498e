// One workspace file as the project knows it: its kind from its name, and its text parsed once per version by the
// DSL (or serve's alarms reader) with positions, so validation and every request of that version share one read.
import path from 'node:path'
import { ALARMS_FILE, type AlarmsDocument, readAlarms } from '@routewright/server/alarms'
import {
  type Diagnostic,
  type DirectoryDocument,
  documentKindOf,
  type SourceLocator,
  type StrategyDocument,
  safeParseDirectory,
  safeParseStrategy,
  safeParseTestDocument,
  type TestDocument,
} from '@routewright/strategy-dsl'
import { withoutBom } from './bom.ts'

/** The DSL's three kinds, and serve's alarms.yaml (read with serve's own reader, as validate does). */
export type FileKind = 'strategy' | 'directory' | 'test' | 'alarms'

/** One file as last parsed: the document when it parsed, and its locator for positions. */
export interface ProjectFile {
  path: string
  kind: FileKind
  /** The text without the byte order mark an editor may send (`bom` says whether it did): what the DSL reads. */
  text: string
  bom: boolean
  open: boolean
  strategy?: StrategyDocument
  directory?: DirectoryDocument
  test?: TestDocument
  alarms?: AlarmsDocument
  locator?: SourceLocator
  parseDiagnostics: Diagnostic[]
  /** Why a closed file's text could not be read from disk (its one finding, also in `parseDiagnostics`). */
  unreadable?: Diagnostic
}

export function kindOfPath(file: string): FileKind | undefined {
  const name = path.basename(file)
  return documentKindOf(name) ?? (name === ALARMS_FILE ? 'alarms' : undefined)
}

/**
 * What the project parses: a file's document, with positions, on each new text (it serves validation and
 * requests); a lenient tree only for text the parse refused before it was YAML (empty, control characters), once asked.
 */
export type ParseKind = 'document' | 'syntax'

/** `input` parsed as the document its name says, its diagnostics shown relative to `root`. */
export function parseProjectFile(
  file: string,
  kind: FileKind,
  input: string,
  open: boolean,
  root: string,
): ProjectFile {
  const { text, bom } = withoutBom(input)
  const entry: ProjectFile = { path: file, kind, text, bom, open, parseDiagnostics: [] }
  const display = path.relative(root, file) || file
  // positions kept by the one read: validation and every request of this version share it
  const options = { file: display, positions: true }
  if (kind === 'strategy') {
    const parsed = safeParseStrategy(text, options)
    entry.parseDiagnostics = parsed.diagnostics
    if (parsed.locator) entry.locator = parsed.locator
    if (parsed.success) entry.strategy = parsed.data
  } else if (kind === 'directory') {
    const parsed = safeParseDirectory(text, options)
    entry.parseDiagnostics = parsed.diagnostics
    if (parsed.locator) entry.locator = parsed.locator
    if (parsed.success) entry.directory = parsed.data
  } else if (kind === 'test') {
    const parsed = safeParseTestDocument(text, options)
    entry.parseDiagnostics = parsed.diagnostics
    if (parsed.locator) entry.locator = parsed.locator
    if (parsed.success) entry.test = parsed.data
  } else {
    // serve's reader with the same positions: its codes, and the locator requests and findings share
    const parsed = readAlarms(text, display, options)
    entry.parseDiagnostics = parsed.diagnostics
    if (parsed.locator) entry.locator = parsed.locator
    if (parsed.document) entry.alarms = parsed.document
  }
  return entry
}
