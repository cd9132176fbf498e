// Strategy tests from the editor: code lenses above a test file's `tests:` and each scenario (and a strategy's
// `strategy:`), the `routewright.runTests` and `routewright.stopTests` commands; the results are test-results.ts'.
import path from 'node:path'
import { formatPlace, type Range } from '@routewright/strategy-dsl'
import { type CodeLens, type Range as LspRange, MessageType } from 'vscode-languageserver/node'
import type { Project, ProjectFile } from './project.ts'
import { createSpareWorker } from './spare-worker.ts'
import { createTestResults } from './test-results.ts'
import { BUDGET_SETTING, type CaseResult, type FileRun, runTestFile, testFilesOf } from './test-runs.ts'

export const RUN_TESTS_COMMAND = 'routewright.runTests'
/** Stops the runs of a file (`{ uri }`: a test file, or a strategy's test files) or, with no argument, every run. */
export const STOP_TESTS_COMMAND = 'routewright.stopTests'
/** Wall time a run may take before it starts no further case (`initializationOptions.testBudgetMs`). */
export const DEFAULT_TEST_BUDGET_MS = 10_000
const MAX_TEST_BUDGET_MS = 600_000

export interface TestRunsHost {
  project: () => Project
  /** Brings an open buffer's latest text into the project. */
  sync: (uri: string) => void
  toPath: (uri: string) => string
  toUri: (file: string) => string
  toLspRange: (range: Range, bom: boolean) => LspRange
  /** Publishes `uri`'s diagnostics again (its findings and `diagnosticsFor`). */
  republish: (uri: string) => void
  showMessage: (type: MessageType, text: string) => void
  /** Asks the client to ask for code lenses again (when it says it can). */
  refreshLenses: () => void
  now: () => number
  pause: () => Promise<void>
  /** The built test-run-worker script the cases run on (test-run-thread.ts); none: on the server's thread. */
  workerScript?: string
  /** Keep one worker ready for the next run (default true; spare-worker.ts). */
  workerReady?: boolean
}

/** How the server follows one run: its stop signal (the editor's cancel) and where its progress goes. */
export interface RunControl {
  /** Aborted when the editor cancels the request or its progress; the stop command aborts the run too. */
  signal?: AbortSignal
  /** Told before each case (`window/workDoneProgress` report). */
  progress?: (message: string, percentage: number) => void
}

/** What the command answers, per file and case, so a client can show it. */
export interface RunAnswer {
  refused?: string
  /** The run was stopped (the stop command, or the editor cancelled it): the cases after that are `not run`. */
  stopped?: true
  files: Array<{
    uri: string
    strategy?: string
    cases: Array<Omit<CaseResult, 'index'>>
    problem?: {
      why: string
      diagnostics: Array<{ code: string; message: string; file?: string; line?: number }>
    }
  }>
  summary: { passed: number; failed: number; notRun: number; couldNotRun: number }
}

/** `initializationOptions.testBudgetMs`, checked. */
export function testBudgetOf(options: unknown): number {
  const value =
    options !== null && typeof options === 'object'
      ? (options as { testBudgetMs?: unknown }).testBudgetMs
      : undefined
  if (value === undefined) return DEFAULT_TEST_BUDGET_MS
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_TEST_BUDGET_MS)
    throw new Error(
      `testBudgetMs must be a number of milliseconds from 0 to ${MAX_TEST_BUDGET_MS}, not ${JSON.stringify(value)}`,
    )
  return value
}

