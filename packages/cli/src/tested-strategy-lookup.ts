// validate: the strategy a test file names, when the files given lack it, looked up in the test's folder tree by the
// Workspace lookup `test` uses (so `validate x.test.yaml` checks against the strategy `test x.test.yaml` runs).
import path from 'node:path'
import { quotedName } from '@routewright/node-support/printable'
import {
  type Diagnostic,
  idsOfBrokenStrategy,
  nameHint,
  type StrategyDocument,
} from '@routewright/strategy-dsl'
import { errorCount } from './callee-lookup.ts'
import { displayPath } from './sources.ts'
import { testedStrategyFolder, Workspace } from './workspace.ts'

/** A strategy file that was read but did not parse. */
export interface BrokenStrategy {
  path: string
  display: string
  text: string
  diagnostics: readonly Diagnostic[]
}

export interface TestedStrategyLookup {
  /** Strategies found in the tests' folder trees whose ids the files given lack, by id (whole documents). */
  found: Map<string, StrategyDocument>
  /** RW464 rewritten to say where the strategy was looked for and how to fix it. */
  explain(diagnostic: Diagnostic, testId: string, testPath: string): Diagnostic
}

/**
 * Walks the folder of each test file (recursive, links skipped) for the ids the files given lack. `givenPaths` are
 * never read from disk again (stdin stands in for its file); the files found only answer ids: their own findings are
 * not reported.
 */
export async function lookUpTestedStrategies(
  testPaths: readonly string[],
  givenPaths: ReadonlySet<string>,
  known: ReadonlyMap<string, StrategyDocument>,
  cwd: string,
  /** Strategies among the files given that did not parse: their findings are reported with them. */
  brokenGiven: readonly BrokenStrategy[] = [],
): Promise<TestedStrategyLookup> {
  const workspace = new Workspace(cwd)
  await workspace.addTestFolders(testPaths)
  // by path, the first file wins an id, as Workspace.strategies() picks for `test`
  const others = workspace.loaded().filter((entry) => !givenPaths.has(entry.source.path))
  const found = new Map<string, StrategyDocument>()
  for (const entry of others) {
    const id = entry.document?.strategy
    if (id !== undefined && !known.has(id) && !found.has(id)) found.set(id, entry.document!)
  }
  const unreadable: BrokenStrategy[] = others
    .filter((entry) => entry.document === undefined)
    .map((entry) => ({
      path: entry.source.path,
      display: entry.source.display,
      text: entry.source.text ?? '',
      diagnostics: entry.diagnostics,
    }))
  // a file that failed to parse may hold it: named after the id, or its `strategy:` line says so
  const holds = (file: BrokenStrategy, id: string) => idsOfBrokenStrategy(file.path, file.text).includes(id)
  return {
    found,
    explain(diagnostic, id, testPath) {
      if (diagnostic.code !== 'RW464') return diagnostic
      const folder = testedStrategyFolder(testPath)
      const where = `${path.relative(cwd, folder) === '' ? '.' : displayPath(folder, cwd)}/`
      // a given file's findings are reported beside this one; a file found by the walk must be validated to see them
      const given = brokenGiven.find((file) => holds(file, id))
      const broken =
        given ?? unreadable.find((file) => file.path.startsWith(folder + path.sep) && holds(file, id))
      const near = nameHint(id, [...known.keys(), ...found.keys()])
      const seeThem = given ? 'reported there' : 'validate that file to see them'
      const message = broken
        ? `tests names strategy ${quotedName(id)} (${broken.display}), which has errors (${errorCount(broken.diagnostics)}; ${seeThem}); fix them first, then the scenarios are checked against it.`
        : `tests names strategy ${quotedName(id)}, which is neither among the files given nor under ${where} (looked in both); name its *.strategy.yaml file too, or fix the id.${near.hint}`
      const { fix: _amongGiven, ...rest } = diagnostic
      return { ...rest, message, ...(!broken && near.fix ? { fix: near.fix } : {}) }
    },
  }
}
