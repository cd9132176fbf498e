// A language server started in this process on a fresh temporary folder, driven by the real JSON-RPC test client;
// the tests that open documents start one per test and end them all after each.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach } from 'vitest'
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node'
import { type ServerOptions, startServer, type Timer } from '../src/index.ts'
import { connectLspClient, type LspClient, type LspClientOptions } from './lsp-client.ts'

/** Typing never pauses here: documents validate on open (and where a test sets no delay, on each change). */
export const neverFires: Timer = { set: () => 0, clear: () => {} }

/**
 * Registers the clean-up of every server and folder it starts (after each test); returns the start function, with
 * `folder` (a temporary folder of files) and `connect` (a server on given folders, with a client's capabilities).
 */
export function inProcessServers(prefix: string) {
  const folders: string[] = []
  const clients: LspClient[] = []
  afterEach(() => {
    for (const { connection } of clients.splice(0)) connection.dispose()
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
  })
  /** A fresh temporary folder holding `files` (paths relative to it). */
  const folder = (files: Record<string, string> = {}): string => {
    const root = mkdtempSync(path.join(tmpdir(), prefix))
    folders.push(root)
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true })
      writeFileSync(path.join(root, name), text)
    }
    return root
  }
  /** A server started in this process, initialized by the test client as `client` says. */
  const connect = async (
    client: LspClientOptions,
    options: Partial<ServerOptions> = {},
  ): Promise<LspClient> => {
    const toServer = new PassThrough()
    const toClient = new PassThrough()
    startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), {
      docsUrl: 'https://example.invalid/spec',
      version: 'test',
      timer: neverFires,
      // one idle worker per server would load the runtime once per test here; the tests of it ask for it
      testWorkerReady: false,
      ...options,
    })
    const lsp = await connectLspClient(toClient, toServer, client)
    clients.push(lsp)
    return lsp
  }
  /** `prepare` writes the workspace's files before the server starts (it reads the folder when initialized). */
  const start = async (
    options: Partial<ServerOptions> = {},
    prepare?: (root: string) => void,
  ): Promise<{ lsp: LspClient; root: string }> => {
    const root = folder()
    prepare?.(root)
    return { lsp: await connect({ root }, options), root }
  }
  return Object.assign(start, { folder, connect })
}
