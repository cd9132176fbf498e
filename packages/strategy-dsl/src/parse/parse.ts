// The public parse functions: one per document kind, all through the same machinery.
import type { DirectoryDocument } from '../directory.ts'
import { directoryDocumentSchema } from '../directory.ts'
import { type StrategyDocument, strategyDocumentSchema } from '../document.ts'
import type { Path } from '../nodes/kind.ts'
import { type TestDocument, testDocumentSchema } from '../test-file.ts'
import {
  type DocumentSpec,
  type ParseOptions,
  type ParseResult,
  safeParseDocument,
} from './parse-document.ts'
import { DocumentParseError } from './report.ts'

function nodeOfPath(path: Path): string | undefined {
  return path[0] === 'nodes' && typeof path[1] === 'string' ? path[1] : undefined
}

export const strategySpec: DocumentSpec<StrategyDocument> = {
  kind: 'strategy',
  schema: strategyDocumentSchema,
  nodeOf: nodeOfPath,
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
