// SARIF 2.1.0 for code-scanning tools (GitHub code scanning, IDE SARIF viewers): one result per diagnostic.
import { type Diagnostic, formatPath } from '@routewright/strategy-dsl'
import type { CheckedFiles } from '../check.ts'

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

function level(severity: Diagnostic['severity']): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note'
}

/** A SARIF log: the tool with a rule per code seen, results with file regions (1-based, end column exclusive). */
export function sarifReport(checked: CheckedFiles, tool: { version: string; docsUrl: string }): string {
  const codes = new Set<string>()
  const results = checked.reports.flatMap((report) =>
    report.diagnostics.map((d) => {
      codes.add(d.code)
      const at = d.path.length > 0 ? ` (at ${formatPath(d.path)})` : ''
      const physicalLocation: Record<string, unknown> = {
        artifactLocation: { uri: encodeURI(report.file), uriBaseId: '%SRCROOT%' },
      }
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
      return {
        ruleId: d.code,
        level: level(d.severity),
        message: { text: `${d.message}${at}` },
        locations: [{ physicalLocation }],
      }
    }),
  )
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
  return `${JSON.stringify(log, null, 2)}\n`
}
