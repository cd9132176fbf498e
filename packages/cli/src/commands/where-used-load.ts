// The workspace `routewright where-used` reads: every strategy, directory and test file under a folder, and the
// alarms.yaml serve would read (parsed by serve's own reader), each with positions.
import { readAlarms } from '@routewright/server/alarms'
import {
  type AlarmsUsageDocument,
  addUsageFile,
  type DirectoryDocument,
  type StrategyDocument,
  type TestDocument,
  type UsageFile,
  type UsageWorkspace,
} from '@routewright/strategy-dsl'
import { ALARM_NAMES, isAlarmsSource, servedAlarmSources } from '../alarms-check.ts'
import { emptyFolder, noFilesNote, walk } from '../files.ts'
import { readSources } from '../sources.ts'

const KINDS = new Set(['strategy', 'directory', 'test'] as const)

export interface LoadedWorkspace extends UsageWorkspace {
  strategies: UsageFile<StrategyDocument>[]
  directories: UsageFile<DirectoryDocument>[]
  tests: UsageFile<TestDocument>[]
  alarms: UsageFile<AlarmsUsageDocument>[]
  /** Why a file was left out: it could not be read or does not parse. */
  skipped: string[]
  /** With `passWithNoFiles`, the note said in place of the usage error when the folder holds none of the files. */
  noFiles?: string
}

/**
 * Every file under `folder` (given as `given`) that where-used reads, in path order (so the first directory is the
 * same each run); a usage error when it holds none, as the other folder commands say it (with `passWithNoFiles`,
 * an empty workspace with that note).
 */
export async function loadUsageWorkspace(
  folder: string,
  cwd: string,
  given: string,
  passWithNoFiles = false,
): Promise<LoadedWorkspace> {
  const { files, skippedLinks, notFiles } = await walk(folder, KINDS, ALARM_NAMES)
  const out: LoadedWorkspace = { strategies: [], directories: [], tests: [], alarms: [], skipped: [] }
  if (files.length === 0 && skippedLinks.length === 0 && notFiles.length === 0) {
    const error = emptyFolder(given, folder, { command: 'where-used', kinds: KINDS, names: ALARM_NAMES })
    if (!passWithNoFiles) throw error
    return { ...out, noFiles: noFilesNote(error) }
  }
  const read = await readSources(files, cwd)
  const documents = read.filter((source) => !isAlarmsSource(source))
  // only an alarms.yaml beside strategies or a directory is serve's: another tool's file is not read
  const served = servedAlarmSources(read.filter(isAlarmsSource), documents, new Set())
  const unparsed = (display: string) =>
    out.skipped.push(`${display}: skipped, it does not parse (run routewright validate)`)
  for (const source of [...documents, ...served.sources]) {
    const { input, display: file } = source
    if (input === undefined) {
      out.skipped.push(`${file}: skipped, it could not be read`)
      continue
    }
    if (source.kind !== undefined) {
      if (!addUsageFile(out, source.kind, file, input)) unparsed(file)
    } else {
      const parsed = readAlarms(input, file)
      if (parsed.document)
        out.alarms.push({
          file,
          document: parsed.document,
          ...(parsed.locator ? { locator: parsed.locator } : {}),
        })
      else unparsed(file)
    }
  }
  return out
}
