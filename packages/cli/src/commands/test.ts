// `routewright test`: runs *.test.yaml scenarios with a simulated clock; reports for people, JSON or JUnit XML.
import path from 'node:path'
import { printable, printableName } from '@routewright/node-support/printable'
import { resolveTestDirectory, workspaceRootFor } from '@routewright/node-support/test-directory'
import {
  assertNever,
  type Diagnostic,
  type DirectoryDocument,
  safeParseTestDocument,
  validateTestDocument,
} from '@routewright/strategy-dsl'
import { runTestDocument, type TestReport } from '@routewright/strategy-runtime'
import { parseDocument } from 'yaml'
import { UsageError } from '../args.ts'
import { reachedStrategies } from '../callee-lookup.ts'
import { type CommandRunner, EXIT } from '../command.ts'
import { collectFiles, fileKindOf, passedWithNoFiles, skippedLinkNotes, walk } from '../files.ts'
import { quoteSource } from '../report/diagnostics.ts'
import { createStyle } from '../report/style.ts'
import { type TestFileResult, testJson, testJunit, testPretty } from '../report/test-report.ts'
import { displayPath, notFileLines, readSources, type SourceFile } from '../sources.ts'
import type { TEST_FORMATS } from '../specs/test.ts'
import { type LoadedStrategy, testedStrategyFolder, Workspace } from '../workspace.ts'

/** What `routewright test` does, loaded only when it runs; its flags and help are in specs/test.ts. */
export const testRunner: CommandRunner = {
  async run({ flags, positionals }, io) {
    const style = createStyle(io.color)
    const format = (flags.format as (typeof TEST_FORMATS)[number] | undefined) ?? 'pretty'
    const collected = await collectFiles(positionals, io.cwd, {
      command: 'test',
      kinds: new Set(['test', 'strategy']),
      passWithNoFiles: flags['pass-with-no-files'] === true,
    })
    if (passedWithNoFiles(collected, io.err)) return EXIT.ok
    const inputs = collected.files
    const workspace = new Workspace(io.cwd)
    const givenStrategies = inputs.filter((file) => fileKindOf(file) === 'strategy')
    // the paths given answer a test's id before its folder tree (a copy there with the same id is not what is tested)
    workspace.prefer(givenStrategies)
    await workspace.addStrategyFiles(givenStrategies)
    const named = await testsOfNamedStrategies(positionals, inputs, workspace, io.cwd)
    for (const line of named.notes) io.err(line)
    const testFiles = [...inputs.filter((file) => fileKindOf(file) === 'test'), ...named.files]
    await workspace.addTestFolders(testFiles)
    const links = [...new Set([...collected.skippedLinks, ...workspace.skippedLinks])].sort()
    for (const note of skippedLinkNotes(links, io.cwd)) io.err(note)
    // a FIFO or folder named like a test or strategy: said on stderr (the report stays the tests'), as fmt does
    const notFiles = [...new Set([...collected.notFiles, ...workspace.notFiles])].sort()
    for (const line of await notFileLines(notFiles, io.cwd, style)) io.err(line)
    const filter = typeof flags.filter === 'string' ? flags.filter.toLowerCase() : undefined

    // a strategy named that does not parse fails the run: a hook given the changed file must not pass it silently
    const results: TestFileResult[] = named.broken.map((strategy) => ({
      file: strategy.source.display,
      ...(strategy.source.text !== undefined ? { text: strategy.source.text } : {}),
      problem: {
        why: 'the strategy does not parse, so none of its tests can run; fix it first',
        of: 'strategy' as const,
        diagnostics: strategy.diagnostics.filter((d) => d.severity === 'error'),
      },
      scenarios: [],
    }))
    let filteredOut = 0
    for (const source of await readSources(testFiles, io.cwd)) {
      const result = await runTestFile(source, {
        workspace,
        cwd: io.cwd,
        ...(filter !== undefined ? { filter } : {}),
        ...(typeof flags.directory === 'string' ? { directory: flags.directory } : {}),
      })
      if (result) results.push(result)
      else filteredOut++
    }
    // a mistyped --filter ran nothing and said "0 passed, 0 failed" at exit 0: CI passed without a test
    if (filteredOut > 0 && results.every((r) => r.problem === undefined && r.scenarios.length === 0))
      throw new UsageError(
        `--filter "${printable(String(flags.filter))}" matches no scenario (looked in ${filteredOut} test file${filteredOut === 1 ? '' : 's'})`,
        'The filter keeps the scenarios whose name holds the text, in any case: check its spelling, or run without --filter to list them all',
      )
    if (testFiles.length === 0 && named.notes.length === 0 && named.broken.length === 0)
      io.err('note: no *.test.yaml files found\n')
    switch (format) {
      case 'json':
        io.out(testJson(results))
        break
      case 'junit':
        io.out(testJunit(results))
        break
      case 'pretty':
        io.out(testPretty(results, style, (source, d) => quoteSource(source, d, style)))
        break
      default:
        assertNever(format, 'test report format')
    }
    const bad = results.some((r) => r.problem !== undefined || r.scenarios.some((s) => !s.passed))
    return bad ? EXIT.findings : EXIT.ok
  },
}

