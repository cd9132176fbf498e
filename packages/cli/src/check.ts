import { existsSync } from 'node:fs'
import { quotedName } from '@routewright/node-support/printable'
import { resolveTestDirectory, workspaceRootFor } from '@routewright/node-support/test-directory'
import {
  type Diagnostic,
  type DirectoryDocument,
  type StrategyDocument,
  safeParseDirectory,
  safeParseTestDocument,
  sortDiagnostics,
  validateDirectory,
  validateTestDocument,
} from '@routewright/strategy-dsl'
import { lookUpCallees, missingCallees } from './callee-lookup.ts'
import { type DeclaredId, duplicateIdDiagnostic } from './duplicate-ids.ts'
import type { FileKind } from './files.ts'
import { displayPath, FILE_CODES, fileDiagnostic, readSource, type SourceFile } from './sources.ts'
import { createChecker } from './strategy-checker.ts'
import { type BrokenStrategy, lookUpTestedStrategies } from './tested-strategy-lookup.ts'

/** The findings about one file, with its text so reports can quote the offending line. */
export interface FileReport {
  file: string
  /** `alarms` for the server's alarms.yaml, checked by validate with serve's reader. */
  kind: FileKind | 'alarms' | undefined
  diagnostics: Diagnostic[]
  text?: string
  /** Why the summary does not count it as a file checked: `skipped` (not a regular file, never read) or `directory`
   * (the directory file from outside the paths given, `--directory` or the one beside the strategies, read to resolve names). */
  uncounted?: 'skipped' | 'directory'
}

export interface CheckedFiles {
  reports: FileReport[]
  /** Strategies that parsed, by id (the first file wins); callee views only when no test file was checked. */
  strategies: Map<string, StrategyDocument>
  /** Where each strategy id was read from (display path). */
  strategyFiles: Map<string, string>
  directory?: DirectoryDocument
  directoryFile?: string
  /** Remarks for stderr that are not findings about a file. */
  notes: string[]
}

export interface CheckOptions {
  /** The bundled worker script; without it everything runs in this thread. */
  workerScript?: string
  /** Folder paths are shown relative to. */
  cwd: string
  /** The directory file to resolve names against, already read; otherwise the single one among `sources`. */
  directory?: SourceFile
}

/**
 * Parses and validates every file: directories first (to resolve names), then strategies (all parsed before any is
 * validated, so subroutine calls resolve across files), then test files.
 */
