// The last result of each test case run from the editor, kept for the session with the texts it ran on: as
// diagnostics (RW099), lens titles and a hover on a failed case's name; marked stale once those texts changed.
import { escapeInvisible, formatPlace, lastAtOrBefore, type Range } from '@routewright/strategy-dsl'
import type { Diagnostic as LspDiagnostic, Range as LspRange } from 'vscode-languageserver/node'
import type { Project, ProjectFile } from './project.ts'
import type { CaseResult, FileRun, RunBasis } from './test-runs.ts'

/** The stable code of a failing (or not run) test case's diagnostic. */
export const TEST_FAILED_CODE = 'RW099'
const SOURCE = 'routewright test'

export interface TestResultsHost {
  project: () => Project
  toPath: (uri: string) => string
  toLspRange: (range: Range, bom: boolean) => LspRange
}

/** A kept result with the texts it was computed from (stale once they change). */
export interface KeptCase {
  result: CaseResult
  basis: RunBasis
}

interface Kept {
  cases: Map<string, KeptCase>
  problem?: NonNullable<FileRun['problem']> & { basis: RunBasis }
}

/** How a stale result is marked in diagnostics. */
const STALE = '(stale: the test file or its strategy changed since this run)'

export function createTestResults(host: TestResultsHost) {
  /** The last result per test file (by path), case by name: one run of a case replaces only that case's. */
  const last = new Map<string, Kept>()

  /** The current index of a kept case: names move as the text is edited, so the line is found again. */
  const indexNow = (entry: ProjectFile, result: CaseResult): number | undefined => {
    const scenarios = entry.test?.scenarios ?? []
    if (scenarios[result.index]?.name === result.name) return result.index
    const found = scenarios.findIndex((s) => s.name === result.name)
    return found < 0 ? undefined : found
  }

  /** Whether the texts `basis` was computed from are no longer the project's. */
  const isStale = (entry: ProjectFile, basis: RunBasis): boolean => {
    if (entry.text !== basis.test) return true
    // a strategy deleted or created since the run counts as changed
    return host.project().ownerOf(entry)?.text !== basis.strategy
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
      const stale = isStale(entry, kept.problem.basis) ? ` ${STALE}` : ''
      const first = kept.problem.diagnostics[0]
      // the line alone, as the run command's answer carries it: both messages place a finding alike
      const where = first?.file
        ? ` at ${formatPlace(first.file, first.range && { line: first.range.start.line })}`
        : ''
      const detail = first ? `: ${first.code}${where} ${first.message}` : ''
      out.push({
        range: lineRange(entry, locator.rangeOf(['tests'])),
        severity: 1,
        code: TEST_FAILED_CODE,
        source: SOURCE,
        message: `Tests not run${stale}: ${kept.problem.why}${detail}`,
      })
    }
    for (const { result, basis } of kept.cases.values()) {
      if (result.passed) continue
      const stale = isStale(entry, basis) ? ` ${STALE}` : ''
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
        // a name's zero-width or bidi characters as escapes: two cases that read alike are seen to differ
        message: `Test "${escapeInvisible(result.name)}" ${verb(result)}${stale}: ${result.message}`,
      })
    }
    return out
  }

  function lensTitle(entry: ProjectFile, kept: KeptCase | undefined): string {
    if (!kept) return 'Run test'
    const { result } = kept
    const stale = isStale(entry, kept.basis) ? '(stale) ' : ''
    if (result.passed) return `${stale}passed (${result.ms} ms)`
    if (result.stopped) return `${stale}stopped after ${result.ms} ms`
    if (result.timedOut) return `${stale}timed out after ${result.ms} ms`
    const first = result.message.split('\n')[0] ?? ''
    const short = first.length > 100 ? `${first.slice(0, 99)}…` : first
    return `${stale}${result.ran ? `failed: ${short}` : short}`
  }

  /** `· 9 passed, 1 failed` for the lens above `tests:` (empty before a run), `(stale)` when any is. */
  function tally(entry: ProjectFile): string {
    const kept = last.get(entry.path)
    const results = [...(kept?.cases.values() ?? [])]
    const failed = results.filter((r) => !r.result.passed).length
    const stale =
      (kept?.problem && isStale(entry, kept.problem.basis)) || results.some((r) => isStale(entry, r.basis))
        ? ' (stale)'
        : ''
    if (kept?.problem) return ` · not run, see Problems${stale}`
    return results.length > 0 ? ` · ${results.length - failed} passed, ${failed} failed${stale}` : ''
  }

  /** Keeps a run's results for the session (a closed file's too: reopened, it shows them). */
  function keep(fileRun: FileRun, oneCase: boolean): void {
    const kept = oneCase ? last.get(fileRun.file) : undefined
    const cases = new Map(kept?.problem ? [] : kept?.cases)
    for (const result of fileRun.cases) cases.set(result.name, { result, basis: fileRun.basis })
    const problem = fileRun.problem ? { problem: { ...fileRun.problem, basis: fileRun.basis } } : {}
    last.set(fileRun.file, { cases, ...problem })
  }

  /**
   * A failing (stopped, not run) case's whole message for a hover on its name: expected vs actual, line by line. The
   * scenario under the cursor is found by its line (a binary search over the scenarios' ranges), then its kept result
   * by name: a hover costs about the lookup, not a look at each of a 1,000-case file's results.
   */
  function hoverAt(entry: ProjectFile, position: { line: number; character: number }): string | undefined {
    const kept = last.get(entry.path)
    const scenarios = entry.test?.scenarios
    const locator = entry.locator
    if (!locator || !kept || !scenarios || kept.cases.size === 0) return undefined
    const startLine = (i: number) => lineRange(entry, locator.rangeOf(['scenarios', i])).start.line
    const index = lastAtOrBefore(scenarios.length, startLine, position.line)
    const scenario = index < 0 ? undefined : scenarios[index]
    const found = scenario && kept.cases.get(scenario.name)
    if (!found || found.result.passed || indexNow(entry, found.result) !== index) return undefined
    const range = lineRange(entry, locator.rangeOf(['scenarios', index, 'name']))
    if (position.line < range.start.line || position.line > range.end.line) return undefined
    const { result, basis } = found
    const stale = isStale(entry, basis) ? ` ${STALE}` : ''
    const ms = result.ran ? ` (${result.ms} ms)` : ''
    const fence = '`'.repeat(Math.max(3, ...[...result.message.matchAll(/`+/g)].map((m) => m[0].length + 1)))
    return `**routewright test**: ${verb(result)}${ms}${stale}\n\n${fence}text\n${result.message}\n${fence}`
  }

  return { keep, of: (file: string) => last.get(file), tally, lensTitle, lineRange, diagnosticsFor, hoverAt }
}

/** `failed`, `was stopped` or `did not run`: a kept case's result in words. */
function verb(result: CaseResult): string {
  if (result.stopped) return 'was stopped'
  return result.ran ? 'failed' : 'did not run'
}
