// `validate --fix`: writes each misspelt name's fix (the DSL's Diagnostic.fix) into its file, and nothing else.
import { atomicReplace, ChangedOnDiskError, ReadOnlyFileError } from '@routewright/node-support/atomic-write'
import { printable, printableName } from '@routewright/node-support/printable'
import { decodeUtf8 } from '@routewright/node-support/read'
import { parseAlarms } from '@routewright/server/alarms'
import {
  type Diagnostic,
  nameFixSpan,
  type ParseResult,
  safeParseDirectory,
  safeParseStrategy,
  safeParseTestDocument,
} from '@routewright/strategy-dsl'
import type { FileReport } from './check.ts'
import type { FileKind } from './files.ts'
import { placeOf } from './report/place.ts'
import type { SourceFile } from './sources.ts'

const PARSERS: Record<FileKind | 'alarms', (text: string) => Pick<ParseResult<unknown>, 'diagnostics'>> = {
  strategy: (text) => safeParseStrategy(text),
  directory: (text) => safeParseDirectory(text),
  test: (text) => safeParseTestDocument(text),
  // serve's own reader, as validate checked it (alarms-check.ts)
  alarms: (text) => parseAlarms(text, 'alarms.yaml'),
}

/** RW000-RW009 (RW480 in alarms.yaml): the file could not be read as YAML at all (syntax, duplicate key, encoding ...). */
const UNREADABLE = /^(RW00\d|RW480)$/

interface Edit {
  start: number
  end: number
  fix: NonNullable<Diagnostic['fix']>
  line: number
}

/**
 * Applies the fixes of `reports` to their files; returns the lines to print (what changed, what was left). A file
 * in `refused` (left as it is in an earlier round) is passed over, and one left now is added to it.
 */
export async function applyNameFixes(
  reports: readonly FileReport[],
  sources: readonly SourceFile[],
  refused: Set<string>,
): Promise<{ lines: string[]; fixed: number }> {
  const byDisplay = new Map(sources.map((s) => [s.display, s]))
  const lines: string[] = []
  let fixed = 0
  for (const report of reports) {
    const source = byDisplay.get(report.file)
    const text = report.text
    const kind = report.kind === 'alarms' ? 'alarms' : source?.kind
    if (!source || !kind || text === undefined || refused.has(report.file)) continue
    const edits = editsOf(text, report.diagnostics)
    if (edits.length === 0) continue
    const name = printableName(report.file)
    const leave = (why: string) => {
      lines.push(`fix: ${name} left as it is: ${why}`)
      refused.add(report.file)
    }
    if (report.diagnostics.some((d) => UNREADABLE.test(d.code))) {
      leave('it does not parse (fix its syntax first)')
      continue
    }
    let after = text
    for (const edit of [...edits].reverse())
      after = after.slice(0, edit.start) + edit.fix.meant + after.slice(edit.end)
    // a name meant with YAML's own characters in it could change what the file says: write only text that parses
    if (PARSERS[kind](after).diagnostics.some((d) => UNREADABLE.test(d.code))) {
      leave('the fixed text would not parse')
      continue
    }
    const problem = await write(source.path, text, after)
    if (problem) {
      leave(problem)
      continue
    }
    fixed += edits.length
    for (const edit of edits)
      lines.push(
        `fixed ${placeOf(report.file, { line: edit.line })}: "${printable(edit.fix.written)}" -> "${printable(edit.fix.meant)}"`,
      )
  }
  return { lines, fixed }
}

/** Where `d`'s fix name stands in `text` (a file's text, byte order mark and all: the DSL counts from after it). */
export function fixSpanOf(text: string, d: Diagnostic): { start: number; end: number } | undefined {
  if (!d.fix || !d.range) return undefined
  const mark = text.startsWith('\ufeff') ? 1 : 0
  const span = nameFixSpan(text.slice(mark), d.range.start.offset, d.range.end.offset, d.fix)
  return span && { start: span.start + mark, end: span.end + mark }
}

/** One edit per span where a fix's name stands, in text order; a span two findings share is written once. */
function editsOf(text: string, diagnostics: readonly Diagnostic[]): Edit[] {
  const edits: Edit[] = []
  for (const d of diagnostics) {
    const span = fixSpanOf(text, d)
    if (span && d.fix && d.range) edits.push({ ...span, fix: d.fix, line: d.range.start.line })
  }
  edits.sort((a, b) => a.start - b.start)
  // overlapping spans would write over each other: keep the first of each
  return edits.filter((edit, i) => i === 0 || edit.start >= (edits[i - 1] as Edit).end)
}

/** Replaces the file's text atomically unless it changed since it was read; the reason when it could not. */
async function write(file: string, before: string, after: string): Promise<string | undefined> {
  try {
    await atomicReplace(file, Buffer.from(after, 'utf8'), {
      unchanged: (current) => decodeUtf8(current) === before,
    })
    return undefined
  } catch (error) {
    if (error instanceof ChangedOnDiskError) return 'it changed on disk while validate ran; run it again'
    if (error instanceof ReadOnlyFileError)
      return `it is read-only (mode ${error.mode.toString(8).padStart(4, '0')}); make it writable (chmod u+w) to fix it`
    return `it could not be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`
  }
}
