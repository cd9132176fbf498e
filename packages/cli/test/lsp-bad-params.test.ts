// A client's malformed request over real stdio (the shipped `routewright lsp --stdio`, raw JSON-RPC frames, so
// `params: null` goes out as written): each answers InvalidParams naming the field, or null, and the server lives on.
import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { binary, strategy, workspace } from './helpers.ts'

interface Answer {
  id: number
  result?: unknown
  error?: { code: number; message: string }
}

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill()
})

/** The server on stdio, with a raw frame writer and a reader of the answer to each request id. */
function rawServer(root: string) {
  const child = spawn(process.execPath, [binary, 'lsp', '--stdio'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  children.push(child)
  const answers = new Map<number, (answer: Answer) => void>()
  let buffer = Buffer.alloc(0)
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk])
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n')
      if (end < 0) return
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())?.[1])
      if (buffer.length < end + 4 + length) return
      const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString()) as Answer
      buffer = buffer.subarray(end + 4 + length)
      if (typeof message.id === 'number') answers.get(message.id)?.(message)
    }
  })
  let next = 0
  const send = (message: object) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }))
    child.stdin?.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]))
  }
  const request = (method: string, params: unknown) => {
    next += 1
    const id = next
    const answered = new Promise<Answer>((resolve) => answers.set(id, resolve))
    send({ id, method, params })
    return answered
  }
  return { child, send, request }
}

const POSITION_METHODS = [
  'textDocument/hover',
  'textDocument/completion',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/prepareRename',
  'textDocument/rename',
]
const DOCUMENT_METHODS = ['textDocument/documentSymbol', 'textDocument/formatting', 'textDocument/codeAction']

describe('routewright lsp --stdio and malformed requests', () => {
  it('answers InvalidParams naming the field for null, missing or mistyped params, null or [] for an unknown file', async () => {
    const root = workspace({ 'help.strategy.yaml': strategy('help') })
    const uri = pathToFileURL(path.join(root, 'help.strategy.yaml')).href
    const server = rawServer(root)
    await server.request('initialize', {
      processId: null,
      rootUri: pathToFileURL(root).href,
      capabilities: {},
    })
    server.send({ method: 'initialized', params: {} })
    server.send({
      method: 'textDocument/didOpen',
      params: { textDocument: { uri, languageId: 'yaml', version: 1, text: strategy('help') } },
    })
    const position = { line: 0, character: 0 }
    const full = {
      position,
      newName: 'x',
      context: { diagnostics: [], includeDeclaration: true },
      options: {},
    }
    const cases: Array<[string, unknown, string]> = []
    for (const method of [...POSITION_METHODS, ...DOCUMENT_METHODS]) {
      cases.push(
        [method, null, `${method}: params must be an object (got null)`],
        [method, { ...full }, `${method}: params.textDocument must be an object (got undefined)`],
        [
          method,
          { ...full, textDocument: { uri: 5 } },
          `${method}: params.textDocument.uri must be a string (got number 5)`,
        ],
        [
          method,
          { ...full, textDocument: { uri: 'file://elsewhere/x.strategy.yaml' } },
          `${method}: params.textDocument.uri is not a file URI of this machine (File URL host must be "localhost" or empty on linux)`,
        ],
      )
    }
    for (const method of POSITION_METHODS)
      cases.push(
        [
          method,
          { ...full, textDocument: { uri }, position: { line: 'a', character: 0 } },
          `${method}: params.position.line must be an integer >= 0 (got the string "a")`,
        ],
        // the field and its value are named: this was "got an object without the fields", of an object with both
        [
          method,
          { ...full, textDocument: { uri }, position: { line: 0, character: 1.5 } },
          `${method}: params.position.character must be an integer >= 0 (got number 1.5)`,
        ],
        [
          method,
          { ...full, textDocument: { uri }, position: 7 },
          `${method}: params.position must be { line, character } of integers >= 0 (got number 7)`,
        ],
      )
    cases.push(
      [
        'textDocument/rename',
        { textDocument: { uri }, position },
        'textDocument/rename: params.newName must be a string (got undefined)',
      ],
      [
        'textDocument/codeAction',
        { textDocument: { uri }, range: { start: position, end: position } },
        'textDocument/codeAction: params.context must be an object (got undefined)',
      ],
    )
    const answers = await Promise.all(cases.map(([method, params]) => server.request(method, params)))
    expect(answers.map((a) => a.error)).toEqual(cases.map(([, , message]) => ({ code: -32602, message })))

    // an unknown file, and a code action with a diagnostic that has no range: nothing to answer, no error
    const unknown = {
      ...full,
      textDocument: { uri: pathToFileURL(path.join(root, 'none.strategy.yaml')).href },
    }
    const quiet = await Promise.all([
      ...[...POSITION_METHODS, ...DOCUMENT_METHODS].map((method) => server.request(method, unknown)),
      server.request('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: position, end: position },
        context: {
          diagnostics: [{ source: 'routewright', message: 'm', data: { written: 'a', meant: 'b' } }],
        },
      }),
    ])
    expect(quiet.map((a) => a.error)).toEqual(quiet.map(() => undefined))
    expect(quiet.map((a) => a.result)).toEqual([null, [], null, null, null, null, [], [], [], []])

    // still serving: a well-formed hover on the open file answers
    const hover = await server.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 2 },
    })
    expect(hover.error).toBeUndefined()
    expect(server.child.exitCode).toBeNull()
  })
})
