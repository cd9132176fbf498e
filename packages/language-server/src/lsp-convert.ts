// The DSL's values as LSP sends them and back: ranges (across a byte order mark), diagnostics (with a name fix as
// their data), file paths and URIs.
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Diagnostic, NameFix, Range } from '@routewright/strategy-dsl'
import {
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
  type Range as LspRange,
} from 'vscode-languageserver/node'
import { editorRange } from './bom.ts'

export const SERVER_NAME = 'routewright'

/** A DSL range in the project's text -> LSP; `bom` when the editor's text starts with a mark the project dropped. */
export function toLspRange(dslRange: Range, bom = false): LspRange {
  const range = editorRange(dslRange, bom)
  return {
    start: { line: range.start.line - 1, character: range.start.column - 1 },
    end: { line: range.end.line - 1, character: range.end.column - 1 },
  }
}

export function toLspDiagnostic(d: Diagnostic, docsUrl: string, bom: boolean): LspDiagnostic {
  const range = d.range
    ? toLspRange(d.range, bom)
    : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }
  return {
    range,
    severity:
      d.severity === 'error'
        ? DiagnosticSeverity.Error
        : d.severity === 'warning'
          ? DiagnosticSeverity.Warning
          : DiagnosticSeverity.Information,
    code: d.code,
    codeDescription: { href: docsUrl },
    source: SERVER_NAME,
    message: d.message,
    // the name meant comes back with the editor's code action request (a quick fix)
    ...(d.fix ? { data: { fix: d.fix } } : {}),
  }
}

/** The name fix a diagnostic sent back by the editor carries, when its data is one (the editor's data is checked). */
export function fixOf(data: unknown): NameFix | undefined {
  const fix = (data as { fix?: { written?: unknown; meant?: unknown } } | null | undefined)?.fix
  const { written, meant } = fix ?? {}
  if (typeof written !== 'string' || typeof meant !== 'string') return undefined
  return written.length > 0 && written.length <= 1000 && meant.length <= 1000 ? { written, meant } : undefined
}

/** The path of a file URI of this machine; undefined for another scheme or another host's file (nothing to read). */
export function localPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined
  try {
    return fileURLToPath(uri)
  } catch {
    return undefined
  }
}

/** The project's key of a document: its path, or the URI itself when it is no file of this machine. */
export function toPath(uri: string): string {
  // a file://host/ URI threw here, in handlers that loop over every open document: one such open killed the server
  return localPath(uri) ?? uri
}

/** A project key back to its URI: a path as a file URI, a key that is a URI (untitled:, another host's) as it is. */
export function toUri(file: string): string {
  return path.isAbsolute(file) ? pathToFileURL(file).href : file
}
