// A strategy of thousands of nodes gets bounded answers over LSP: a capped outline that says what it left out,
// completion marked incomplete and narrowed to what is typed, and capped references and highlights (audit13).
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  MAX_COMPLETION_ITEMS,
  MAX_HIGHLIGHTS,
  MAX_OUTLINE_ENTRIES,
  MAX_REFERENCES,
} from '../src/answer-caps.ts'
import { inProcessServers } from './in-process-server.ts'

const startInProcess = inProcessServers('rw-lsp-caps-')

const NODES = MAX_OUTLINE_ENTRIES + 500

/** `NODES` waits each going to `done`, so `done` is written once per node (its uses) and once as a key. */
function hugeStrategy(): string {
  const lines = ['strategy: huge', 'format: 1', 'start: n0', 'nodes:']
  for (let i = 0; i < NODES; i++) lines.push(`  n${i}: { type: wait, for: 1s, next: done }`)
  lines.push('  done: { type: end, outcome: default-route }', '')
  return lines.join('\n')
}

interface Symbol {
  name: string
  detail?: string
  children?: Symbol[]
}

const countSymbols = (symbols: readonly Symbol[]): number =>
  symbols.reduce((n, s) => n + 1 + countSymbols(s.children ?? []), 0)

/** A server with the huge strategy open, and a request at a line and character of it. */
async function openHuge() {
  const { lsp, root } = await startInProcess({ validationDelayMs: 0 })
  const uri = pathToFileURL(path.join(root, 'huge.strategy.yaml')).href
  const text = hugeStrategy()
  lsp.open(uri, text)
  const lines = text.split('\n')
  const request = (method: string, line: number, character: number, extra = {}) =>
    lsp.connection.sendRequest(method, {
      textDocument: { uri },
      position: { line, character },
      ...extra,
    }) as Promise<unknown>
  // the `done:` key's line; the last wait's line is just above it
  return { lsp, uri, lines, request, last: lines.length - 2 }
}

interface CompletionList {
  isIncomplete: boolean
  items: { label: string }[]
}

describe('answers on a huge strategy', () => {
  it('caps the outline and says in one entry how many entries it left out and why', async () => {
    const { lsp, uri } = await openHuge()
    const symbols = (await lsp.connection.sendRequest('textDocument/documentSymbol', {
      textDocument: { uri },
    })) as Symbol[]
    // the nodes section and its first entries, then one entry for the rest
    expect(countSymbols(symbols)).toBe(MAX_OUTLINE_ENTRIES + 1)
    const children = symbols[0]!.children!
    expect(children.at(-2)!.name).toBe(`n${MAX_OUTLINE_ENTRIES - 2}`)
    expect(children.at(-1)).toMatchObject({
      name: `… ${(NODES + 1 - (MAX_OUTLINE_ENTRIES - 1)).toLocaleString('en')} more entries left out`,
      detail: `the outline shows the first ${MAX_OUTLINE_ENTRIES.toLocaleString('en')} entries of a document this large`,
    })
  })

  it('caps completion, marks it incomplete, and narrows it to the word typed', async () => {
    const { lsp, uri, lines, request, last } = await openHuge()
    // after `next: ` on the last wait: every node id is a candidate
    const all = (await request(
      'textDocument/completion',
      last - 1,
      lines[last - 1]!.indexOf('done'),
    )) as CompletionList
    expect(all.isIncomplete).toBe(true)
    expect(all.items).toHaveLength(MAX_COMPLETION_ITEMS)
    // `n12` typed: its 111 matches (n12, n120-n129, n1200-n1299) come first, far past the first thousand ids
    const typed = lines[last - 1]!.replace('next: done', 'next: n12')
    lsp.change(uri, 2, [...lines.slice(0, last - 1), typed, ...lines.slice(last)].join('\n'))
    const narrowed = (await request(
      'textDocument/completion',
      last - 1,
      typed.indexOf('n12') + 3,
    )) as CompletionList
    expect(narrowed.isIncomplete).toBe(true)
    expect(narrowed.items.slice(0, 111).map((item) => item.label)).toContain('n1299')
    expect(narrowed.items.slice(0, 111).every((item) => item.label.startsWith('n12'))).toBe(true)
  })

  it('caps references and highlights of a node used by every other node', async () => {
    const { request, last } = await openHuge()
    const context = { context: { includeDeclaration: true } }
    expect(await request('textDocument/references', last, 2, context)).toHaveLength(MAX_REFERENCES)
    expect(await request('textDocument/documentHighlight', last, 2)).toHaveLength(MAX_HIGHLIGHTS)
  })
})
