// Runs scenarios in the browser with the real runtime, against the open document and the workspace's directory.
import type { DirectoryDocument, Scenario, StrategyDocument, TestDocument } from '@routewright/strategy-dsl'
import { runTestDocument, type ScenarioReport, type TestReport } from '@routewright/strategy-runtime'

export interface RunContext {
  strategies: ReadonlyMap<string, StrategyDocument>
  directory: DirectoryDocument
}

export type { ScenarioReport }

/** The open document joins the workspace's other strategies (its unsaved state is what runs). */
export function runContextOf(
  document: StrategyDocument,
  others: ReadonlyMap<string, StrategyDocument> | undefined,
  directory: DirectoryDocument | undefined,
): RunContext | { error: string } {
  if (!directory) {
    return {
      error:
        'No directory file to run against: add a *.directory.yaml to the workspace or name one in the test file (directory: ...).',
    }
  }
  const strategies = new Map(others ?? [])
  strategies.set(document.strategy, document)
  return { strategies, directory }
}

export type RunOutcome<T> = { ok: true; value: T } | { ok: false; error: string }

/** One scenario with its expectations checked, as `routewright test` would run it. */
export function runOne(
  strategy: string,
  scenario: Scenario,
  ctx: RunContext,
  base?: TestDocument,
): RunOutcome<ScenarioReport> {
  const tests: TestDocument = {
    tests: strategy,
    format: 1,
    ...(base?.directory ? { directory: base.directory } : {}),
    scenarios: [scenario],
  }
  const all = runAll(tests, ctx)
  if (!all.ok) return all
  const report = all.value.scenarios[0]
  return report
    ? { ok: true, value: report }
    : { ok: false, error: 'The runtime returned no result for the scenario.' }
}

export function runAll(tests: TestDocument, ctx: RunContext): RunOutcome<TestReport> {
  if (!runTestDocument)
    return { ok: false, error: 'This build of the runtime cannot run strategy tests yet.' }
  try {
    return { ok: true, value: runTestDocument(tests, ctx) }
  } catch (error) {
    // the runtime reports faults as outcomes; a throw here is a bug, shown rather than crashing the panel
    return {
      ok: false,
      error: `The runtime failed: ${error instanceof Error ? error.message : String(error)}`,
    }
  }
}
