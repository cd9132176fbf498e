// Requests come from any client: the fields a handler reads are checked first, and a wrong one answers InvalidParams
// saying which field and what it got, not the library's "Cannot read properties of undefined".
import { fileURLToPath } from 'node:url'
import { type Diagnostic, ErrorCodes, ResponseError } from 'vscode-languageserver/node'

export interface DocumentParams {
  textDocument: { uri: string }
}

export interface PositionParams extends DocumentParams {
  position: { line: number; character: number }
}

/** `params` with a `textDocument.uri` this server can read (a file URI of this machine, or any other text). */
export function documentParams(method: string, params: unknown): DocumentParams {
  if (!isRecord(params)) invalid(method, 'params', 'an object', params)
  const document = params.textDocument
  if (!isRecord(document)) invalid(method, 'params.textDocument', 'an object', document)
  const uri = document.uri
  if (typeof uri !== 'string') invalid(method, 'params.textDocument.uri', 'a string', uri)
  if (uri.startsWith('file:')) {
    try {
      fileURLToPath(uri)
    } catch (error) {
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `${method}: params.textDocument.uri is not a file URI of this machine (${(error as Error).message})`,
      )
    }
  }
  return { textDocument: { uri } }
}

/** `documentParams` and a `position` of two non-negative integers. */
export function positionParams(method: string, params: unknown): PositionParams {
  const { textDocument } = documentParams(method, params)
  const position = (params as Record<string, unknown>).position
  // an object with a wrong field names that field and its value: "without the fields" was said of { line: 1.5 }
  if (isRecord(position))
    for (const field of ['line', 'character'] as const)
      if (!isCount(position[field]))
        invalid(method, `params.position.${field}`, 'an integer >= 0', position[field])
  if (!isPosition(position))
    invalid(method, 'params.position', '{ line, character } of integers >= 0', position)
  return { textDocument, position: { line: position.line, character: position.character } }
}

/** The string field `name` of `params` (already checked to be an object). */
export function stringParam(method: string, params: unknown, name: string): string {
  const value = (params as Record<string, unknown>)[name]
  if (typeof value !== 'string') invalid(method, `params.${name}`, 'a string', value)
  return value
}

/** `workspace/executeCommand`'s one argument for a test run: `{ uri, case? }` (`case`: a scenario's name). */
export function runTestsArgument(method: string, params: unknown): { uri: string; caseName?: string } {
  if (!isRecord(params)) invalid(method, 'params', 'an object', params)
  const args = params.arguments
  const first = Array.isArray(args) ? args[0] : undefined
  if (!isRecord(first)) invalid(method, 'params.arguments[0]', 'an object { uri, case? }', first)
  if (typeof first.uri !== 'string') invalid(method, 'params.arguments[0].uri', 'a string', first.uri)
  const { textDocument } = documentParams(method, { textDocument: { uri: first.uri } })
  const name = first.case
  if (name !== undefined && typeof name !== 'string')
    invalid(method, 'params.arguments[0].case', 'a string', name)
  return { uri: textDocument.uri, ...(name === undefined ? {} : { caseName: name }) }
}

/** `routewright.stopTests`' argument: `{ uri }` (a test file or strategy) to stop its runs, or none to stop all. */
export function stopTestsArgument(method: string, params: unknown): { uri?: string } {
  if (!isRecord(params)) invalid(method, 'params', 'an object', params)
  const args = params.arguments
  const first = Array.isArray(args) ? args[0] : undefined
  if (first === undefined || first === null) return {}
  if (!isRecord(first)) invalid(method, 'params.arguments[0]', 'an object { uri } or nothing', first)
  if (first.uri === undefined) return {}
  if (typeof first.uri !== 'string') invalid(method, 'params.arguments[0].uri', 'a string', first.uri)
  return { uri: documentParams(method, { textDocument: { uri: first.uri } }).textDocument.uri }
}

/** The code action context's diagnostics: an array is required; an entry without a range or message is left out. */
export function contextDiagnostics(method: string, params: unknown): Diagnostic[] {
  const context = (params as Record<string, unknown>).context
  if (!isRecord(context)) invalid(method, 'params.context', 'an object', context)
  const diagnostics = context.diagnostics
  if (!Array.isArray(diagnostics)) invalid(method, 'params.context.diagnostics', 'an array', diagnostics)
  return diagnostics.filter(isDiagnostic)
}

function isDiagnostic(value: unknown): value is Diagnostic {
  return (
    isRecord(value) &&
    typeof value.message === 'string' &&
    isRecord(value.range) &&
    isPosition(value.range.start) &&
    isPosition(value.range.end)
  )
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isPosition(value: unknown): value is { line: number; character: number } {
  return isRecord(value) && isCount(value.line) && isCount(value.character)
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function invalid(method: string, field: string, wanted: string, got: unknown): never {
  throw new ResponseError(
    ErrorCodes.InvalidParams,
    `${method}: ${field} must be ${wanted} (got ${describe(got)})`,
  )
}

/** What a client sent, in a few words: its type, and a short value for scalars. */
function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`
  return typeof value === 'object' ? 'an object without the fields' : typeof value
}
