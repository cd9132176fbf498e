// Runs a test file's scenarios on the project's texts (the editor's unsaved buffers) with the runner
// `routewright test` uses (the runtime's runTestDocument), one scenario at a time so the server keeps answering.
import path from 'node:path'
import type { Diagnostic, StrategyDocument } from '@routewright/strategy-dsl'
import { resultSummary, runTestDocument } from '@routewright/strategy-runtime'
import type { Project, ProjectFile } from './project.ts'

/** One scenario's result, as the command answers it and the code lens shows it. */
export interface CaseResult {
  name: string
  /** Its place in the file's `scenarios` (names may repeat). */
  index: number
  passed: boolean
  /** False when the run's time budget ran out before this case. */
  ran: boolean
  ms: number
  /** Why it failed (expected vs actual, then how it ended), or why it did not run; empty when it passed. */
  message: string
}

/** One test file's run, or why it could not run (a broken strategy: its validation findings). */
export interface FileRun {
  file: string
  strategy?: string
  cases: CaseResult[]
  problem?: { why: string; diagnostics: Diagnostic[] }
}

export interface RunOptions {
  /** Run only the scenarios of this name. */
  caseName?: string
  /** Wall time after which no further case starts (each case is bounded by the runtime's step limit). */
  budgetMs: number
  now: () => number
  /** Lets the server answer other requests between two cases. */
  pause: () => Promise<void>
}

/** The test files whose scenarios run against `strategy` (resolved by file when ids clash). */
export function testFilesOf(project: Project, strategy: ProjectFile): ProjectFile[] {
  return project.all().filter((file) => file.test && project.ownerOf(file) === strategy)
}

/** Runs the scenarios of `entry` (a test file) as the project holds it now. */
export async function runTestFile(
  project: Project,
  entry: ProjectFile,
  options: RunOptions,
): Promise<FileRun> {
  const shownOf = (file: string) => path.relative(project.rootFor(file), file) || file
  const shown = shownOf(entry.path)
  // each finding names its file: the strategy's, the directory's or the test file's own
  const problem = (why: string, diagnostics: Diagnostic[], file = shown): FileRun => ({
    file: entry.path,
    cases: [],
    problem: { why, diagnostics: diagnostics.map((d) => ({ ...d, file: d.file ?? file })) },
  })
  const tests = entry.test
  if (!tests) return problem('the test file does not parse', entry.parseDiagnostics)
  const found = project.testDirectory(entry)
  if (found.problem) return problem('the directory: path is refused', [found.problem])
  if (!found.directory) return problem('no directory: add `directory: <file>` to the test file', [])
  const directory = found.directory.directory
  if (!directory) {
    const name = shownOf(found.directory.path)
    return problem(`the directory ${name} does not load`, found.directory.parseDiagnostics, name)
  }
  const owner = project.ownerOf(entry)
  if (!owner?.strategy) {
    return problem(`no strategy with id "${tests.tests}" in the workspace (${shown} names it)`, [])
  }
  // the CLI's rule: a strategy with errors is not run; its findings say what to fix
  const errors = project.diagnostics(owner.path).filter((d) => d.severity === 'error')
  if (errors.length > 0) {
    const name = shownOf(owner.path)
    return problem(`strategy "${tests.tests}" (${name}) has errors; fix them first`, errors, name)
  }
  const strategies = new Map<string, StrategyDocument>(project.strategies())
  strategies.set(tests.tests, owner.strategy)
  const started = options.now()
  const cases: CaseResult[] = []
  for (const [index, scenario] of tests.scenarios.entries()) {
    if (options.caseName !== undefined && scenario.name !== options.caseName) continue
    if (cases.length > 0) await options.pause()
    // the first case always runs: a budget of 0 still runs one
    if (cases.length > 0 && options.now() - started > options.budgetMs) {
      const message = `not run: the run stopped after its ${options.budgetMs} ms budget; run this case alone`
      cases.push({ name: scenario.name, index, passed: false, ran: false, ms: 0, message })
      continue
    }
    const t0 = options.now()
    let passed = false
    let message: string
    try {
      const report = runTestDocument({ ...tests, scenarios: [scenario] }, { strategies, directory })
      const only = report.scenarios[0]!
      passed = only.passed
      message = passed ? '' : [...only.failures.map((f) => f.message), resultSummary(only.result)].join('\n')
    } catch (error) {
      message = `the runtime failed: ${error instanceof Error ? error.message : String(error)}`
    }
    cases.push({ name: scenario.name, index, passed, ran: true, ms: Math.round(options.now() - t0), message })
  }
  return { file: entry.path, strategy: tests.tests, cases }
}
