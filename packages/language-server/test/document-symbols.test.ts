// The outline over LSP as an editor asks it (textDocument/documentSymbol): sections and their entries with LSP
// ranges, from the text as typed; nothing while the text does not parse.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { inProcessServers } from './in-process-server.ts'

const startInProcess = inProcessServers('rw-lsp-symbols-')

const STRATEGY = `strategy: help
format: 1
start: ask
nodes:
  ask:
    type: switch
    title: Known caller?
    cases: [{ when: 'data.account != ""', next: done }]
    default: done
  done: { type: end, outcome: default-route }
inputs:
  account: { type: string }
`

interface Symbol {
  name: string
  detail?: string
  kind: number
  range: { start: { line: number; character: number }; end: { line: number; character: number } }
  selectionRange: { start: { line: number; character: number } }
  children?: Symbol[]
}

/** Each symbol as `name (detail) kind line:char selection line:char`, children indented (LSP lines are 0-based). */
function show(symbols: readonly Symbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''} ${s.kind} ${s.range.start.line}:${s.range.start.character}-${s.range.end.line}:${s.range.end.character} at ${s.selectionRange.start.line}:${s.selectionRange.start.character}`,
    ...show(s.children ?? [], depth + 1),
  ])
}

describe('document symbols', () => {
  it('outlines the strategy as typed, in the file’s order, and nothing while it does not parse', async () => {
    const { lsp, root } = await startInProcess({ validationDelayMs: 0 })
    expect(lsp.initialized).toMatchObject({
      capabilities: { documentSymbolProvider: { label: 'Routewright' } },
    })
    const uri = pathToFileURL(path.join(root, 'help.strategy.yaml')).href
    const symbols = () =>
      lsp.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }) as Promise<
        Symbol[]
      >
    lsp.open(uri, STRATEGY)
    // Namespace 3, Function 12, Field 8
    expect(show(await symbols())).toEqual([
      'nodes 3 3:0-9:45 at 3:0',
      '  ask (switch · Known caller?) 12 4:2-8:17 at 4:2',
      '  done (end) 12 9:2-9:45 at 9:2',
      'inputs 3 10:0-11:27 at 10:0',
      '  account (string) 8 11:2-11:27 at 11:2',
    ])
    lsp.change(uri, 2, STRATEGY.replace('  done: {', '  done: {{'))
    expect(await symbols()).toEqual([])
    lsp.change(uri, 3, STRATEGY.replace('ask', 'greet').replace('ask:', 'greet:'))
    expect(show(await symbols())[1]).toBe('  greet (switch · Known caller?) 12 4:2-8:17 at 4:2')
  })
})