export async function checkSources(
  sources: readonly SourceFile[],
  options: CheckOptions,
): Promise<CheckedFiles> {
  const { cwd } = options
  const reports: FileReport[] = []
  const notes: string[] = []
  const reportOf = (source: SourceFile): FileReport => {
    const report: FileReport = { file: source.display, kind: source.kind, diagnostics: [] }
    if (source.text !== undefined) report.text = source.text
    if (source.readError) report.diagnostics.push(source.readError)
    reports.push(report)
    return report
  }

  // directories
  const directorySources = sources.filter((s) => s.kind === 'directory')
  const directories = new Map<string, DirectoryDocument>()
  const directoryInputs =
    options.directory && !directorySources.some((s) => s.path === options.directory?.path)
      ? [options.directory, ...directorySources]
      : directorySources
  for (const source of directoryInputs) {
    const report = reportOf(source)
    if (!directorySources.includes(source)) report.uncounted = 'directory'
    if (source.input === undefined) continue
    const parsed = safeParseDirectory(source.input, { file: source.display })
    report.diagnostics.push(...parsed.diagnostics)
    if (!parsed.success) continue
    report.diagnostics.push(
      ...validateDirectory(parsed.data, { file: source.display, locator: parsed.locator }),
    )
    directories.set(source.path, parsed.data)
  }
  let directory: DirectoryDocument | undefined
  let directoryFile: string | undefined
  const chosen = options.directory ?? (directorySources.length === 1 ? directorySources[0] : undefined)
  if (chosen) {
    directory = directories.get(chosen.path)
    directoryFile = chosen.display
    if (!directory)
      notes.push(`The directory ${chosen.display} has errors: groups, skills and calendars are not checked`)
  } else if (directorySources.length > 1) {
    notes.push(
      `Found ${directorySources.length} directory files; pass --directory <file> to check names against one of them`,
    )
  }

  // strategies: parse all, then validate with every id known (in worker threads when there are many)
  const strategySources = sources.filter((s) => s.kind === 'strategy')
  const strategyReports = strategySources.map(reportOf)
  const strategies = new Map<string, StrategyDocument>()
  const strategyFiles = new Map<string, string>()
  const firstDeclared = new Map<string, DeclaredId>()
  // strategies given that did not parse, for a test naming one (RW464 says it has errors, not that it is missing)
  const brokenGiven: BrokenStrategy[] = []
  // every parsed document by report index (duplicates too), for the callee lookup
  const parsedDocuments = new Map<number, StrategyDocument>()
  const items = strategySources.flatMap((source, index) =>
    source.input === undefined ? [] : [{ index, display: source.display, input: source.input }],
  )
  const bytes = items.reduce((sum, item) => sum + item.input.length, 0)
  const checker = createChecker({ files: items.length, bytes }, options.workerScript)
  try {
    // without test files nobody reads whole documents back here: workers keep them and send small views
    const views = !sources.some((s) => s.kind === 'test')
    for (const parsed of await checker.parse(items, views)) {
      const source = strategySources[parsed.index]!
      const report = strategyReports[parsed.index]!
      report.diagnostics.push(...parsed.diagnostics)
      if (!parsed.document) {
        brokenGiven.push({
          path: source.path,
          display: source.display,
          text: source.text ?? '',
          diagnostics: parsed.diagnostics,
        })
        continue
      }
      parsedDocuments.set(parsed.index, parsed.document)
      const id = parsed.document.strategy
      const declared = { id, file: source.display, ...(parsed.idRange ? { range: parsed.idRange } : {}) }
      const first = firstDeclared.get(id)
      if (first !== undefined) {
        report.diagnostics.push(duplicateIdDiagnostic(declared, first))
        continue
      }
      firstDeclared.set(id, declared)
      strategies.set(id, parsed.document)
      strategyFiles.set(id, source.display)
    }
    // a call the files given do not define is looked for in its caller's folder tree, as `test` finds its strategy
    // only the folders of callers with such a call are walked: a run whose calls all resolve reads nothing more
    const callers = [...parsedDocuments].filter(
      ([, document]) => missingCallees([document], strategies).size > 0,
    )
    const lookup =
      callers.length === 0
        ? undefined
        : await lookUpCallees(
            callers.map(([index]) => strategySources[index]!.path),
            new Set(sources.map((s) => s.path)),
            strategies,
            cwd,
          )
    const known = lookup ? new Map([...strategies, ...lookup.found]) : strategies
    for (const validated of await checker.validate(known, directory)) {
      const caller = parsedDocuments.get(validated.index)
      const callerPath = strategySources[validated.index]!.path
      strategyReports[validated.index]!.diagnostics.push(
        ...(lookup && caller
          ? validated.diagnostics.map((d) => lookup.explain(d, caller, callerPath))
          : validated.diagnostics),
      )
    }
  } finally {
    await checker.close()
  }

  // a strategy that does not parse is not validated (its rules would guess at what the author meant): say so, or
  // fixing its schema errors brings a second round of findings as a surprise
  const unchecked = brokenGiven.filter((file) => file.diagnostics.some((d) => d.severity === 'error'))
  if (unchecked.length > 0)
    notes.push(
      `${unchecked.length === 1 ? `${unchecked[0]!.display} has errors: its` : `${unchecked.length} strategy files have errors: their`} expressions, names and paths are not checked until these are fixed`,
    )

  // tests: checked against the directory they name (read here when not among the inputs) and the strategy they test
  const failedDirectories = new Set<string>()
  const tests = sources
    .filter((s) => s.kind === 'test')
    .map((source) => {
      const report = reportOf(source)
      if (source.input === undefined) return undefined
      const parsed = safeParseTestDocument(source.input, { file: source.display })
      report.diagnostics.push(...parsed.diagnostics)
      return parsed.success ? { source, report, parsed } : undefined
    })
    .filter((test) => test !== undefined)
  // a test whose strategy the files given lack is checked against the one `test` would run: from its folder tree
  const untested = tests.filter((test) => !strategies.has(test.parsed.data.tests))
  const testedLookup =
    untested.length === 0
      ? undefined
      : await lookUpTestedStrategies(
          untested.map((test) => test.source.path),
          new Set(sources.map((s) => s.path)),
          strategies,
          cwd,
          brokenGiven,
        )
  const testedKnown = testedLookup ? new Map([...testedLookup.found, ...strategies]) : strategies
  for (const { source, report, parsed } of tests) {
    let testDirectory = directory
    if (parsed.data.directory !== undefined) {
      const range = parsed.locator.rangeOf(['directory'])
      const problem = (code: string, message: string) =>
        report.diagnostics.push({
          code,
          severity: 'error',
          message,
          path: ['directory'],
          file: source.display,
          ...(range ? { range } : {}),
        })
      const resolved = resolveTestDirectory(
        source.path,
        parsed.data.directory,
        workspaceRootFor(source.path, cwd),
      )
      if (!resolved.ok) {
        problem(FILE_CODES.outsideWorkspace, resolved.message)
        testDirectory = undefined
      } else {
        testDirectory = directories.get(resolved.path)
        if (!testDirectory && !existsSync(resolved.path)) {
          problem(
            FILE_CODES.missingDirectory,
            `The directory file ${quotedName(parsed.data.directory)} does not exist (looked for ${displayPath(resolved.path, cwd)}); the path is relative to the test file`,
          )
        } else if (!testDirectory && !failedDirectories.has(resolved.path)) {
          // named by the test but not among the inputs: read it, as `test` does, or its scenarios go unchecked
          testDirectory = await readNamedDirectory(resolved.path, cwd)
          if (testDirectory) directories.set(resolved.path, testDirectory)
          else {
            failedDirectories.add(resolved.path)
            notes.push(
              `The directory ${displayPath(resolved.path, cwd)} named by ${source.display} cannot be read or has errors (validate it to see them): the agents, groups and statistics of its scenarios are not checked`,
            )
          }
        }
      }
    }
    const found = validateTestDocument(parsed.data, {
      file: source.display,
      locator: parsed.locator,
      strategies: testedKnown,
      ...(testDirectory ? { directory: testDirectory } : {}),
    })
    report.diagnostics.push(
      ...(testedLookup ? found.map((d) => testedLookup.explain(d, parsed.data.tests, source.path)) : found),
    )
  }

  // anything else named on the command line
  for (const source of sources.filter((s) => s.kind === undefined)) {
    const report = reportOf(source)
    if (!source.readError) {
      report.diagnostics.push(
        fileDiagnostic(
          FILE_CODES.unknownKind,
          "Not a Routewright file: name strategies *.strategy.yaml, directories *.directory.yaml, tests *.test.yaml and serve's alarm rules alarms.yaml",
          source.display,
        ),
      )
    }
  }

  for (const report of reports) report.diagnostics = sortDiagnostics(report.diagnostics)
  reports.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  return {
    reports,
    strategies,
    strategyFiles,
    notes,
    ...(directory ? { directory } : {}),
    ...(directoryFile ? { directoryFile } : {}),
  }
}

export function countBySeverity(reports: readonly FileReport[]): { errors: number; warnings: number } {
  let errors = 0
  let warnings = 0
  for (const report of reports) {
    for (const d of report.diagnostics) {
      if (d.severity === 'error') errors++
      else if (d.severity === 'warning') warnings++
    }
  }
  return { errors, warnings }
}

/** A directory file a test names, read within the size cap; undefined when it cannot be read or does not parse. */
async function readNamedDirectory(file: string, cwd: string): Promise<DirectoryDocument | undefined> {
  const source = await readSource(file, cwd)
  if (source.input === undefined) return undefined
  const parsed = safeParseDirectory(source.input, { file: source.display })
  return parsed.success ? parsed.data : undefined
}