/**
 * The test files that test each strategy file named on the command line (`routewright test flows/vip.strategy.yaml`,
 * a hook given the changed file): those under the workspace whose `tests:` is its id, as a folder's run would find
 * them; a note for a strategy none tests (it ran no test and only said how to name them); the named files that do
 * not parse (they were skipped, and the run said "no *.test.yaml files found", exit 0).
 */
async function testsOfNamedStrategies(
  positionals: readonly string[],
  inputs: readonly string[],
  workspace: Workspace,
  cwd: string,
): Promise<{ files: string[]; notes: string[]; broken: LoadedStrategy[] }> {
  const named = positionals
    .map((given) => path.resolve(cwd, given))
    .filter((file) => fileKindOf(file) === 'strategy' && inputs.includes(file))
  const files: string[] = []
  const notes: string[] = []
  const broken: LoadedStrategy[] = []
  const walked = new Map<string, TestTarget[]>()
  for (const file of named) {
    const loaded = await workspace.strategyAt(file)
    const id = loaded.document?.strategy
    if (id === undefined) {
      broken.push(loaded)
      continue
    }
    const root = workspaceRootFor(file, cwd)
    let found = walked.get(root)
    if (found === undefined) {
      found = await testTargets(root, cwd)
      walked.set(root, found)
    }
    // a file that does not parse may test it: it is run, so its errors are reported and the run counts it as not run
    const mine = found.filter(
      (t) => (t.tests === id || unknown(t)) && !inputs.includes(t.file) && !files.includes(t.file),
    )
    files.push(...mine.map((t) => t.file))
    if (!found.some((t) => t.tests === id)) {
      const broken = found.filter(unknown).length
      notes.push(
        `note: no *.test.yaml file tests strategy "${printableName(id)}" (${printableName(displayPath(file, cwd))}): none under ${root === cwd ? '.' : printableName(displayPath(root, cwd))} names it in "tests:"${broken > 0 ? ` (${broken} that could not be read ${broken === 1 ? 'is' : 'are'} reported below)` : ''}\n`,
      )
    }
  }
  return { files, notes, broken }
}

/** A test file that does not parse and whose `tests:` cannot be told: it may test any strategy. */
const unknown = (t: TestTarget) => !t.parses && t.tests === undefined

/** A test file under the workspace: the strategy id its `tests:` names, and whether the whole file parses. */
interface TestTarget {
  file: string
  /** Undefined when it cannot be told (unreadable, not YAML, no `tests:` string). */
  tests: string | undefined
  parses: boolean
}

/**
 * Each test file under `root` with the strategy id its `tests:` names. One that does not parse (or cannot be read)
 * keeps the id its YAML still shows: a broken test of another strategy is no concern of this run, one of this
 * strategy or of none that can be told is run, so its errors are reported (they were skipped without a word).
 */
async function testTargets(root: string, cwd: string): Promise<TestTarget[]> {
  const { files } = await walk(root, new Set(['test']))
  const out: TestTarget[] = []
  for (const source of await readSources(files, cwd)) {
    if (source.input === undefined) {
      out.push({ file: source.path, tests: undefined, parses: false })
      continue
    }
    const parsed = safeParseTestDocument(source.input, { file: source.display })
    out.push(
      parsed.success
        ? { file: source.path, tests: parsed.data.tests, parses: true }
        : { file: source.path, tests: testedId(source.text), parses: false },
    )
  }
  return out
}

/** The `tests:` string of a test file's YAML that the schema refused, when the YAML itself reads. */
function testedId(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const document = parseDocument(text, { uniqueKeys: false })
  if (document.errors.length > 0) return undefined
  const tests: unknown = document.get('tests')
  return typeof tests === 'string' ? tests : undefined
}

interface RunOptions {
  workspace: Workspace
  cwd: string
  filter?: string
  directory?: string
}

