// A strategy over the DSL's node limit (RW013) open in the editor: one read of each version gives the refusal on
// the `nodes:` key, and nothing after it works per node: no validation, no formatter parse, no outline.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type * as Dsl from '@routewright/strategy-dsl'
import { describe, expect, it, vi } from 'vitest'
import type { ParseKind } from '../src/index.ts'
import { inProcessServers } from './in-process-server.ts'

// the DSL's per-node passes behind diagnostics and formatting, counted
const calls = vi.hoisted(() => ({ validate: 0, format: 0 }))
vi.mock('@routewright/strategy-dsl', async (importOriginal) => {
  const dsl = await importOriginal<typeof Dsl>()
  return {
    ...dsl,
    validateStrategy: (...args: Parameters<typeof dsl.validateStrategy>) => {
      calls.validate++
      return dsl.validateStrategy(...args)
    },
    formatStrategyText: (text: string) => {
      calls.format++
      return dsl.formatStrategyText(text)
    },
  }
})

const startInProcess = inProcessServers('rw-lsp-node-limit-')

/** `count` waits in a chain to one end node, written as a formatter would not (so formatting has work). */
function chain(count: number): string {
  const lines = ['strategy: big', 'format: 1', 'start: n0', 'nodes:']
  for (let i = 0; i < count - 1; i++) lines.push(`  n${i}: {type: wait, for: 1s, next: n${i + 1}}`)
  lines.push(`  n${count - 1}: {type: end, outcome: default-route}`, '')
  return lines.join('\n')
}

describe('a strategy over the node limit in the editor', () => {
  it('[RW013] answers a 50,000-node document from its one read: no validation, formatting or outline work', async () => {
    const parses: Array<[string, ParseKind]> = []
    const { lsp, root } = await startInProcess({
      validationDelayMs: 0,
      onParse: (file, kind) => parses.push([path.basename(file), kind]),
    })
    const uri = pathToFileURL(path.join(root, 'big.strategy.yaml')).href
    const text = chain(50_000)
    calls.validate = 0
    calls.format = 0
    lsp.open(uri, text)
    const { diagnostics } = await lsp.next(1)
    expect(diagnostics).toMatchObject([
      {
        code: 'RW013',
        message: expect.stringMatching(
          /^The strategy has 50,000 nodes, over the limit of 10,000\. Split the strategy into subroutines/,
        ),
        range: { start: { line: 3, character: 0 }, end: { line: 3, character: 5 } },
      },
    ])
    const document = { textDocument: { uri } }
    const formatting = { ...document, options: { tabSize: 2, insertSpaces: true } }
    expect(await lsp.connection.sendRequest('textDocument/formatting', formatting)).toEqual([])
    expect(await lsp.connection.sendRequest('textDocument/documentSymbol', document)).toEqual([])
    const references = await lsp.requestAt(
      'textDocument/references',
      uri,
      { text, needle: 'n1:' },
      { context: { includeDeclaration: true } },
    )
    expect((references as unknown[] | null)?.length ?? 0).toBeLessThanOrEqual(1)
    expect(calls).toEqual({ validate: 0, format: 0 })
    expect(parses).toEqual([['big.strategy.yaml', 'document']])
  })
})
