// Hover on a 5 MB strategy through the real server (in process, over JSON-RPC streams): the wall time of a request
// once the document is open and validated, the case an editor hits on every mouse move (target: under 50 ms), and
// of the first request after an edit, which used to pay a second, lenient parse of the whole file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node'
import { generateStrategy } from '../../../bench/cli-validate.bench.ts'
import { type BenchFigure, median } from '../../../bench/result.ts'
import { startServer } from '../src/index.ts'
import { connectLspClient } from '../test/lsp-client.ts'

const HOVERS = 7

export async function runLspHoverBench(): Promise<BenchFigure[]> {
  const times = await hoverTimes(startServer)
  const afterEdit = await firstHoverAfterEdit(startServer)
  return [
    { name: 'lsp hover on a 5 MB strategy (median)', value: median(times), unit: 'ms', target: 50 },
    { name: 'lsp first hover after an edit of a 5 MB strategy', value: afterEdit, unit: 'ms', target: 500 },
  ]
}

/**
 * The first hover after an edit of an open 5 MB strategy, once the edit is validated: what an editor pays on the
 * first mouse move after typing. `blocks` sizes the file (7,600 blocks: about 5 MB).
 */
export async function firstHoverAfterEdit(start: typeof startServer, blocks = 7600): Promise<number> {
  const root = mkdtempSync(path.join(tmpdir(), 'rw-lsp-edit-'))
  const toServer = new PassThrough()
  const toClient = new PassThrough()
  start(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), {
    docsUrl: 'https://example.invalid/spec',
    version: 'bench',
    validationDelayMs: 0,
  })
  const client = await connectLspClient(toClient, toServer, { root })
  try {
    const text = generateStrategy('big', blocks)
    const uri = pathToFileURL(path.join(root, 'big.strategy.yaml')).href
    client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text },
    })
    await client.next(1)
    // an edit the size of a keystroke, near the top: every offset below it moves
    const edited = text.replace(
      'tier: { type: string, default: standard }',
      'tier: { type: string, default: gold }',
    )
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: edited }],
    })
    await client.next(2)
    const middle = Math.floor(blocks / 2) * 5 + 2
    const offset = edited.indexOf(`next: n${middle}\n`) + 8
    const line = edited.slice(0, offset).split('\n').length - 1
    const character = offset - (edited.lastIndexOf('\n', offset - 1) + 1)
    const started = performance.now()
    const answer = await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line, character },
    })
    const elapsed = performance.now() - started
    if (!JSON.stringify(answer).includes(`n${middle}`))
      throw new Error(`hover missed the node: ${JSON.stringify(answer)}`)
    console.log(
      `lsp first hover after an edit, ${(edited.length / 1e6).toFixed(1)} MB: ${elapsed.toFixed(1)} ms`,
    )
    return elapsed
  } finally {
    client.connection.dispose()
    rmSync(root, { recursive: true, force: true })
  }
}

/** Wall times of HOVERS hovers on one spot of an open 5 MB strategy, served by `start` (an A/B passes another). */
export async function hoverTimes(start: typeof startServer): Promise<number[]> {
  const root = mkdtempSync(path.join(tmpdir(), 'rw-lsp-hover-'))
  const toServer = new PassThrough()
  const toClient = new PassThrough()
  start(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), {
    docsUrl: 'https://example.invalid/spec',
    version: 'bench',
  })
  const client = await connectLspClient(toClient, toServer, { root })
  try {
    // about 5 MB: 7,600 blocks of five nodes
    const text = generateStrategy('big', 7600)
    const uri = pathToFileURL(path.join(root, 'big.strategy.yaml')).href
    client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text },
    })
    await client.next(1)
    // a node reference in the middle of the file: `next: n19002`
    const offset = text.indexOf('next: n19002') + 8
    const line = text.slice(0, offset).split('\n').length - 1
    const character = offset - (text.lastIndexOf('\n', offset - 1) + 1)
    const times: number[] = []
    for (let i = 0; i < HOVERS; i++) {
      const started = performance.now()
      const answer = await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: { line, character },
      })
      times.push(performance.now() - started)
      if (!JSON.stringify(answer).includes('n19002'))
        throw new Error(`hover missed the node: ${JSON.stringify(answer)}`)
    }
    console.log(
      `lsp hover on ${(text.length / 1e6).toFixed(1)} MB: ${times.map((t) => t.toFixed(1)).join(' ')} ms`,
    )
    return times
  } finally {
    client.connection.dispose()
    rmSync(root, { recursive: true, force: true })
  }
}
