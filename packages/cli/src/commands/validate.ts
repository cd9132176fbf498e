// `routewright validate`: parse and check files, then report as text, JSON, GitHub annotations or SARIF.
import path from 'node:path'
import { notFileDiagnostics } from '@routewright/node-support/not-file'
import { printableName } from '@routewright/node-support/printable'
import { workspaceRootFor } from '@routewright/node-support/test-directory'
import { assertNever } from '@routewright/strategy-dsl'
import { ALARM_NAMES, checkAlarmSources, isAlarmsSource, servedAlarmSources } from '../alarms-check.ts'
import { UsageError } from '../args.ts'
import { checkSources, countBySeverity } from '../check.ts'
import { type CommandRunner, EXIT } from '../command.ts'
import {
  collectFiles,
  fileKindOf,
  nearestDirectories,
  passedWithNoFiles,
  skippedLinkNotes,
} from '../files.ts'
import { SPEC_URL, VERSION } from '../meta.ts'
import { applyNameFixes } from '../name-fixes.ts'
import { githubReport, jsonReport, prettyReport } from '../report/diagnostics.ts'
import { sarifReport } from '../report/sarif.ts'
import { createStyle } from '../report/style.ts'
import { displayPath, readSource, readSources, type SourceFile } from '../sources.ts'
import type { ReportFormat } from '../specs/validate.ts'
import { readStdinSource, stdinRequest } from '../stdin.ts'
import { requireDirectoryFlag } from '../strategy-target.ts'

const ALL_KINDS = new Set(['strategy', 'directory', 'test'] as const)

/** What `routewright validate` does, loaded only when it runs; its flags and help are in specs/validate.ts. */
export const validateRunner: CommandRunner = {
  run: (args, io) => validate(args, io, 1, new Set()),
}

/** A fix can uncover the next (the graph is checked once the shape is right): at most this many rounds of --fix. */
const FIX_ROUNDS = 4

async function validate(
  { flags, positionals }: Parameters<CommandRunner['run']>[0],
  io: Parameters<CommandRunner['run']>[1],
  round: number,
  refused: Set<string>,
): Promise<number> {
  const format = (flags.format as ReportFormat | undefined) ?? 'pretty'
  const { paths, stdinName } = stdinRequest(positionals, flags['stdin-filename'])
  const collected =
    stdinName !== undefined && paths.length === 0
      ? { files: [], skippedLinks: [], notFiles: [] }
      : await collectFiles(paths, io.cwd, {
          command: 'validate',
          kinds: ALL_KINDS,
          names: ALARM_NAMES,
          passWithNoFiles: flags['pass-with-no-files'] === true,
        })
  // standard input is a file too: with `-` there is something to check; a --fix round said its notes already
  if (round === 1 && passedWithNoFiles(collected, io.err) && stdinName === undefined) return EXIT.ok
  if (flags.fix === true && stdinName !== undefined)
    throw new UsageError(
      'validate --fix writes files: it cannot fix standard input',
      'Name the file instead of -',
    )
  const stdinSource = stdinName !== undefined ? await readStdinSource(io, stdinName) : undefined
  // the buffer on stdin stands in for the file of that name on disk
  const files = collected.files.filter((file) => file !== stdinSource?.path)
  let directoryPath: string | undefined
  if (typeof flags.directory === 'string') {
    directoryPath = path.resolve(io.cwd, flags.directory)
    if (fileKindOf(directoryPath) !== 'directory') {
      throw new UsageError(
        `--directory expects a *.directory.yaml file, got ${flags.directory}`,
        'Name directory files <env>.directory.yaml',
      )
    }
  }
  const read = await readSources(files, io.cwd)
  const sources = read.filter((source) => !isAlarmsSource(source))
  const served = servedAlarmSources(
    read.filter(isAlarmsSource),
    sources,
    new Set(paths.map((input) => path.resolve(io.cwd, input))),
  )
  if (stdinSource) sources.push(stdinSource)
  let directory = directoryPath ? sources.find((s) => s.path === directoryPath) : undefined
  if (directoryPath && !directory) {
    // a missing one in the words run and serve use (it said "Cannot read the directory file")
    await requireDirectoryFlag(flags.directory as string, io.cwd, 'validate')
    directory = await readSource(directoryPath, io.cwd)
    if (directory.readError?.code === 'RW090') {
      throw new UsageError(
        `Cannot read the directory file ${flags.directory}: ${directory.readError.message}`,
        'Check the --directory path',
      )
    }
  }
  // names are checked against a directory: the one given, the one among the inputs, else the one beside the strategies
  const beside =
    directory || sources.some((s) => s.kind === 'directory') ? {} : await directoryBeside(sources, io.cwd)
  directory ??= beside.source
  const checked = await checkSources(sources, {
    cwd: io.cwd,
    ...(directory ? { directory } : {}),
    ...(io.workerScript ? { workerScript: io.workerScript } : {}),
  })
  const alarms = checkAlarmSources(served.sources, checked.directory, checked.strategies)
  // a FIFO or folder named like a document: a warning of its own, in every format, so no path is left out unsaid
  const notFiles = (await notFileDiagnostics(collected.notFiles, io.cwd)).map((d, i) => ({
    file: displayPath(collected.notFiles[i]!, io.cwd),
    kind: fileKindOf(collected.notFiles[i]!),
    diagnostics: [d],
    uncounted: 'skipped' as const,
  }))
  if (alarms.reports.length > 0 || notFiles.length > 0) {
    checked.reports.push(...alarms.reports, ...notFiles)
    checked.reports.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  }
  if (flags.fix === true) {
    const { lines, fixed } = await applyNameFixes(checked.reports, [...sources, ...served.sources], refused)
    for (const line of lines) io.err(`${line}\n`)
    // the report is of the files as they are now: checked again (and fixed again, a few rounds at most)
    if (fixed > 0)
      return validate({ flags: { ...flags, fix: round < FIX_ROUNDS }, positionals }, io, round + 1, refused)
  }
  for (const note of skippedLinkNotes(collected.skippedLinks, io.cwd)) io.err(note)
  const notes = [...(beside.note ? [beside.note] : []), ...checked.notes, ...served.notes, ...alarms.notes]
  for (const note of notes) io.err(`note: ${note}\n`)
  if (checked.reports.length === 0) io.err(nothingFoundNote(paths))
  switch (format) {
    case 'json':
      io.out(jsonReport(checked))
      break
    case 'github':
      io.out(githubReport(checked))
      break
    case 'sarif':
      io.out(sarifReport(checked, { version: VERSION, docsUrl: SPEC_URL }))
      break
    case 'pretty':
      io.out(prettyReport(checked, createStyle(io.color)))
      break
    default:
      assertNever(format, 'report format')
  }
  const { errors, warnings } = countBySeverity(checked.reports)
  return errors > 0 || (flags.strict === true && warnings > 0) ? EXIT.findings : EXIT.ok
}

