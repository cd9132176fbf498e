// `routewright validate` on alarms.yaml: the server's own reader (no second schema), against the directory checked.
import path from 'node:path'
import { ALARMS_FILE, alarmTargetsOf, parseAlarms } from '@routewright/server/alarms'
import { type DirectoryDocument, sortDiagnostics } from '@routewright/strategy-dsl'
import type { FileReport } from './check.ts'
import type { SourceFile } from './sources.ts'

/** The file names validate reads besides the DSL's kinds. */
export const ALARM_NAMES: ReadonlySet<string> = new Set([ALARMS_FILE])

export function isAlarmsSource(source: SourceFile): boolean {
  return source.kind === undefined && path.basename(source.path) === ALARMS_FILE
}

/**
 * The alarms files serve could read: named on the command line, or in a folder that holds a strategy or directory
 * file (serve reads `<workspace>/alarms.yaml`). Another tool's alarms.yaml met in a folder walk is left out with a
 * note, so it cannot fail a CI run with Routewright's codes.
 */
export function servedAlarmSources(
  alarms: readonly SourceFile[],
  others: readonly SourceFile[],
  named: ReadonlySet<string>,
): { sources: SourceFile[]; notes: string[] } {
  const workspaces = new Set(others.filter((s) => s.kind !== 'test').map((s) => path.dirname(s.path)))
  const sources: SourceFile[] = []
  const notes: string[] = []
  for (const source of alarms) {
    if (named.has(source.path) || workspaces.has(path.dirname(source.path))) sources.push(source)
    else
      notes.push(
        `${source.display} not checked: no strategy or directory file beside it, so serve would not read it (name it to check it)`,
      )
  }
  return { sources, notes }
}

/** One report per alarms file; rules' groups and queues are checked when a directory was read. */
export function checkAlarmSources(
  sources: readonly SourceFile[],
  directory: DirectoryDocument | undefined,
): { reports: FileReport[]; notes: string[] } {
  const known = directory && alarmTargetsOf(directory)
  const reports = sources.map((source): FileReport => {
    const report: FileReport = { file: source.display, kind: 'alarms', diagnostics: [] }
    if (source.text !== undefined) report.text = source.text
    if (source.readError) report.diagnostics.push(source.readError)
    else if (source.input !== undefined)
      report.diagnostics = sortDiagnostics(parseAlarms(source.input, source.display, known).diagnostics)
    return report
  })
  const notes =
    sources.length > 0 && !directory
      ? [`No directory was checked: the groups and queues that ${ALARMS_FILE} rules name are not checked`]
      : []
  return { reports, notes }
}
