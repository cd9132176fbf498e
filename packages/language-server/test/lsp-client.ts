// The LSP client the language server's tests and the CLI's `lsp --stdio` tests drive it with: a real JSON-RPC
// connection, initialized, collecting every publishDiagnostics; over any pair of streams or a spawned process.
import { type ChildProcess, spawn } from 'node:child_process'
import type { Readable, Writable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { tiedCommand } from '@routewright/node-support/tied-child'
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node'

/** A small valid strategy (`help`: a wait, then an end) the tests open as `help.strategy.yaml`. */
export const HELP_STRATEGY = `strategy: help
format: 1
start: queue
nodes:
  queue:
    type: wait
    for: 5s
    next: done
  done:
    type: end
    outcome: default-route
`

/** The LSP position (0-based) of the `nth` occurrence of `needle` in `text`, plus `shift` characters. */
export function positionOf(
  text: string,
  needle: string,
  shift = 0,
  nth = 0,
): { line: number; character: number } {
  let index = -1
  for (let i = 0; i <= nth; i++) index = text.indexOf(needle, index + 1)
  const before = text.slice(0, index + shift)
  const line = before.split('\n').length - 1
  return { line, character: before.length - before.lastIndexOf('\n') - 1 }
}

export interface LspDiagnostic {
  code: string
  message: string
  range: { start: { line: number; character: number }; end: { line: number; character: number } }
}

export interface PublishedDiagnostics {
  uri: string
  version?: number
  diagnostics: LspDiagnostic[]
}

export interface LspClient {
  connection: MessageConnection
  /** The server's answer to `initialize` (capabilities, serverInfo). */
  initialized: unknown
  /** Every publishDiagnostics, in order. */
  published: PublishedDiagnostics[]
  /** Every `client/registerCapability` request the server sent, in order (each answered with success). */
  registrations: unknown[]
  /** Every `window/logMessage` the server sent, in order (type 1 error, 2 warning, 3 info, 4 log). */
  logs: Array<{ type: number; message: string }>
  /** The latest diagnostics per document URI. */
  diagnostics: Map<string, LspDiagnostic[]>
  /** Resolves with a document's diagnostics once they pass `test` (the current ones or a later publish). */
  waitFor(uri: string, test: (diagnostics: LspDiagnostic[]) => boolean): Promise<LspDiagnostic[]>
  /** Resolves with the `count`-th publishDiagnostics (1-based) once it has arrived. */
  next(count: number): Promise<PublishedDiagnostics>
  /** Opens a document (version 1 unless told) with its text, as an editor does. */
  open(uri: string, text: string, version?: number): void
  /** Replaces an open document's text with `version`. */
  change(uri: string, version: number, text: string): void
  /** A request at the `nth` occurrence of `needle` in `text` (the document's text), plus `shift` characters. */
  requestAt(
    method: string,
    uri: string,
    at: { text: string; needle: string; shift?: number; nth?: number },
    extra?: object,
  ): Promise<unknown>
  /** Asks the server to shut down and exit, then closes the connection. */
  close(): Promise<void>
}

export interface LspClientOptions {
  /** The workspace folder; without it the server starts with no root. */
  root?: string
  /** What `close` waits for after `exit` before it drops the connection (a spawned server's exit). */
  exited?: Promise<unknown>
  /** The client capabilities sent with `initialize` (default none). */
  capabilities?: object
  /** Every workspace folder, as a multi-root workspace sends them (default: `root` alone). */
  folders?: readonly string[]
  /** The `initializationOptions` sent with `initialize` (default none). */
  initializationOptions?: object
}

/** Connects to a server over `input` (what it writes) and `output` (what it reads), then initializes it. */
export async function connectLspClient(
  input: Readable,
  output: Writable,
  options: LspClientOptions = {},
): Promise<LspClient> {
  const connection = createMessageConnection(new StreamMessageReader(input), new StreamMessageWriter(output))
  const published: PublishedDiagnostics[] = []
  const diagnostics = new Map<string, LspDiagnostic[]>()
  const waiters: Array<() => void> = []
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics) => {
    published.push(params)
    diagnostics.set(params.uri, params.diagnostics)
    for (const wake of waiters.splice(0)) wake()
  })
  const logs: Array<{ type: number; message: string }> = []
  connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
    logs.push(params)
  })
  const registrations: unknown[] = []
  connection.onRequest('client/registerCapability', (params: unknown) => {
    registrations.push(params)
    return null
  })
  connection.listen()
  const published$ = () => new Promise<void>((resolve) => waiters.push(resolve))
  const rootUri = options.root === undefined ? null : pathToFileURL(options.root).href
  const initialize = connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    capabilities: options.capabilities ?? {},
    ...(options.initializationOptions ? { initializationOptions: options.initializationOptions } : {}),
    ...(rootUri === null
      ? {}
      : {
          workspaceFolders: (options.folders ?? [options.root!]).map((folder, i) => ({
            uri: pathToFileURL(folder).href,
            name: `workspace${i === 0 ? '' : i + 1}`,
          })),
        }),
  })
  // a server that exits before it answers (a refused flag) fails the test at once instead of at its timeout
  const initialized = await (options.exited
    ? Promise.race([
        initialize,
        options.exited.then((code) => {
          throw new Error(`The language server exited (code ${String(code)}) before answering initialize`)
        }),
      ])
    : initialize)
  connection.sendNotification('initialized', {})
  return {
    connection,
    initialized,
    published,
    registrations,
    logs,
    diagnostics,
    async waitFor(uri, test) {
      for (;;) {
        const current = diagnostics.get(uri)
        if (current && test(current)) return current
        await published$()
      }
    },
    async next(count) {
      while (published.length < count) await published$()
      return published[count - 1] as PublishedDiagnostics
    },
    open(uri, text, version = 1) {
      void connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'yaml', version, text },
      })
    },
    change(uri, version, text) {
      void connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      })
    },
    requestAt(method, uri, at, extra = {}) {
      return connection.sendRequest(method, {
        textDocument: { uri },
        position: positionOf(at.text, at.needle, at.shift, at.nth),
        ...extra,
      })
    },
    async close() {
      await connection.sendRequest('shutdown').catch(() => {})
      await connection.sendNotification('exit')
      await options.exited
      connection.dispose()
    },
  }
}

export interface SpawnedLspClient extends LspClient {
  child: ChildProcess
  /** Resolves with the server's exit code once it has exited. */
  exitCode(): Promise<number | null>
}

/**
 * Spawns `node <script> ...args` (a server speaking LSP on stdio) and connects to it; with `runAs`, as that user
 * (root testing what a user without a permission sees), through the tied command setpriv runs.
 */
export async function spawnLspClient(
  script: string,
  args: readonly string[],
  options: LspClientOptions & { cwd?: string; runAs?: { user: string; group: string } } = {},
): Promise<SpawnedLspClient> {
  const [command, commandArgs] = options.runAs
    ? tiedCommand(process.execPath, [script, ...args], { runAs: options.runAs })
    : [process.execPath, [script, ...args]]
  const child = spawn(command, commandArgs, {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const client = await connectLspClient(child.stdout as Readable, child.stdin as Writable, {
    ...options,
    exited,
  })
  return { ...client, child, exitCode: () => exited }
}