export function createTestRuns(host: TestRunsHost) {
  const results = createTestResults(host)
  /** Test files with a run under way (another run of one is refused), each with its run's stop. */
  const running = new Map<string, AbortController>()
  let budgetMs = DEFAULT_TEST_BUDGET_MS
  /** One worker kept ready for the next run (started once a document opens). */
  const workers =
    host.workerScript === undefined
      ? undefined
      : createSpareWorker(host.workerScript, host.workerReady !== false)

  const entryOf = (uri: string): ProjectFile | undefined => {
    host.sync(uri)
    return host.project().get(host.toPath(uri))
  }

  function codeLenses(uri: string): CodeLens[] {
    const entry = entryOf(uri)
    if (!entry?.locator) return []
    const at = (range: Range | undefined): LspRange => {
      const line = results.lineRange(entry, range).start.line
      return { start: { line, character: 0 }, end: { line, character: 0 } }
    }
    const lens = (range: Range | undefined, title: string, extra: { case?: string } = {}): CodeLens => ({
      range: at(range),
      command: { title, command: RUN_TESTS_COMMAND, arguments: [{ uri, ...extra }] },
    })
    if (entry.strategy) {
      const count = testFilesOf(host.project(), entry).reduce(
        (n, file) => n + (file.test?.scenarios.length ?? 0),
        0,
      )
      if (count === 0) return []
      return [
        lens(
          entry.locator.keyRangeOf(['strategy']),
          `Run ${count} test${count === 1 ? '' : 's'} of this strategy`,
        ),
      ]
    }
    const tests = entry.test
    if (!tests) return []
    const kept = results.of(entry.path)
    const tally = results.tally(entry)
    const count = tests.scenarios.length
    const out = [
      lens(entry.locator.keyRangeOf(['tests']), `Run all ${count} test${count === 1 ? '' : 's'}${tally}`),
    ]
    tests.scenarios.forEach((scenario, index) => {
      const result = kept?.cases.get(scenario.name)
      out.push(
        lens(entry.locator!.rangeOf(['scenarios', index]), results.lensTitle(entry, result), {
          case: scenario.name,
        }),
      )
    })
    return out
  }

  /** Runs a test file's cases (or one case), or every test file of a strategy. */
  async function run(
    uri: string,
    caseName: string | undefined,
    control: RunControl = {},
  ): Promise<RunAnswer> {
    const summary = { passed: 0, failed: 0, notRun: 0, couldNotRun: 0 }
    const entry = entryOf(uri)
    const project = host.project()
    const targets = entry?.strategy ? testFilesOf(project, entry) : entry?.kind === 'test' ? [entry] : []
    const shown = (file: string) => path.relative(project.rootFor(file), file) || file
    if (!entry || targets.length === 0) {
      const refused = entry?.strategy
        ? `Routewright: no test file names strategy "${entry.strategy.strategy}"`
        : `Routewright: ${uri.slice(0, 300)} is not an open or known test file (*.test.yaml) or strategy`
      host.showMessage(MessageType.Warning, refused)
      return { refused, files: [], summary }
    }
    if (caseName !== undefined && entry.test && !entry.test.scenarios.some((s) => s.name === caseName)) {
      const refused = `Routewright: ${shown(entry.path)} has no scenario named ${JSON.stringify(caseName.slice(0, 200))}`
      host.showMessage(MessageType.Warning, refused)
      return { refused, files: [], summary }
    }
    const busy = targets.find((file) => running.has(file.path))
    if (busy) {
      const refused = `Routewright: the tests of ${shown(busy.path)} are already running; run them again when that run ends`
      host.showMessage(MessageType.Warning, refused)
      return { refused, files: [], summary }
    }
    // one stop for the run: the stop command, or the editor cancelling the request or its progress
    const stop = new AbortController()
    const cancelled = () => stop.abort()
    control.signal?.addEventListener('abort', cancelled)
    if (control.signal?.aborted) stop.abort()
    for (const file of targets) running.set(file.path, stop)
    const answer: RunAnswer = { files: [], summary }
    const total = targets.reduce((n, file) => n + (file.test?.scenarios.length ?? 0), 0)
    let done = 0
    try {
      for (const file of targets) {
        // each test file as the project holds it now (the editor's buffers), synced before it runs
        host.sync(host.toUri(file.path))
        const current = project.get(file.path) ?? file
        const fileRun = await runTestFile(project, current, {
          ...(caseName !== undefined && entry.kind === 'test' ? { caseName } : {}),
          budgetMs,
          now: host.now,
          pause: host.pause,
          signal: stop.signal,
          ...(workers !== undefined ? { workers } : {}),
          onCase: (name, index, count) => {
            const base = caseName === undefined ? done + index : 0
            const of = caseName === undefined ? total : count
            control.progress?.(`${shown(file.path)}: ${name}`, Math.round((100 * base) / Math.max(1, of)))
          },
        })
        done += current.test?.scenarios.length ?? 0
        results.keep(fileRun, caseName !== undefined)
        answer.files.push(answerOf(fileRun))
        if (fileRun.stopped) answer.stopped = true
        if (fileRun.problem) summary.couldNotRun++
        for (const c of fileRun.cases) {
          if (c.passed) summary.passed++
          else if (c.ran && !c.stopped) summary.failed++
          else summary.notRun++
        }
        host.republish(host.toUri(file.path))
      }
      // a strategy's test files after the one stopped: each case not run, as a test file's own are
      if (stop.signal.aborted) answer.stopped = true
    } finally {
      for (const file of targets) if (running.get(file.path) === stop) running.delete(file.path)
      control.signal?.removeEventListener('abort', cancelled)
    }
    host.refreshLenses()
    host.showMessage(...summaryMessage(answer, shown(entry.path)))
    return answer
  }

  /** Stops the runs of `uri`'s test files (a test file's, or a strategy's), or every run; says how many. */
  function stop(uri: string | undefined): { stopped: number; message: string } {
    const files = uri === undefined ? undefined : new Set(stopTargets(uri))
    const stops = new Set<AbortController>()
    for (const [file, controller] of running) if (!files || files.has(file)) stops.add(controller)
    for (const controller of stops) controller.abort()
    const which = uri === undefined ? '' : ` of ${path.basename(host.toPath(uri))}`
    const message =
      stops.size === 0
        ? `Routewright: no test run${which} is under way`
        : `Routewright: stopping ${stops.size === 1 ? 'the test run' : `${stops.size} test runs`}${which}`
    host.showMessage(MessageType.Info, message)
    return { stopped: stops.size, message }
  }

  const stopTargets = (uri: string): string[] => {
    const entry = entryOf(uri)
    if (entry?.strategy) return testFilesOf(host.project(), entry).map((file) => file.path)
    return [host.toPath(uri)]
  }

  function answerOf(fileRun: FileRun): RunAnswer['files'][number] {
    return {
      uri: host.toUri(fileRun.file),
      ...(fileRun.strategy ? { strategy: fileRun.strategy } : {}),
      cases: fileRun.cases.map(({ index: _, ...c }) => c),
      ...(fileRun.problem
        ? {
            problem: {
              why: fileRun.problem.why,
              diagnostics: fileRun.problem.diagnostics.map((d) => ({
                code: d.code,
                message: d.message,
                ...(d.file ? { file: d.file } : {}),
                ...(d.range ? { line: d.range.start.line } : {}),
              })),
            },
          }
        : {}),
    }
  }

  function summaryMessage(answer: RunAnswer, name: string): [MessageType, string] {
    const { passed, failed, notRun, couldNotRun } = answer.summary
    const problem = answer.files.find((f) => f.problem)?.problem
    if (problem) {
      const first = problem.diagnostics[0]
      const where = first
        ? ` (${first.code}${first.file ? ` at ${formatPlace(first.file, first.line === undefined ? undefined : { line: first.line })}` : ''}: ${first.message})`
        : ''
      return [MessageType.Error, `Routewright tests of ${name} did not run: ${problem.why}${where}`]
    }
    const timedOut = answer.files.flatMap((f) => f.cases).filter((c) => c.timedOut).length
    const cut =
      timedOut > 0
        ? ` (${timedOut} timed out at the ${budgetMs} ms budget; raise ${BUDGET_SETTING} if it needs longer)`
        : ''
    const parts = [`${passed} passed`, `${failed} failed${cut}`]
    const why = answer.stopped ? 'stopped' : `the ${budgetMs} ms budget ran out`
    if (notRun > 0) parts.push(`${notRun} not run (${why})`)
    if (couldNotRun > 0) parts.push(`${couldNotRun} test files could not run`)
    const bad = failed + notRun + couldNotRun > 0
    const stopped = answer.stopped ? ' stopped' : ''
    return [
      bad ? MessageType.Error : MessageType.Info,
      `Routewright tests of ${name}${stopped}: ${parts.join(', ')}`,
    ]
  }

  return {
    codeLenses,
    run,
    stop,
    hoverAt: (uri: string, position: { line: number; character: number }) => {
      const entry = entryOf(uri)
      return entry && results.hoverAt(entry, position)
    },
    diagnosticsFor: results.diagnosticsFor,
    setBudget: (ms: number) => {
      budgetMs = ms
    },
    /** Starts the worker the next run takes, if none is ready (a document opened: tests may be run soon). */
    warmWorker: () => workers?.warm(),
    /** Ends the worker kept ready (the server shuts down). */
    close: () => workers?.close(),
  }
}

export type TestRuns = ReturnType<typeof createTestRuns>
