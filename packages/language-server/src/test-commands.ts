// Strategy tests from the editor: code lenses above a test file's `tests:` and each scenario (and a strategy's
// `strategy:`), the `routewright.runTests` command, failing cases as diagnostics, the last result per case.
import path from 'node:path'
import type { Range } from '@routewright/strategy-dsl'
import {
  type CodeLens,
  type Diagnostic as LspDiagnostic,
  type Range as LspRange,
  MessageType,
} from 'vscode-languageserver/node'
import type { Project, ProjectFile } from './project.ts'
import { type CaseResult, type FileRun, runTestFile, testFilesOf } from './test-runs.ts'

export const RUN_TESTS_COMMAND = 'routewright.runTests'
/** The stable code of a failing (or not run) test case's diagnostic. */
export const TEST_FAILED_CODE = 'RW099'
const SOURCE = 'routewright test'
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
}

/** What the command answers, per file and case, so a client can show it. */
export interface RunAnswer {
  refused?: string
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

interface Kept {
  cases: Map<string, CaseResult>
  problem?: FileRun['problem']
}

export function createTestRuns(host: TestRunsHost) {
  /** The last result per test file (by path), case by name: one run of a case replaces only that case's. */
  const last = new Map<string, Kept>()
  /** Test files with a run under way: another run of one of them is refused. */
  const running = new Set<string>()
  let budgetMs = DEFAULT_TEST_BUDGET_MS

  const entryOf = (uri: string): ProjectFile | undefined => {
    host.sync(uri)
    return host.project().get(host.toPath(uri))
  }

  /** The current index of a kept case: names move as the text is edited, so the line is found again. */
  const indexNow = (entry: ProjectFile, result: CaseResult): number | undefined => {
    const scenarios = entry.test?.scenarios ?? []
    if (scenarios[result.index]?.name === result.name) return result.index
    const found = scenarios.findIndex((s) => s.name === result.name)
    return found < 0 ? undefined : found
  }

  const lineRange = (entry: ProjectFile, at: Range | undefined): LspRange =>
    at ? host.toLspRange(at, entry.bom) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }

  function diagnosticsFor(uri: string): LspDiagnostic[] {
    const file = host.toPath(uri)
    const kept = last.get(file)
    const entry = host.project().get(file)
    if (!kept || !entry?.test || !entry.locator) return []
    const out: LspDiagnostic[] = []
    const locator = entry.locator
    if (kept.problem) {
      const first = kept.problem.diagnostics[0]
      const where = first?.file ? ` at ${first.file}${first.range ? `:${first.range.start.line}` : ''}` : ''
      const detail = first ? `: ${first.code}${where} ${first.message}` : ''
      out.push({
        range: lineRange(entry, locator.rangeOf(['tests'])),
        severity: 1,
        code: TEST_FAILED_CODE,
        source: SOURCE,
        message: `Tests not run: ${kept.problem.why}${detail}`,
      })
    }
    for (const result of kept.cases.values()) {
      if (result.passed) continue
      const index = indexNow(entry, result)
      if (index === undefined) continue
      out.push({
        range: lineRange(
          entry,
          locator.rangeOf(['scenarios', index, 'name']) ?? locator.rangeOf(['scenarios', index]),
        ),
        severity: result.ran ? 1 : 2,
        code: TEST_FAILED_CODE,
        source: SOURCE,
        message: `Test "${result.name}" ${result.ran ? 'failed' : 'did not run'}: ${result.message}`,
      })
    }
    return out
  }

  function lensTitle(result: CaseResult | undefined): string {
    if (!result) return 'Run test'
    if (result.passed) return `passed (${result.ms} ms)`
    const first = result.message.split('\n')[0] ?? ''
    const short = first.length > 100 ? `${first.slice(0, 99)}…` : first
    return result.ran ? `failed: ${short}` : short
  }

  function codeLenses(uri: string): CodeLens[] {
    const entry = entryOf(uri)
    if (!entry?.locator) return []
    const at = (range: Range | undefined): LspRange => {
      const line = lineRange(entry, range).start.line
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
    const kept = last.get(entry.path)
    const results = [...(kept?.cases.values() ?? [])]
    const failed = results.filter((r) => !r.passed).length
    const tally = kept?.problem
      ? ' · not run, see Problems'
      : results.length > 0
        ? ` · ${results.length - failed} passed, ${failed} failed`
        : ''
    const count = tests.scenarios.length
    const out = [
      lens(entry.locator.keyRangeOf(['tests']), `Run all ${count} test${count === 1 ? '' : 's'}${tally}`),
    ]
    tests.scenarios.forEach((scenario, index) => {
      const result = kept?.cases.get(scenario.name)
      out.push(lens(entry.locator!.rangeOf(['scenarios', index]), lensTitle(result), { case: scenario.name }))
    })
    return out
  }

  /** Runs a test file's cases (or one case), or every test file of a strategy. */
  async function run(uri: string, caseName: string | undefined): Promise<RunAnswer> {
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
    for (const file of targets) running.add(file.path)
    const answer: RunAnswer = { files: [], summary }
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
        })
        keep(fileRun, caseName !== undefined)
        answer.files.push(answerOf(fileRun))
        if (fileRun.problem) summary.couldNotRun++
        for (const c of fileRun.cases) {
          if (c.passed) summary.passed++
          else if (c.ran) summary.failed++
          else summary.notRun++
        }
        host.republish(host.toUri(file.path))
      }
    } finally {
      for (const file of targets) running.delete(file.path)
    }
    host.refreshLenses()
    host.showMessage(...summaryMessage(answer, shown(entry.path)))
    return answer
  }

  function keep(fileRun: FileRun, oneCase: boolean): void {
    const kept = oneCase ? last.get(fileRun.file) : undefined
    const cases = new Map(kept?.problem ? [] : kept?.cases)
    for (const c of fileRun.cases) cases.set(c.name, c)
    last.set(fileRun.file, { cases, ...(fileRun.problem ? { problem: fileRun.problem } : {}) })
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
        ? ` (${first.code}${first.file ? ` at ${first.file}${first.line ? `:${first.line}` : ''}` : ''}: ${first.message})`
        : ''
      return [MessageType.Error, `Routewright tests of ${name} did not run: ${problem.why}${where}`]
    }
    const parts = [`${passed} passed`, `${failed} failed`]
    if (notRun > 0) parts.push(`${notRun} not run (the ${budgetMs} ms budget ran out)`)
    if (couldNotRun > 0) parts.push(`${couldNotRun} test files could not run`)
    const bad = failed + notRun + couldNotRun > 0
    return [bad ? MessageType.Error : MessageType.Info, `Routewright tests of ${name}: ${parts.join(', ')}`]
  }

  return {
    codeLenses,
    run,
    diagnosticsFor,
    setBudget: (ms: number) => {
      budgetMs = ms
    },
    /** A closed test file's results go with it. */
    forget: (uri: string) => last.delete(host.toPath(uri)),
  }
}

export type TestRuns = ReturnType<typeof createTestRuns>
