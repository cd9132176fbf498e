// The public parse functions: one per document kind, all through the same machinery.
import type { Diagnostic, Range, SourceLocator } from '../diagnostics.ts'
import type { DirectoryDocument } from '../directory.ts'
import { directoryDocumentSchema } from '../directory.ts'
import { type StrategyDocument, strategyDocumentSchema } from '../document.ts'
import type { Path } from '../nodes/kind.ts'
import { type TestDocument, testDocumentSchema } from '../test-file.ts'
import { checkNodeCount, rangeAt } from './limits.ts'
import {
  type DocumentSpec,
  limitProblem,
  type ParseOptions,
  type ParseResult,
  safeParseDocument,
} from './parse-document.ts'
import { DocumentParseError } from './report.ts'

function nodeOfPath(path: Path): string | undefined {
  return path[0] === 'nodes' && typeof path[1] === 'string' ? path[1] : undefined
}

// a block mapping's top-level keys are the only lines starting in column 0 (a flow or JSON file asks the locator)
const TOP_LEVEL_NODES_KEY = /^(["']?)nodes\1[ \t]*:/m

/** The `nodes:` key's range: from the text when it is a top-level line, which spares a batch run a second read. */
function nodesKeyRange(text: string, locator: SourceLocator): Range | undefined {
  const match = /^\s*[{[]/.test(text) ? null : TOP_LEVEL_NODES_KEY.exec(text)
  if (match) return rangeAt(text, match.index, 'nodes'.length + 2 * (match[1]?.length ?? 0))
  return locator.keyRangeOf(['nodes'])
}

export const strategySpec: DocumentSpec<StrategyDocument> = {
  kind: 'strategy',
  schema: strategyDocumentSchema,
  nodeOf: nodeOfPath,
  limit: (value, text, locator) => checkNodeCount(value.nodes, () => nodesKeyRange(text, locator)),
}
export const directorySpec: DocumentSpec<DirectoryDocument> = {
  kind: 'directory',
  schema: directoryDocumentSchema,
}
export const testSpec: DocumentSpec<TestDocument> = { kind: 'test', schema: testDocumentSchema }

function orThrow<T>(result: ParseResult<T>): T {
  if (result.success) return result.data
  throw new DocumentParseError(result.diagnostics)
}

/** Parses a strategy (YAML or JSON text, or UTF-8 bytes); never throws on bad input. */
export function safeParseStrategy(
  input: string | Uint8Array,
  options?: ParseOptions,
): ParseResult<StrategyDocument> {
  return safeParseDocument(strategySpec, input, options)
}

/**
 * RW013 when the strategy text holds more nodes than the limit, placed on its `nodes:` key; undefined otherwise
 * (a broken text too: its findings are the parse's). Reads the text once, checks nothing else.
 */
export function strategyNodeLimit(input: string | Uint8Array, file?: string): Diagnostic | undefined {
  return limitProblem(strategySpec, input, file)
}

/** Parses a strategy or throws a DocumentParseError carrying the diagnostics. */
export function parseStrategy(input: string | Uint8Array, options?: ParseOptions): StrategyDocument {
  return orThrow(safeParseStrategy(input, options))
}

export function safeParseDirectory(
  input: string | Uint8Array,
  options?: ParseOptions,
): ParseResult<DirectoryDocument> {
  return safeParseDocument(directorySpec, input, options)
}

export function parseDirectory(input: string | Uint8Array, options?: ParseOptions): DirectoryDocument {
  return orThrow(safeParseDirectory(input, options))
}

export function safeParseTestDocument(
  input: string | Uint8Array,
  options?: ParseOptions,
): ParseResult<TestDocument> {
  return safeParseDocument(testSpec, input, options)
}

export function parseTestDocument(input: string | Uint8Array, options?: ParseOptions): TestDocument {
  return orThrow(safeParseTestDocument(input, options))
}
