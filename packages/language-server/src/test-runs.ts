// Runs a test file's scenarios on the project's texts (the editor's unsaved buffers) with the runner
// `routewright test` uses (the runtime's runTestDocument), one scenario at a time so the server keeps answering.
import path from 'node:path'
import {
  type Diagnostic,
  formatPlace,
  type Scenario,
  type StrategyDocument,
  type TestDocument,
} from '@routewright/strategy-dsl'
import { failureLines, runTestDocumentUntil, type ScenarioContext } from '@routewright/strategy-runtime'
import type { Project, ProjectFile } from './project.ts'
import type { SpareWorker } from './spare-worker.ts'
import { type CaseOutcome, type CaseThread, startCaseThread } from './test-run-thread.ts'

/** One scenario's result, as the command answers it and the code lens shows it. */
export interface CaseResult {
  name: string
  /** Its place in the file's `scenarios` (names may repeat). */
  index: number
  passed: boolean
  /** False when the run's time budget ran out before this case. */
  ran: boolean
  ms: number
  /** Why it failed (`routewright test`'s lines: each expectation, lists and records as a diff, how it ended), or
   * why it did not run; empty when it passed. */
  message: string
  /** Stopped while it ran (the stop command, or the editor cancelled the run). */
  stopped?: true
  /** Still running when the run's time budget was spent: its worker thread was ended. */
  timedOut?: true
}

/** The texts a run read (the test file's and its strategy's): a kept result is stale once either changes. */
export interface RunBasis {
  test: string
  strategy?: string
}

/** One test file's run, or why it could not run (a broken strategy: its validation findings). */
export interface FileRun {
  file: string
  strategy?: string
  cases: CaseResult[]
  problem?: { why: string; diagnostics: Diagnostic[] }
  basis: RunBasis
  /** The run was stopped before its last case. */
  stopped?: true
}

export interface RunOptions {
  /** Run only the scenarios of this name. */
  caseName?: string
  /**
   * Wall time after which no further case starts; on a worker thread, a case still running then is ended there
   * (`timedOut`). On the server's thread a case still running then stops at its next pause (every 500 clock
   * firings), `timedOut` too; one firing there is bounded by the step limit and CEL's evaluation budget only.
   */
  budgetMs: number
  now: () => number
  /** Lets the server answer other requests (a stop among them) between two cases and within a long one. */
  pause: () => Promise<void>
  /** Aborted: the case running stops at its next clock firing, the rest are `not run`. */
  signal: AbortSignal
  /** Told before each case runs (the editor's progress). */
  onCase?: (name: string, done: number, total: number) => void
  /**
   * The test-run workers (one kept ready): the cases run on a worker thread of their own, so the server answers
   * while a clock firing runs long and a stop or the budget ends it at once. Without them the cases run on this
   * thread (a stop waits the firing). The run gives its worker back, or has the next one started if it ended it.
   */
  workers?: SpareWorker
}

