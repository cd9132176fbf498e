// validate: subroutine calls and handovers to strategies the files given do not define, looked up in each caller's folder tree (as `test` finds
// its strategy); the files found there only answer calls: their own findings are not reported.
import path from 'node:path'
import { quotedName } from '@routewright/node-support/printable'
import {
  type Diagnostic,
  idsOfBrokenStrategy,
  nameHint,
  type StrategyDocument,
  type StrategyNode,
} from '@routewright/strategy-dsl'
import { displayPath } from './sources.ts'
import { calleeView } from './strategy-shard.ts'
import { Workspace } from './workspace.ts'

export interface CalleeLookup {
  /** Callee views of the strategies found in the callers' folder trees, by id (the files given win). */
  found: Map<string, StrategyDocument>
  /** RW301 messages rewritten to say where the call was looked for, and why a file found there did not count. */
  explain(diagnostic: Diagnostic, caller: StrategyDocument, callerPath: string): Diagnostic
}

/** The strategy a node names, how it names it and the code a missing one gets: a call (RW301) or a handover (RW319). */
function namedStrategy(
  node: StrategyNode | undefined,
): { id: string; verb: string; code: string } | undefined {
  if (node?.type === 'subroutine') return { id: node.call, verb: 'calls', code: 'RW301' }
  if (node?.type === 'route' && node.strategy !== undefined)
    return { id: node.strategy, verb: 'hands over to', code: 'RW319' }
  return undefined
}

/** Ids called or handed over to by `documents` that `known` does not hold. */
export function missingCallees(
  documents: Iterable<StrategyDocument>,
  known: ReadonlyMap<string, StrategyDocument>,
): Set<string> {
  const missing = new Set<string>()
  for (const document of documents) {
    for (const node of Object.values(document.nodes)) {
      const named = namedStrategy(node)
      if (named && !known.has(named.id)) missing.add(named.id)
    }
  }
  return missing
}

/** `start` and every strategy of `known` it calls or hands over to, directly or through others, by id. */
export function reachedStrategies(
  start: StrategyDocument,
  known: ReadonlyMap<string, StrategyDocument>,
): Map<string, StrategyDocument> {
  const reached = new Map([[start.strategy, start]])
  const pending = [start]
  for (let document = pending.pop(); document; document = pending.pop()) {
    for (const node of Object.values(document.nodes)) {
      const callee = known.get(namedStrategy(node)?.id ?? '')
      if (!callee || reached.has(callee.strategy)) continue
      reached.set(callee.strategy, callee)
      pending.push(callee)
    }
  }
  return reached
}

/** How many errors a read-but-unparsed file has, in words. */
export function errorCount(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length
  return `${errors} error${errors === 1 ? '' : 's'}`
}

/**
 * Walks the folder of each caller (the Workspace walk: recursive, links skipped) and keeps the strategies whose ids
 * the files given lack. `givenPaths` are never read from disk again (stdin stands in for its file).
 */
export async function lookUpCallees(
  callerPaths: readonly string[],
  givenPaths: ReadonlySet<string>,
  known: ReadonlyMap<string, StrategyDocument>,
  cwd: string,
): Promise<CalleeLookup> {
  const workspace = new Workspace(cwd)
  const folders = [...new Set(callerPaths.map((file) => path.dirname(file)))].sort()
  for (const folder of folders) await workspace.addFolder(folder)
  const others = workspace.loaded().filter((entry) => !givenPaths.has(entry.source.path))
  const found = new Map<string, StrategyDocument>()
  for (const entry of others) {
    const id = entry.document?.strategy
    if (id !== undefined && !known.has(id) && !found.has(id)) found.set(id, calleeView(entry.document!))
  }
  const unreadable = others.filter((entry) => entry.document === undefined)
  return {
    found,
    explain(diagnostic, caller, callerPath) {
      const named = namedStrategy(diagnostic.node === undefined ? undefined : caller.nodes[diagnostic.node])
      if (named === undefined || diagnostic.code !== named.code) return diagnostic
      const { id, verb } = named
      const folder = path.dirname(callerPath)
      const inside = (file: string) => file.startsWith(folder + path.sep)
      // a file that failed to parse may still be the callee: named after it, or its `strategy:` line says so
      const broken = unreadable.find(
        (entry) =>
          inside(entry.source.path) &&
          idsOfBrokenStrategy(entry.source.path, entry.source.text ?? '').includes(id),
      )
      const where = `${path.relative(cwd, folder) === '' ? '.' : displayPath(folder, cwd)}/`
      const near = nameHint(id, [...known.keys(), ...found.keys()])
      const message = broken
        ? `Node "${diagnostic.node}" ${verb} strategy ${quotedName(id)}, but ${broken.source.display} (in ${where}) could not be read (${errorCount(broken.diagnostics)}; validate that file to see them), so the call is not checked.`
        : `Node "${diagnostic.node}" ${verb} strategy ${quotedName(id)}, which is neither among the files given nor under ${where} (looked in both); name its file too, or fix the id.${near.hint}`
      // the fix offered is the one the message names (the DSL's looked only among the files given)
      const { fix: _amongGiven, ...rest } = diagnostic
      return { ...rest, message, ...(!broken && near.fix ? { fix: near.fix } : {}) }
    },
  }
}
