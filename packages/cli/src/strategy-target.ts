// One strategy file named on the command line, with its directory, validated together: what `run` and `simulate`
// need before they route anything.
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { printable, printableName } from '@routewright/node-support/printable'
import { workspaceRootFor } from '@routewright/node-support/test-directory'
import type { Diagnostic, DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { UsageError } from './args.ts'
import { reachedStrategies } from './callee-lookup.ts'
import type { CliIo } from './command.ts'
import { fileKindOf, nearestDirectoryFiles, requireFile, skippedLinkNotes } from './files.ts'
import { placeOf } from './report/place.ts'
import { createStyle } from './report/style.ts'
import { displayPath, notFileLines } from './sources.ts'
import { Workspace } from './workspace.ts'

/** The single positional of a command that takes one strategy file; a usage error otherwise. */
export function strategyArgument(positionals: readonly string[], command: string, example: string): string {
  if (positionals.length !== 1)
    throw new UsageError(`${command} takes exactly one strategy file`, `Try: ${example}`)
  const file = positionals[0] as string
  if (fileKindOf(file) !== 'strategy') {
    throw new UsageError(`${file} is not a strategy file`, 'Strategy files are named *.strategy.yaml')
  }
  return file
}

/**
 * A --directory that is not named *.directory.yaml: a usage error naming what it is and what is expected, as the
 * strategy argument's is. Read as a directory, a random YAML or the alarms file listed each of its keys as unknown
 * to a directory (exit 1), as if the directory were at fault.
 */
export function directoryArgument(given: string): string {
  const kind = fileKindOf(given)
  if (kind === 'directory') return given
  throw new UsageError(
    `--directory ${printableName(given)} is ${kind === undefined ? 'not a directory file' : `a ${kind} file, not a directory file`}`,
    'Give the *.directory.yaml that declares the agents, groups and queues the strategy names',
  )
}

/**
 * A --directory named on the command line: a *.directory.yaml that is there, relative to the current folder as every
 * path option is (run, validate and serve word a missing one the same, exit 2). With `workspace`, a path that is
 * there only relative to the workspace says the path to type (serve said the workspace had it and to name it).
 */
export async function requireDirectoryFlag(
  given: string,
  cwd: string,
  command: string,
  workspace?: string,
): Promise<string> {
  const full = path.resolve(cwd, directoryArgument(given))
  try {
    await requireFile(given, cwd, { command, kinds: new Set(['directory']) }, '--directory')
  } catch (error) {
    const inWorkspace = workspace === undefined ? undefined : path.resolve(workspace, given)
    if (!(error instanceof UsageError) || inWorkspace === undefined || inWorkspace === full) throw error
    if (
      !(await stat(inWorkspace).then(
        (info) => info.isFile(),
        () => false,
      ))
    )
      throw error
    throw new UsageError(
      error.message,
      `Paths are relative to the current folder: the workspace's is --directory ${printableName(displayPath(inWorkspace, cwd))}`,
    )
  }
  return full
}

/** RW091 on stderr for each entry the folder walks skipped as not a regular file (as test and fmt say them). */
async function sayNotFiles(entries: ReadonlySet<string>, io: CliIo): Promise<void> {
  for (const line of await notFileLines([...entries].sort(), io.cwd, createStyle(io.color))) io.err(line)
}

/** The single directory file found for the strategy; a usage error naming them (cwd-relative) when none or several. */
function theOnlyDirectory(files: readonly string[], cwd: string): string {
  if (files.length === 1) return files[0] as string
  if (files.length === 0)
    throw new UsageError(
      'No directory file found beside the strategy or in a folder above it',
      'Pass --directory <file>.directory.yaml',
    )
  const shown = files.map((file) => printableName(displayPath(file, cwd)))
  throw new UsageError(
    `${files.length} directory files found beside the strategy (or in the nearest folder above it): ${shown.join(', ')}`,
    `Pass --directory with the one to use, e.g. --directory ${shown[0]}`,
  )
}

export interface LoadedTarget {
  workspace: Workspace
  strategy: StrategyDocument
  directory: DirectoryDocument
  /** The directory file's absolute path (`--directory`, or the one found beside the strategy), for messages. */
  directoryPath: string
  /** The strategy and those it calls or hands over to: what a router needs, all without errors. */
  strategies: Map<string, StrategyDocument>
}

/** Each error as `file:line:col  error  CODE  message`, then the hint to fix them first. */
export function printErrors(errors: readonly Diagnostic[], io: CliIo): void {
  for (const d of errors) {
    io.err(`${placeOf(d.file, d.range)}  error  ${d.code}  ${printable(d.message)}\n`)
  }
  io.err('Fix these errors first (routewright validate shows them all)\n')
}

/**
 * Loads the strategy, the strategies of its folder tree (for subroutine calls) and the directory (`--directory`, or
 * the single directory file beside the strategy), validated together; prints the errors and gives undefined when
 * something is wrong.
 */
export async function loadStrategyTarget(
  command: 'run' | 'simulate',
  file: string,
  directoryFlag: string | undefined,
  io: CliIo,
): Promise<LoadedTarget | undefined> {
  const workspace = new Workspace(io.cwd)
  const strategyPath = path.resolve(io.cwd, file)
  // said before any folder is walked, in the words every command uses for a file that is not there
  await requireFile(file, io.cwd, { command, kinds: new Set(['strategy']) })
  if (directoryFlag !== undefined) await requireDirectoryFlag(directoryFlag, io.cwd, command)
  workspace.prefer([strategyPath]) // a copy beside it with the same id must not be what is checked and routed
  await workspace.addFolder(path.dirname(strategyPath))
  const strategy = await workspace.strategyAt(strategyPath)
  // beside it, else the nearest folder above that has any, up to the workspace: validate's lookup, never the
  // folders below (run routed with flows/sub/x.directory.yaml that validate said was not there)
  const nearest =
    directoryFlag === undefined
      ? await nearestDirectoryFiles(path.dirname(strategyPath), workspaceRootFor(strategyPath, io.cwd))
      : undefined
  // said before "no directory file found": a FIFO or folder named like a directory may be why
  await sayNotFiles(new Set([...workspace.notFiles, ...(nearest?.notFiles ?? [])]), io)
  const directoryPath =
    directoryFlag !== undefined
      ? path.resolve(io.cwd, directoryFlag)
      : theOnlyDirectory(nearest?.files ?? [], io.cwd)
  const directory = await workspace.directoryAt(directoryPath)
  for (const note of skippedLinkNotes([...workspace.skippedLinks], io.cwd)) io.err(note)
  const loadErrors = [...strategy.diagnostics, ...directory.diagnostics].filter((d) => d.severity === 'error')
  if (!strategy.document || !directory.document || loadErrors.length > 0) {
    printErrors(loadErrors, io)
    return undefined
  }
  // only what the strategy reaches: a broken strategy elsewhere in the folder must not stop it (the router
  // refuses every document it is given when one has errors)
  const strategies = reachedStrategies(strategy.document, workspace.strategies())
  // a callee declared by two files (or the strategy by two named ones) would run whichever sorts first
  const duplicates = workspace.duplicates(strategies.keys())
  if (duplicates.length > 0) {
    printErrors(duplicates, io)
    return undefined
  }
  const errors = [...strategies.keys()].flatMap(
    (id) => workspace.find(id, directory.document)?.diagnostics.filter((d) => d.severity === 'error') ?? [],
  )
  if (errors.length > 0) {
    printErrors(errors, io)
    return undefined
  }
  return {
    workspace,
    strategy: strategy.document,
    directory: directory.document,
    directoryPath,
    strategies,
  }
}
