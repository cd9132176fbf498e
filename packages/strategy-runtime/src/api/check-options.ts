// createRouter checks the documents it is given (a host may build them in code, not load them from files): the
// directory and every strategy are validated together, and any error refuses the router with its diagnostics.
import {
  type Diagnostic,
  type DirectoryDocument,
  formatDiagnostic,
  type StrategyDocument,
  validateDirectory,
  validateStrategy,
} from '@routewright/strategy-dsl'
import { message } from '../stats/stat-reader.ts'

/** Thrown by createRouter when its strategies or directory do not validate; `diagnostics` says where and why. */
export class RouterConfigError extends Error {
  override readonly name = 'RouterConfigError'
  constructor(readonly diagnostics: Diagnostic[]) {
    const shown = diagnostics.slice(0, 10).map((d) => `  ${formatDiagnostic(d)}`)
    const more = diagnostics.length > 10 ? `\n  ... and ${diagnostics.length - 10} more` : ''
    super(
      `createRouter: the documents do not validate (${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'}):\n${shown.join('\n')}${more}`,
    )
  }
}

/** RW010: not a document at all; RW094: two strategies with one id (the workspace's codes, same meaning). */
function malformed(what: string, detail: string, code = 'RW010'): Diagnostic {
  return { code, severity: 'error', message: `${what} ${detail}`, path: [] }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The strategies by id, once the directory and every strategy validated with no error; else throws. */
export function checkRouterDocuments(
  strategies: readonly StrategyDocument[] | ReadonlyMap<string, StrategyDocument>,
  directory: DirectoryDocument,
): StrategyDocument[] {
  const errors: Diagnostic[] = []
  const docs = strategies instanceof Map ? [...strategies.values()] : [...(strategies as StrategyDocument[])]
  if (!isObject(directory) || typeof directory.directory !== 'string')
    throw new RouterConfigError([
      malformed('The directory', 'must be a directory document (directory: <name>)'),
    ])
  const byId = new Map<string, StrategyDocument>()
  for (const [i, doc] of docs.entries()) {
    const raw: unknown = doc
    if (!isObject(raw) || typeof raw.strategy !== 'string' || !isObject(raw.nodes)) {
      errors.push(
        malformed(`Strategy #${i + 1}`, 'must be a strategy document (strategy: <id>, nodes: {...})'),
      )
      continue
    }
    if (byId.has(doc.strategy))
      errors.push(
        malformed(`Strategy "${doc.strategy}"`, 'is given twice; give each strategy its own id', 'RW094'),
      )
    byId.set(doc.strategy, doc)
  }
  const collect = (file: string, run: () => Diagnostic[]) => {
    try {
      for (const d of run()) if (d.severity === 'error') errors.push({ ...d, file: d.file ?? file })
    } catch (error) {
      errors.push({ ...malformed(file, `could not be checked: ${message(error)}`, 'RW000'), file })
    }
  }
  collect(`directory ${directory.directory}`, () => validateDirectory(directory))
  for (const doc of byId.values())
    collect(`strategy ${doc.strategy}`, () => validateStrategy(doc, { directory, strategies: byId }))
  if (errors.length > 0) throw new RouterConfigError(errors)
  return [...byId.values()]
}
