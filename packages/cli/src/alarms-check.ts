// `routewright validate` on alarms.yaml: the server's own reader (no second schema), against the directory checked.
import path from 'node:path'
import { ALARMS_FILE, alarmTargetsOf, parseAlarms } from '@routewright/server/alarms'
import { type DirectoryDocument, type StrategyDocument, sortDiagnostics } from '@routewright/strategy-dsl'
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

/**
 * One report per alarms file; rules' groups and queues are checked when a directory was read, and warned of when no
 * strategy read routes to them (RW483, as serve logs), when strategies were read.
 */
export function checkAlarmSources(
  sources: readonly SourceFile[],
  directory: DirectoryDocument | undefined,
  strategies: ReadonlyMap<string, StrategyDocument>,
): { reports: FileReport[]; notes: string[] } {
  const known = directory && alarmTargetsOf(directory)
  // with no strategy among the inputs every rule would look unrouted: not judged (a note says so)
  const routing = strategies.size > 0 ? { strategies, directory } : undefined
  const reports = sources.map((source): FileReport => {
    const report: FileReport = { file: source.display, kind: 'alarms', diagnostics: [] }
    if (source.text !== undefined) report.text = source.text
    if (source.readError) report.diagnostics.push(source.readError)
    else if (source.input !== undefined)
      report.diagnostics = sortDiagnostics(
        parseAlarms(source.input, source.display, known, routing).diagnostics,
      )
    return report
  })
  const notes = [
    ...(sources.length > 0 && !directory
      ? [`No directory was checked: the groups and queues that ${ALARMS_FILE} rules name are not checked`]
      : []),
    ...(sources.length > 0 && !routing
      ? [
          `No strategy was checked: whether a strategy routes to what ${ALARMS_FILE} rules watch is not checked`,
        ]
      : []),
  ]
  return { reports, notes }
}