/**
 * Why nothing was checked when the folders walked held only entries the walk skipped (links, FIFOs: each has its own
 * note); a folder with nothing at all is collectFiles' usage error. "✓ 0 files checked" read as a pass.
 */
function nothingFoundNote(paths: readonly string[]): string {
  const where = paths.length === 0 ? 'the current folder' : paths.map((p) => printableName(p)).join(', ')
  return `note: no strategy files found in ${where}: validate checks *.strategy.yaml, *.directory.yaml, *.test.yaml and alarms.yaml files, in the folders given and those under them; name the folder or the files that hold them\n`
}

/**
 * The directory file nearest the strategies given: the single `*.directory.yaml` in a strategy's folder, else in the
 * closest folder above it with any, up to the workspace (the working folder when the strategy is inside it), read
 * to resolve their group, skill, queue and calendar names; a note instead when there is none, several side by side,
 * or strategies that find different ones.
 */
async function directoryBeside(
  sources: readonly SourceFile[],
  cwd: string,
): Promise<{ source?: SourceFile; note?: string }> {
  const strategies = sources.filter((s) => s.kind === 'strategy')
  if (strategies.length === 0) return {}
  const unchecked =
    'group, skill, queue and calendar names are not checked; give --directory <file>.directory.yaml'
  const nearest = new Set<string>()
  for (const strategy of strategies) {
    const found = await nearestDirectories(path.dirname(strategy.path), workspaceRootFor(strategy.path, cwd))
    if (found.length > 1) {
      const names = found.map((file) => displayPath(file, cwd)).join(', ')
      return { note: `${found.length} directory files beside ${strategy.display} (${names}): ${unchecked}` }
    }
    if (found.length === 1) nearest.add(found[0] as string)
    else {
      const where =
        strategies.length === 1
          ? `beside ${strategy.display} or above it`
          : 'beside the strategies given or above them'
      return { note: `No directory file among the inputs, ${where}: ${unchecked}` }
    }
  }
  if (nearest.size > 1) return { note: `The strategies given find different directory files: ${unchecked}` }
  return { source: await readSource([...nearest][0] as string, cwd) }
}