/** One test file run, or the reason it could not run; undefined when the filter leaves no scenario. */
async function runTestFile(source: SourceFile, options: RunOptions): Promise<TestFileResult | undefined> {
  const { workspace, cwd } = options
  const problem = (diagnostics: Diagnostic[], why: string): TestFileResult => ({
    file: source.display,
    ...(source.text !== undefined ? { text: source.text } : {}),
    problem: { why, diagnostics },
    scenarios: [],
  })
  if (source.input === undefined) {
    return problem(source.readError ? [source.readError] : [], 'cannot read the test file')
  }
  const parsed = safeParseTestDocument(source.input, { file: source.display })
  if (!parsed.success) return problem(parsed.diagnostics, 'the test file does not parse')
  const tests = parsed.data
  // results are keyed by scenario name (--filter, JUnit, the designer): two of one name both ran, told apart by none
  const sameNames = validateTestDocument(tests, { file: source.display, locator: parsed.locator }).filter(
    (d) => d.code === 'RW471',
  )
  if (sameNames.length > 0) return problem(sameNames, 'two scenarios have the same name; give each its own')
  let directoryFile: string | undefined
  if (tests.directory !== undefined) {
    const resolved = resolveTestDirectory(source.path, tests.directory, workspaceRootFor(source.path, cwd))
    if (!resolved.ok) {
      const range = parsed.locator.rangeOf(['directory'])
      return problem(
        [
          {
            code: 'RW097',
            severity: 'error',
            message: resolved.message,
            path: ['directory'],
            file: source.display,
            ...(range ? { range } : {}),
          },
        ],
        'the directory: path is refused',
      )
    }
    directoryFile = resolved.path
  } else if (options.directory !== undefined) {
    directoryFile = path.resolve(cwd, options.directory)
  }
  if (directoryFile === undefined) {
    return problem([], 'no directory: add `directory: <file>` to the test file or pass --directory')
  }
  const loaded = await workspace.directoryAt(directoryFile)
  if (!loaded.document)
    return problem(loaded.diagnostics, `the directory ${loaded.source.display} does not load`)
  const directory: DirectoryDocument = loaded.document
  const strategy = workspace.find(tests.tests, directory)
  if (!strategy?.document) {
    return problem(
      strategy?.diagnostics ?? [],
      strategy
        ? `strategy "${tests.tests}" (${strategy.source.display}) does not parse`
        : `no strategy with id "${tests.tests}" among the paths given or under ${testedStrategyFolder(source.display) || '.'}`,
    )
  }
  // two files with the tested id, or with one it calls: which one runs would be an accident of path order
  const duplicates = workspace.duplicates(reachedStrategies(strategy.document, workspace.strategies()).keys())
  if (duplicates.length > 0)
    return problem(
      duplicates,
      `strategy "${tests.tests}" or one it calls is declared by more than one file; give each strategy its own id`,
    )
  const errors = strategy.diagnostics.filter((d) => d.severity === 'error')
  if (errors.length > 0) {
    return problem(
      errors,
      `strategy "${tests.tests}" (${strategy.source.display}) has errors; fix them first`,
    )
  }
  // each scenario run keeps its index in the file, for the line a failure points at
  const picked = tests.scenarios
    .map((scenario, index) => ({ scenario, index }))
    .filter(({ scenario }) => !options.filter || scenario.name.toLowerCase().includes(options.filter))
  const selected = { ...tests, scenarios: picked.map(({ scenario }) => scenario) }
  if (selected.scenarios.length === 0) return undefined
  let report: TestReport
  try {
    report = runTestDocument(selected, { strategies: workspace.strategies(), directory })
  } catch (error) {
    return problem([], `the runtime failed: ${error instanceof Error ? error.message : String(error)}`)
  }
  // a failure points at the expectation that failed, as validate places its findings at the field (`agent: erni`
  // was placed at the scenario's line while validate's RW463 was at the value), else at the scenario
  const at = picked.map(({ index }, i) => {
    const scenario = ['scenarios', index]
    const field = report.scenarios[i]?.failures[0]?.field
    const dot = field?.indexOf('.') ?? -1
    const keys = field === undefined ? [] : dot < 0 ? [field] : [field.slice(0, dot), field.slice(dot + 1)]
    const failed = keys.length > 0 ? parsed.locator.rangeOf([...scenario, 'expect', ...keys]) : undefined
    return (failed ?? parsed.locator.rangeOf(scenario))?.start
  })
  // what validate warns about may be why a scenario failed (a misspelt data key, RW465): shown beside the failures
  const checked = validateTestDocument(tests, {
    file: source.display,
    locator: parsed.locator,
    strategies: workspace.strategies(),
    strategy: strategy.document,
    directory,
  })
  const warnings = [...checked, ...strategy.diagnostics].filter((d) => d.severity === 'warning')
  return {
    file: source.display,
    strategy: tests.tests,
    scenarios: report.scenarios,
    at,
    ...(warnings.length > 0 ? { warnings } : {}),
  }
}
