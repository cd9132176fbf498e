// The built `routewright lsp --stdio` on a temporary copy of `examples/`, as the test-run tests drive it: open
// files, run cases with `routewright.runTests` (cancellable), read code lenses. Each server stops after its test.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach } from 'vitest'
import type { CancellationTokenSource } from 'vscode-jsonrpc/node'
import { spawnLspClient } from './lsp-client.ts'

const repo = path.resolve(import.meta.dirname, '../../..')
/** The built CLI, whose `lsp --stdio` is the server under test. */
export const binary = path.join(repo, 'packages/cli/bin/routewright.mjs')
const examples = path.join(repo, 'examples')

export interface CaseAnswer {
  name: string
  passed: boolean
  ran: boolean
  ms: number
  message: string
  stopped?: true
  timedOut?: true
}
export interface RunAnswer {
  refused?: string
  stopped?: true
  files: Array<{ cases: CaseAnswer[]; problem?: { why: string; diagnostics: Array<{ code: string }> } }>
  summary: { passed: number; failed: number; notRun: number; couldNotRun: number }
}
export interface Lens {
  range: { start: { line: number; character: number } }
  command: { title: string; command: string; arguments: unknown[] }
}

/** Registers the stop of every server a test starts; returns `serverOn`, which starts one (its folder named `prefix`). */
export function testRunServers(prefix: string) {
  const cleanups: Array<() => Promise<void> | void> = []
  afterEach(async () => {
    for (const clean of cleanups.splice(0).reverse()) await clean()
  })

  /** A temp copy of the examples' files (and `extra`), with the built server started on it. */
  return async function serverOn(
    extra: Record<string, string> = {},
    initializationOptions?: object,
    capabilities?: object,
  ) {
    const root = mkdtempSync(path.join(tmpdir(), prefix))
    cleanups.push(() => rmSync(root, { recursive: true, force: true }))
    for (const name of readdirSync(examples).filter((n) => n.endsWith('.yaml')))
      cpSync(path.join(examples, name), path.join(root, name))
    for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(root, name), text)
    const client = await spawnLspClient(binary, ['lsp', '--stdio'], {
      cwd: root,
      root,
      ...(initializationOptions ? { initializationOptions } : {}),
      ...(capabilities ? { capabilities } : {}),
    })
    cleanups.push(() => client.close())
    const messages: Array<{ type: number; message: string }> = []
    client.connection.onNotification('window/showMessage', (m: { type: number; message: string }) => {
      messages.push(m)
    })
    const uri = (name: string) => pathToFileURL(path.join(root, name)).href
    const text = (name: string) => readFileSync(path.join(root, name), 'utf8')
    const run = (args: { uri: string; case?: string }, token?: CancellationTokenSource['token']) =>
      client.connection.sendRequest(
        'workspace/executeCommand',
        { command: 'routewright.runTests', arguments: [args] },
        ...(token ? [token] : []),
      ) as Promise<RunAnswer>
    const lenses = (of: string) =>
      client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: of } }) as Promise<Lens[]>
    return { root, client, messages, uri, text, run, lenses }
  }
}

/** A strategy that loops through a wait until the runtime's step limit: each case of it fails in a few ms. */
export const SPIN = `strategy: spin
format: 1
start: again
nodes:
  again:
    type: switch
    cases: [{ label: never, when: 'media == "fax"', next: done }]
    default: pause
  pause: { type: wait, for: 1s, next: again }
  done: { type: end, outcome: default-route }
`

/** `count` cases of SPIN, named `spin 0` ... (a test file holds at most 1,000: more is RW027 and nothing runs). */
export function spinTests(count: number): string {
  return `tests: spin\nformat: 1\ndirectory: contact-center.directory.yaml\nscenarios:\n${Array.from(
    { length: count },
    (_, i) => `  - name: spin ${i}\n    expect: { outcome: routed }\n`,
  ).join('')}`
}

/** A target that waits a day for an agent who never comes, a treatment every 100 ms: each case runs its limit of clock firings. */
export const SLOW = `strategy: slow
format: 1
start: hold
nodes:
  hold:
    type: target
    targets: [{ group: vip_team }]
    wait: 24h
    treatments: [{ silence: 100ms }]
    next: { timeout: done, error: done }
  done: { type: end, outcome: default-route }
`
