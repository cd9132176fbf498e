// Open documents over LSP: requests reuse the DSL's parse of the open version (one parse per version serves
// validation and requests; a new version answered on its own text), a syntax slip reported once per mistake, a
// rename to the same name that edits nothing. Driven in process by a real JSON-RPC client.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { ParseKind } from '../src/index.ts'
import { inProcessServers } from './in-process-server.ts'
import { HELP_STRATEGY } from './lsp-client.ts'

const strategy = HELP_STRATEGY

const startInProcess = inProcessServers('rw-lsp-cache-')

async function start() {
  const parses: Array<[string, ParseKind]> = []
  const { lsp, root } = await startInProcess({
    onParse: (file, kind) => parses.push([path.basename(file), kind]),
  })
  const uri = pathToFileURL(path.join(root, 'help.strategy.yaml')).href
  return {
    lsp,
    uri,
    parses,
    open: (text: string) => lsp.open(uri, text),
    change: (version: number, text: string) => lsp.change(uri, version, text),
    request: (method: string, text: string, needle: string, shift = 0, extra: object = {}) =>
      lsp.requestAt(method, uri, { text, needle, shift }, extra),
  }
}

const hoverText = (answer: unknown) => (answer as { contents: { value: string } } | null)?.contents.value

describe('language server document cache', () => {
  it('parses each version of an open document once, whatever the number of requests', async () => {
    const { open, change, request, parses, lsp } = await start()
    open(strategy)
    await lsp.next(1)
    for (let i = 0; i < 3; i++) await request('textDocument/hover', strategy, 'next: done', 7)
    await request('textDocument/definition', strategy, 'next: done', 7)
    await request('textDocument/completion', strategy, 'next: done', 7)
    await request('textDocument/prepareRename', strategy, 'next: done', 7)
    // the DSL's parse, which validation needed anyway, answers the requests: no second (lenient) parse
    expect(parses).toEqual([['help.strategy.yaml', 'document']])
    const edited = strategy.replace('outcome: default-route', 'outcome: voicemail')
    change(2, edited)
    for (let i = 0; i < 2; i++) await request('textDocument/hover', edited, 'next: done', 7)
    expect(parses).toEqual([
      ['help.strategy.yaml', 'document'],
      ['help.strategy.yaml', 'document'],
    ])
  })

  it('locates the cursor in a strategy that does not parse yet from the same parse', async () => {
    const { open, request, parses, lsp } = await start()
    // an unclosed "[" is a YAML error: the DSL's tree of the broken text still places the cursor
    const broken = strategy.replace('outcome: default-route', 'outcome: [default-route')
    open(broken)
    await lsp.next(1)
    expect(hoverText(await request('textDocument/hover', broken, 'type: wait', 7))).toMatch(/^\*\*Wait\*\*/)
    expect(parses).toEqual([['help.strategy.yaml', 'document']])
  })

  it('[RW004] parses a text nested too deep no second time: a hover there answers nothing', async () => {
    const { open, request, parses, lsp } = await start()
    // yaml's own parse of this nesting grows to seconds as it deepens (29 s at a million levels)
    const deep = `${strategy}extra: ${'['.repeat(5000)}${']'.repeat(5000)}\n`
    open(deep)
    expect((await lsp.next(1)).diagnostics.map((d) => d.code)).toEqual(['RW004'])
    expect(await request('textDocument/hover', deep, '[[[', 1)).toBeNull()
    expect(await request('textDocument/hover', deep, 'type: wait', 7)).toBeNull()
    expect(parses).toEqual([['help.strategy.yaml', 'document']])
  })

  it('answers a request after a change on the new text, not on the cached one', async () => {
    const { open, change, request, lsp } = await start()
    open(strategy)
    await lsp.next(1)
    expect(hoverText(await request('textDocument/hover', strategy, 'next: done', 7))).toMatch(
      /^\*\*node\*\* `done`/,
    )
    // a node above moves every offset: a tree kept from version 1 would put the cursor elsewhere
    const edited = strategy.replace(
      'nodes:\n',
      'nodes:\n  greet:\n    type: wait\n    title: Greeting\n    for: 1s\n    next: queue\n',
    )
    change(2, edited)
    expect(hoverText(await request('textDocument/hover', edited, 'next: done', 7))).toMatch(
      /^\*\*node\*\* `done`/,
    )
    expect(hoverText(await request('textDocument/hover', edited, 'greet:', 1))).toMatch(/`greet`: Greeting/)
  })

  it('renames a node to its own name with no edits', async () => {
    const { open, request, lsp } = await start()
    open(strategy)
    await lsp.next(1)
    expect(await request('textDocument/rename', strategy, 'done:', 1, { newName: 'done' })).toEqual({
      changes: {},
    })
    const renamed = await request('textDocument/rename', strategy, 'done:', 1, { newName: 'finish' })
    expect(Object.values((renamed as { changes: Record<string, unknown[]> }).changes)[0]).toHaveLength(2)
  })

  it('[RW001] reports a stray "[" once per place, not twice per broken key', async () => {
    const { open, lsp, uri } = await start()
    open(strategy.replace('nodes:\n', 'nodes: [\n'))
    const diagnostics = await lsp.waitFor(uri, (found) => found.length > 0)
    const starts = diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}`)
    expect(new Set(starts).size).toBe(starts.length)
    expect(
      diagnostics.map((d) => `${d.code} ${starts[diagnostics.indexOf(d)]} ${d.message}`),
    ).toMatchInlineSnapshot(`
      [
        "RW001 5:10 YAML syntax error: Implicit keys need to be on a single line. A key must fit on one line; quote a value that contains ": " or starts a new line.",
        "RW001 6:9 YAML syntax error: Implicit keys need to be on a single line. A key must fit on one line; quote a value that contains ": " or starts a new line.",
        "RW001 7:10 YAML syntax error: Implicit keys need to be on a single line. A key must fit on one line; quote a value that contains ": " or starts a new line.",
        "RW001 9:10 YAML syntax error: Implicit keys need to be on a single line. A key must fit on one line; quote a value that contains ": " or starts a new line.",
        "RW001 5:4 YAML syntax error: Block collections are not allowed within flow collections.",
        "RW001 3:7 YAML syntax error: this "[" is not closed before line 12. Add the "]" that ends it.",
      ]
    `)
  })
})
