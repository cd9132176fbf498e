import path from 'node:path'
import { type Diagnostic, type DirectoryDocument, safeParseTestDocument } from '@routewright/strategy-dsl'
import { runTestDocument, type TestReport } from '@routewright/strategy-runtime'
import { type Command, EXIT } from '../command.ts'
import { collectFiles, fileKindOf } from '../files.ts'
import { quoteSource } from '../report/diagnostics.ts'
import { diffLines, show } from '../report/diff.ts'
import { createStyle, type Style } from '../report/style.ts'
import { readSources } from '../sources.ts'
import { Workspace } from '../workspace.ts'

export const testCommand: Command = {
  name: 'test',
  summary: 'Run strategy tests (*.test.yaml) with a simulated clock; exit 1 on failure',
  usage: 'routewright test [paths or globs] [--directory <file>] [--filter <text>]',
  flags: {
    directory: {
      type: 'string',
      valueName: '<file>',
      description: 'Directory file for test files that do not name one',
    },
    filter: {
      type: 'string',
      valueName: '<text>',
      description: 'Run only scenarios whose name contains the text',
    },
  },
  details: [
    'A test file names its strategy by id (tests: vip-routing); the strategy is looked up among the paths given',
    "and the test file's own folder tree. Its directory is the `directory:` field, relative to the test file.",
    '',
    'Examples:',
    '  routewright test examples',
    '  routewright test examples/vip-routing.test.yaml --filter gold',
  ].join('\n'),
  async run({ flags, positionals }, io) {
    const style = createStyle(io.color)
    const inputs = await collectFiles(positionals, io.cwd, new Set(['test', 'strategy']))
    const testFiles = inputs.filter((file) => fileKindOf(file) === 'test')
    const workspace = new Workspace(io.cwd)
    await workspace.addStrategyFiles(inputs.filter((file) => fileKindOf(file) === 'strategy'))
    for (const file of testFiles) await workspace.addFolder(path.dirname(file))
    const filter = typeof flags.filter === 'string' ? flags.filter.toLowerCase() : undefined

    let passed = 0
    let failed = 0
    let broken = 0
    for (const source of await readSources(testFiles, io.cwd)) {
      const problem = (diagnostics: Diagnostic[], why: string) => {
        broken++
        io.out(`${style.bold(source.display)}\n  ${style.red('✗')} ${why}\n`)
        for (const d of diagnostics) {
          const where = d.range
            ? `${d.file ?? source.display}:${d.range.start.line}:${d.range.start.column}`
            : (d.file ?? source.display)
          io.out(`    ${where}  ${d.severity}  ${d.code}  ${d.message}\n`)
          if (d.file === undefined || d.file === source.display) {
            for (const line of source.text !== undefined ? quoteSource(source.text, d, style) : [])
              io.out(`    ${line}\n`)
          }
        }
        io.out('\n')
      }
      if (source.input === undefined) {
        problem(source.readError ? [source.readError] : [], 'cannot read the test file')
        continue
      }
      const parsed = safeParseTestDocument(source.input, { file: source.display })
      if (!parsed.success) {
        problem(parsed.diagnostics, 'the test file does not parse')
        continue
      }
      const tests = parsed.data
      let directory: DirectoryDocument | undefined
      const directoryFile =
        tests.directory !== undefined
          ? path.resolve(path.dirname(source.path), tests.directory)
          : typeof flags.directory === 'string'
            ? path.resolve(io.cwd, flags.directory)
            : undefined
      if (directoryFile === undefined) {
        problem([], 'no directory: add `directory: <file>` to the test file or pass --directory')
        continue
      }
      const loaded = await workspace.directoryAt(directoryFile)
      if (!loaded.document) {
        problem(loaded.diagnostics, `the directory ${loaded.source.display} does not load`)
        continue
      }
      directory = loaded.document
      const strategy = workspace.find(tests.tests, directory)
      if (!strategy?.document) {
        problem(
          strategy?.diagnostics ?? [],
          strategy
            ? `strategy "${tests.tests}" (${strategy.source.display}) does not parse`
            : `no strategy with id "${tests.tests}" among the paths given or under ${path.dirname(source.display) || '.'}`,
        )
        continue
      }
      const errors = strategy.diagnostics.filter((d) => d.severity === 'error')
      if (errors.length > 0) {
        problem(errors, `strategy "${tests.tests}" (${strategy.source.display}) has errors; fix them first`)
        continue
      }
      const selected = filter
        ? { ...tests, scenarios: tests.scenarios.filter((s) => s.name.toLowerCase().includes(filter)) }
        : tests
      if (selected.scenarios.length === 0) continue
      let report: TestReport
      try {
        report = runTestDocument(selected, { strategies: workspace.strategies(), directory })
      } catch (error) {
        problem([], `the runtime failed: ${error instanceof Error ? error.message : String(error)}`)
        continue
      }
      io.out(`${style.bold(source.display)} ${style.dim(`› ${tests.tests}`)}\n`)
      for (const scenario of report.scenarios) {
        if (scenario.passed) {
          passed++
          io.out(`  ${style.green('✓')} ${scenario.name}\n`)
          continue
        }
        failed++
        io.out(`  ${style.red('✗')} ${scenario.name}\n`)
        for (const line of failureLines(scenario, style)) io.out(`      ${line}\n`)
      }
      io.out('\n')
    }
    const parts = [`${passed} passed`, `${failed} failed`]
    if (broken > 0) parts.push(`${broken} test file${broken === 1 ? '' : 's'} could not run`)
    if (testFiles.length === 0) io.err('note: no *.test.yaml files found\n')
    const line = parts.join(', ')
    io.out(`${failed + broken > 0 ? style.red(line) : style.green(line)}\n`)
    return failed + broken > 0 ? EXIT.findings : EXIT.ok
  },
}

function failureLines(scenario: TestReport['scenarios'][number], style: Style): string[] {
  const out: string[] = []
  for (const failure of scenario.failures) {
    out.push(failure.message)
    // scalars are already in the message; lists and records read better line by line
    if (typeof failure.expected === 'object' && failure.expected !== null) {
      for (const line of diffLines(failure.expected, failure.actual, style)) out.push(`  ${line}`)
    }
  }
  const result = scenario.result
  out.push(
    style.dim(
      `outcome ${show(result.outcome)}${result.agent ? `, agent ${result.agent}` : ''}${result.target ? `, target ${result.target}` : ''}; path ${result.path.join(' → ') || '(none)'}`,
    ),
  )
  return out
}
