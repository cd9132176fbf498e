// The document notifications (didOpen, didChange, didClose, didSave) are checked before the library's document list
// sees them: a didOpen without a uri was kept as a document whose uri was undefined, and every later publish threw on
// it; one with `text: null` made every request on that document fail. A malformed one is logged and skipped.
import type {
  Connection,
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  DidSaveTextDocumentParams,
  TextDocuments,
  WillSaveTextDocumentParams,
} from 'vscode-languageserver/node'
import type { TextDocument } from 'vscode-languageserver-textdocument'

/** What `TextDocuments.listen` registers its handlers on (the library does not export the type). */
type TextDocumentConnection = Parameters<TextDocuments<TextDocument>['listen']>[0]

/** What is wrong with a notification's params, in a few words; undefined when the fields read are sound. */
export type ParamsProblem = string | undefined

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
const isPosition = (value: unknown): boolean =>
  isRecord(value) && isCount(value.line) && isCount(value.character)

function documentProblem(params: unknown): ParamsProblem {
  if (!isRecord(params)) return 'params is not an object'
  if (!isRecord(params.textDocument)) return 'params.textDocument is not an object'
  if (typeof params.textDocument.uri !== 'string') return 'params.textDocument.uri is not a string'
  return undefined
}

export function didOpenProblem(params: unknown): ParamsProblem {
  const problem = documentProblem(params)
  if (problem) return problem
  const document = (params as { textDocument: Record<string, unknown> }).textDocument
  if (typeof document.text !== 'string') return 'params.textDocument.text is not a string'
  if (typeof document.version !== 'number' || !Number.isSafeInteger(document.version))
    return 'params.textDocument.version is not an integer'
  if (document.languageId !== undefined && typeof document.languageId !== 'string')
    return 'params.textDocument.languageId is not a string'
  return undefined
}

export function didChangeProblem(params: unknown): ParamsProblem {
  const problem = documentProblem(params)
  if (problem) return problem
  const { textDocument, contentChanges } = params as {
    textDocument: Record<string, unknown>
    contentChanges: unknown
  }
  if (typeof textDocument.version !== 'number' || !Number.isSafeInteger(textDocument.version))
    return 'params.textDocument.version is not an integer'
  if (!Array.isArray(contentChanges)) return 'params.contentChanges is not an array'
  for (const change of contentChanges) {
    if (!isRecord(change) || typeof change.text !== 'string')
      return 'params.contentChanges has an entry without a string text'
    if (
      change.range !== undefined &&
      !(isRecord(change.range) && isPosition(change.range.start) && isPosition(change.range.end))
    )
      return 'params.contentChanges has an entry whose range is not { start, end } of integers >= 0'
  }
  return undefined
}

/**
 * A view of `connection` for `TextDocuments.listen`: each document notification reaches the library's handler only
 * when its params are sound; a bad one is logged as a warning (the method and what was wrong) and dropped.
 */
export function checkedDocumentEvents(connection: Connection): TextDocumentConnection {
  const checked =
    <P>(method: string, problemOf: (params: unknown) => ParamsProblem) =>
    (handler: (params: P) => void) =>
    (params: P) => {
      const problem = problemOf(params)
      if (problem === undefined) return handler(params)
      connection.console.warn(`${method} skipped: ${problem}`)
    }
  const open = checked<DidOpenTextDocumentParams>('textDocument/didOpen', didOpenProblem)
  const change = checked<DidChangeTextDocumentParams>('textDocument/didChange', didChangeProblem)
  const close = checked<DidCloseTextDocumentParams>('textDocument/didClose', documentProblem)
  const save = checked<DidSaveTextDocumentParams>('textDocument/didSave', documentProblem)
  const willSave = checked<WillSaveTextDocumentParams>('textDocument/willSave', documentProblem)
  return {
    onDidOpenTextDocument: (handler) => connection.onDidOpenTextDocument(open(handler)),
    onDidChangeTextDocument: (handler) => connection.onDidChangeTextDocument(change(handler)),
    onDidCloseTextDocument: (handler) => connection.onDidCloseTextDocument(close(handler)),
    onDidSaveTextDocument: (handler) => connection.onDidSaveTextDocument(save(handler)),
    onWillSaveTextDocument: (handler) => connection.onWillSaveTextDocument(willSave(handler)),
    // a request: the library answers no edits for a document it does not hold
    onWillSaveTextDocumentWaitUntil: (handler) => connection.onWillSaveTextDocumentWaitUntil(handler),
  }
}
