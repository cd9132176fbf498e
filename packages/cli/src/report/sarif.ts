// SARIF 2.1.0 for code-scanning tools (GitHub code scanning, IDE SARIF viewers): one result per diagnostic.
import {
  createLineIndex,
  type Diagnostic,
  formatPath,
  nameFixSpan,
  nameFixTitle,
  type Position,
} from '@routewright/strategy-dsl'
import type { CheckedFiles } from '../check.ts'
import { jsonOutput } from '../json-output.ts'

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

function level(severity: Diagnostic['severity']): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note'
}

/** A region from `start` to `end` (1-based, end column exclusive, as the DSL's positions are). */
function region(start: Position, end: Position) {
  return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column }
}

/** The misspelt name's fix (the name meant, written where the finding points) as a SARIF fix, when `text` has it. */
function fixesOf(
  d: Diagnostic,
  text: string | undefined,
  position: (offset: number) => Position,
  artifactLocation: object,
) {
  const span =
    d.fix && d.range && text !== undefined
      ? nameFixSpan(text, d.range.start.offset, d.range.end.offset, d.fix)
      : undefined
  if (!d.fix || !span) return undefined
  return [
    {
      description: { text: nameFixTitle(d.fix) },
      artifactChanges: [
        {
          artifactLocation,
          replacements: [
            {
              deletedRegion: region(position(span.start), position(span.end)),
              insertedContent: { text: d.fix.meant },
            },
          ],
        },
      ],
    },
  ]
}

/** A SARIF log: the tool with a rule per code seen, results with file regions (1-based, end column exclusive). */
export function sarifReport(checked: CheckedFiles, tool: { version: string; docsUrl: string }): string {
  const codes = new Set<string>()
  const results = checked.reports.flatMap((report) => {
    const artifactLocation = { uri: fileUri(report.file), uriBaseId: '%SRCROOT%' }
    // positions of a fix's name, from one index of the file's lines (built only when a finding has a fix)
    // the DSL counts offsets and columns after a byte order mark: the fix is found and placed in the text past it
    const text = report.text?.startsWith('\ufeff') ? report.text.slice(1) : report.text
    let index: ((offset: number) => Position) | undefined
    const position = (offset: number) => {
      index ??= createLineIndex(text ?? '')
      return index(offset)
    }
    return report.diagnostics.map((d) => {
      codes.add(d.code)
      const at = d.path.length > 0 ? ` (at ${formatPath(d.path)})` : ''
      const physicalLocation: Record<string, unknown> = { artifactLocation }
      if (d.range) {
        physicalLocation.region = {
          startLine: d.range.start.line,
          startColumn: d.range.start.column,
          endLine: Math.max(d.range.end.line, d.range.start.line),
          endColumn:
            d.range.end.line > d.range.start.line
              ? d.range.end.column
              : Math.max(d.range.end.column, d.range.start.column + 1),
        }
      }
      const fixes = fixesOf(d, text, position, artifactLocation)
      return {
        ruleId: d.code,
        level: level(d.severity),
        message: { text: `${d.message}${at}` },
        locations: [{ physicalLocation }],
        ...(fixes ? { fixes } : {}),
      }
    })
  })
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'routewright',
            version: tool.version,
            informationUri: tool.docsUrl,
            rules: [...codes].sort().map((id) => ({ id, helpUri: tool.docsUrl })),
          },
        },
        results,
      },
    ],
  }
  return jsonOutput(log)
}

/** A relative reference to the file: encodeURI leaves `#` and `?`, which would cut the name into a fragment or query. */
function fileUri(file: string): string {
  return encodeURI(file).replace(/#/g, '%23').replace(/\?/g, '%3F')
}
