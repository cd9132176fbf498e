// Hover on a strategy test file of 1,000 cases (the most a test file may hold: more is RW027 and nothing runs)
// through the real server in process, before and after a run whose 1,000 failures it keeps (a hover on a case's
// name shows its result), against the baseline of one plain DSL parse of the same text: a hover that re-parsed or
// re-validated the file per request would cost at least that.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { safeParseTestDocument } from '@routewright/strategy-dsl'
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node'
import { type BenchFigure, median } from '../../../bench/result.ts'
import { startServer } from '../src/index.ts'
import { connectLspClient, positionOf } from '../test/lsp-client.ts'
import { SPIN, spinTests } from '../test/test-run-server.ts'

const CASES = 1000
const HOVERS = 7
export async function runLspTestFileHoverBench(): Promise<BenchFigure[]> {
  const { before, after, parse } = await testFileHoverTimes()
  return [
    { name: 'lsp hover on a 1,000-case test file (median)', value: median(before), unit: 'ms', target: 50 },
    {
      name: 'lsp hover on a failed case of a 1,000-case test file after a run (median)',
      value: median(after),
      unit: 'ms',
      target: 50,
      // against one plain parse of the same text: what a hover that parsed per request would pay at least
      ratio: median(after) / parse,
    },
  ]
}

/** Wall times of hovers on the middle case's name before and after a run, and of one plain parse of the file. */
export async function testFileHoverTimes(
  count = CASES,
): Promise<{ before: number[]; after: number[]; parse: number }> {
  const root = mkdtempSync(path.join(tmpdir(), 'rw-lsp-test-hover-'))
  const text = spinTests(count)
  writeFileSync(path.join(root, 'spin.strategy.yaml'), SPIN)
  writeFileSync(path.join(root, 'spin.test.yaml'), text)
  cpSync(
    path.resolve(import.meta.dirname, '../../../examples/contact-center.directory.yaml'),
    path.join(root, 'contact-center.directory.yaml'),
  )
  const toServer = new PassThrough()
  const toClient = new PassThrough()
  startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), {
    docsUrl: 'https://example.invalid/spec',
    version: 'bench',
    validationDelayMs: 0,
  })
  const client = await connectLspClient(toClient, toServer, {
    root,
    initializationOptions: { testBudgetMs: 600_000 },
  })
  try {
    const uri = pathToFileURL(path.join(root, 'spin.test.yaml')).href
    client.open(uri, text)
    await client.waitFor(uri, () => true)
    const middle = `spin ${count >> 1}\n`
    const position = positionOf(text, middle, 2)
    const hovers = async (expect: string | undefined): Promise<number[]> => {
      const times: number[] = []
      for (let i = 0; i < HOVERS; i++) {
        const started = performance.now()
        const answer = await client.connection.sendRequest('textDocument/hover', {
          textDocument: { uri },
          position,
        })
        times.push(performance.now() - started)
        if (expect !== undefined && !JSON.stringify(answer).includes(expect))
          throw new Error(`hover missed the case's result: ${JSON.stringify(answer)}`)
      }
      return times
    }
    const before = await hovers(undefined)
    const answer = (await client.connection.sendRequest('workspace/executeCommand', {
      command: 'routewright.runTests',
      arguments: [{ uri }],
    })) as { summary: { failed: number } }
    if (answer.summary.failed !== count)
      throw new Error(`the run did not fail every case: ${JSON.stringify(answer)}`)
    const after = await hovers('routewright test')
    const parses: number[] = []
    for (let i = 0; i < 3; i++) {
      const started = performance.now()
      safeParseTestDocument(text, { file: 'spin.test.yaml', positions: true })
      parses.push(performance.now() - started)
    }
    const parse = median(parses)
    const show = (times: number[]) => times.map((t) => t.toFixed(1)).join(' ')
    console.log(
      `lsp hover on a ${count}-case test file: before a run ${show(before)} ms, after ${show(after)} ms; one plain parse ${parse.toFixed(1)} ms`,
    )
    return { before, after, parse }
  } finally {
    await client.close()
    rmSync(root, { recursive: true, force: true })
  }
}
