// Validation is debounced: a burst of keystrokes validates once, the latest version only; open and save validate
// at once. Driven in process by a real JSON-RPC client, with a manual timer instead of a clock.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node'
import { type Timer, ValidationScheduler, validationDelayOf } from '../src/debounce.ts'
import { startServer } from '../src/server.ts'
import { connectLspClient, HELP_STRATEGY, type LspClient } from './lsp-client.ts'

/** A timer that fires only when the test advances it. */
class ManualTimer implements Timer {
  now = 0
  private next = 1
  private readonly due = new Map<number, { at: number; callback: () => void }>()
  set(callback: () => void, ms: number): unknown {
    const handle = this.next++
    this.due.set(handle, { at: this.now + ms, callback })
    return handle
  }
  clear(handle: unknown): void {
    this.due.delete(handle as number)
  }
  get pending(): number {
    return this.due.size
  }
  advance(ms: number): void {
    this.now += ms
    for (const [handle, { at, callback }] of [...this.due].sort((a, b) => a[1].at - b[1].at)) {
      if (at > this.now) continue
      this.due.delete(handle)
      callback()
    }
  }
}

describe('ValidationScheduler', () => {
  it('validates a burst of changes once, with the latest version, after the delay', () => {
    const timer = new ManualTimer()
    const runs: Array<[string, number]> = []
    const scheduler = new ValidationScheduler((uri, version) => runs.push([uri, version]), 150, timer)
    scheduler.changed('a', 2)
    timer.advance(100)
    scheduler.changed('a', 3)
    scheduler.changed('b', 7)
    timer.advance(100)
    expect(runs).toEqual([]) // a was typed into 100 ms ago: still waiting; b too
    scheduler.changed('a', 2) // a late, older version never wins
    timer.advance(50)
    expect(runs).toEqual([
      ['a', 3],
      ['b', 7],
    ])
    expect(timer.pending).toBe(0)
  })

  it('validates at once on open and save, cancelling what was pending', () => {
    const timer = new ManualTimer()
    const runs: number[] = []
    const scheduler = new ValidationScheduler((_uri, version) => runs.push(version), 150, timer)
    scheduler.now('a', 1)
    scheduler.changed('a', 1) // the change event of the open itself: already validated
    scheduler.changed('a', 2)
    scheduler.now('a', 2) // saved
    timer.advance(1000)
    expect(runs).toEqual([1, 2])
    scheduler.changed('a', 3)
    scheduler.forget('a') // closed
    timer.advance(1000)
    expect(runs).toEqual([1, 2])
  })

  it('reads the delay from initialization options and refuses a bad one', () => {
    expect(validationDelayOf(undefined)).toBe(150)
    expect(validationDelayOf({ validationDelayMs: 40 })).toBe(40)
    expect(() => validationDelayOf({ validationDelayMs: '40' })).toThrow(/validationDelayMs must be a number/)
    expect(() => validationDelayOf({ validationDelayMs: -1 })).toThrow(/from 0 to 10000/)
  })
})

const strategy = HELP_STRATEGY

const folders: string[] = []
const clients: LspClient[] = []
afterEach(async () => {
  // the in-process server has no process to exit: dropping the connection is enough
  for (const { connection } of clients.splice(0)) connection.dispose()
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

async function startInProcess(timer: Timer) {
  const root = mkdtempSync(path.join(tmpdir(), 'rw-lsp-debounce-'))
  folders.push(root)
  writeFileSync(path.join(root, 'help.strategy.yaml'), strategy)
  const toServer = new PassThrough()
  const toClient = new PassThrough()
  startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), {
    docsUrl: 'https://example.invalid/spec',
    version: 'test',
    timer,
  })
  const lsp = await connectLspClient(toClient, toServer, { root })
  clients.push(lsp)
  const uri = pathToFileURL(path.join(root, 'help.strategy.yaml')).href
  return {
    client: lsp.connection,
    uri,
    published: lsp.published,
    /** Resolves once the server has handled every message sent before (requests are answered in order). */
    settle: () =>
      lsp.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: { line: 0, character: 0 },
      }),
    next: lsp.next,
  }
}

describe('language server validation timing', () => {
  it('validates on open at once, then once per typing pause with the latest text, and at once on save', async () => {
    const timer = new ManualTimer()
    const { client, uri, published, settle, next } = await startInProcess(timer)
    client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: strategy },
    })
    expect(await next(1)).toMatchObject({ uri, version: 1, diagnostics: [] })

    // three keystrokes: a broken reference, then two more edits; nothing is validated while typing
    const typed = [
      strategy.replace('next: done', 'next: d'),
      strategy.replace('next: done', 'next: do'),
      strategy.replace('next: done', 'next: dnoe'),
    ]
    for (const [i, text] of typed.entries()) {
      client.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: i + 2 },
        contentChanges: [{ text }],
      })
    }
    await settle()
    expect(published).toHaveLength(1)
    expect(timer.pending).toBe(1)
    timer.advance(150)
    const afterPause = await next(2)
    expect(afterPause.version).toBe(4)
    expect(afterPause.diagnostics.map((d) => d.code)).toContain('RW102') // unknown node reference
    await settle()
    expect(published).toHaveLength(2)

    // a fix, then save before the pause: validated at once, and the pending one is dropped
    client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 5 },
      contentChanges: [{ text: strategy }],
    })
    client.sendNotification('textDocument/didSave', { textDocument: { uri } })
    expect(await next(3)).toMatchObject({ version: 5, diagnostics: [] })
    timer.advance(1000)
    await settle()
    expect(published).toHaveLength(3)
  })
})