/** Where the budget is set, for the message of a case it cut. */
export const BUDGET_SETTING = 'initializationOptions.testBudgetMs'

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
  const owner = project.ownerOf(entry)
  // read before any refusal: a result is stale once its strategy changes, appears or goes
  const basis: RunBasis = owner ? { test: entry.text, strategy: owner.text } : { test: entry.text }
  const problem = (why: string, diagnostics: Diagnostic[], file = shown): FileRun => ({
    file: entry.path,
    cases: [],
    basis,
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
  let thread: CaseThread | undefined
  if (options.workers !== undefined) {
    try {
      thread = startCaseThread({
        thread: options.workers.take(),
        documents: { tests, strategies: [...strategies], directory },
        release: options.workers.give,
      })
    } catch (error) {
      return problem(`its cases could not be handed to a worker thread: ${messageOf(error)}`, [])
    }
  }
  const runCase = async (index: number, scenario: Scenario, budgetMs: number): Promise<CaseOutcome> => {
    if (thread) return thread.run(index, options.signal, budgetMs)
    return runOnThisThread({ ...tests, scenarios: [scenario] }, { strategies, directory }, options, budgetMs)
  }
  /** `file:line` of the scenario at `index` (the DSL's lines count from 1, as editors show them). */
  const caseLine = (index: number): string => {
    const line = entry.locator?.rangeOf(['scenarios', index])?.start.line
    return formatPlace(shown, line === undefined ? undefined : { line })
  }
  const runCases = async (): Promise<FileRun> => {
    const started = options.now()
    const cases: CaseResult[] = []
    let halted = false
    /** A case ran past the budget and was ended: the rest do not start, whatever the clock says. */
    let spent = false
    const picked = [...tests.scenarios.entries()].filter(
      ([, scenario]) => options.caseName === undefined || scenario.name === options.caseName,
    )
    for (const [index, scenario] of picked) {
      // a turn for requests (a stop among them) before each case that runs; none for the cases a stop leaves out
      if (cases.length > 0 && !options.signal.aborted) await options.pause()
      const notRun = (message: string) =>
        cases.push({ name: scenario.name, index, passed: false, ran: false, ms: 0, message })
      if (options.signal.aborted) {
        halted = true
        notRun('not run: the run was stopped')
        continue
      }
      // the first case always starts: a budget of 0 still starts one (and ends it at once if it runs on a worker)
      if (spent || (cases.length > 0 && options.now() - started > options.budgetMs)) {
        notRun(`not run: the run stopped after its ${options.budgetMs} ms budget; run this case alone`)
        continue
      }
      options.onCase?.(scenario.name, cases.length, picked.length)
      const t0 = options.now()
      const left = Math.max(0, options.budgetMs - (t0 - started))
      const outcome = await runCase(index, scenario, left)
      if ('failed' in outcome) {
        // the worker crashed or threw: the cases so far stand, the file says why the rest did not run
        const run = problem(`the run stopped at case "${scenario.name}": ${outcome.failed}`, [])
        return { ...run, strategy: tests.tests, cases }
      }
      const { passed, stopped, timedOut } = outcome
      halted ||= stopped
      spent ||= timedOut === true
      const ms = Math.round(options.now() - t0)
      const message = timedOut
        ? timedOutMessage(scenario.name, caseLine(index), options.budgetMs, thread ? 'worker' : 'thread') +
          (outcome.message ? `\n${outcome.message}` : '')
        : outcome.message
      cases.push({
        name: scenario.name,
        index,
        passed,
        ran: true,
        ms,
        message,
        ...(stopped ? { stopped: true } : {}),
        ...(timedOut ? { timedOut: true } : {}),
      })
    }
    return { file: entry.path, strategy: tests.tests, cases, basis, ...(halted ? { stopped: true } : {}) }
  }
  try {
    return await runCases()
  } finally {
    await thread?.close()
    // the run's worker went back idle; one a stop or the budget ended is replaced now, while the editor shows
    // this run's results
    options.workers?.warm()
  }
}

/**
 * One case on the server's thread (no worker script): the budget is looked at in the runtime's pauses (every 500
 * clock firings) and a case still running once it is spent stops at its next firing (`timedOut`, the message where
 * it got). A single firing is not cut here: the strategy's step limit and each expression's evaluation budget bound it.
 */
async function runOnThisThread(
  tests: TestDocument,
  ctx: ScenarioContext,
  options: RunOptions,
  budgetMs: number,
): Promise<CaseOutcome> {
  const started = options.now()
  const cut = new AbortController()
  const stop = () => cut.abort()
  options.signal.addEventListener('abort', stop)
  if (options.signal.aborted) stop()
  let spent = false
  const pause = async () => {
    await options.pause()
    if (!cut.signal.aborted && options.now() - started > budgetMs) {
      spent = true
      cut.abort()
    }
  }
  try {
    const report = await runTestDocumentUntil(tests, ctx, { signal: cut.signal, pause })
    const only = report.scenarios[0]
    const passed = only?.passed === true
    // a stop of the run wins over the budget: the case reads stopped, the rest not run
    if (spent && only?.stopped && !options.signal.aborted) {
      // where it got: the runtime's summary line (its first line says the run was stopped, which it was not)
      return { passed: false, stopped: false, timedOut: true, message: failureLines(only).at(-1) ?? '' }
    }
    const message = passed ? '' : only ? failureLines(only).join('\n') : ''
    return { passed, stopped: only?.stopped === true, message }
  } catch (error) {
    return { passed: false, stopped: false, message: `the runtime failed: ${messageOf(error)}` }
  } finally {
    options.signal.removeEventListener('abort', stop)
  }
}

/** Why a case the budget cut has no result, where it is and how to give it longer. */
export function timedOutMessage(
  name: string,
  at: string,
  budgetMs: number,
  ranOn: 'worker' | 'thread' = 'worker',
): string {
  const how =
    ranOn === 'worker'
      ? 'so it was ended'
      : "so it was stopped at its next clock firing (it ran on the server's thread, no test-run worker being found: there the budget is looked at every 500 firings, and one firing is bounded only by the strategy's step limit and each expression's evaluation budget)"
  return `timed out: case ${JSON.stringify(name)} (${at}) was still running when the run's ${budgetMs} ms budget ran out, ${how}; if it needs longer, raise the budget (${BUDGET_SETTING}, up to 600000 ms), else look for a loop that never waits`
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))
