// A language server started in this process on a fresh temporary folder, driven by the real JSON-RPC test client;
// the tests that open documents start one per test and end them all after each.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach } from 'vitest'
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node'
import { type ServerOptions, startServer, type Timer } from '../src/index.ts'
import { connectLspClient, type LspClient } from './lsp-client.ts'

/** Typing never pauses here: documents validate on open (and where a test sets no delay, on each change). */
export const neverFires: Timer = { set: () => 0, clear: () => {} }

/** Registers the clean-up of every server it starts (after each test); returns the start function. */
export function inProcessServers(prefix: string) {
  const folders: string[] = []
  const clients: LspClient[] = []
  afterEach(() => {
    for (const { connection } of clients.splice(0)) connection.dispose()
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
  })
  /** `prepare` writes the workspace's files before the server starts (it reads the folder when initialized). */
  return async (
    options: Partial<ServerOptions> = {},
    prepare?: (root: string) => void,
  ): Promise<{ lsp: LspClient; root: string }> => {
    const root = mkdtempSync(path.join(tmpdir(), prefix))
    folders.push(root)
    prepare?.(root)
    const toServer = new PassThrough()
    const toClient = new PassThrough()
    startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), {
      docsUrl: 'https://example.invalid/spec',
      version: 'test',
      timer: neverFires,
      ...options,
    })
    const lsp = await connectLspClient(toClient, toServer, { root })
    clients.push(lsp)
    return { lsp, root }
  }
}
