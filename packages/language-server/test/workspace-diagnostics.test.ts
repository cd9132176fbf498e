// Diagnostics across open files: a change recomputes and publishes the changed file and the files that read it (a
// strategy calling it), no other; and an editor's byte order mark does not shift line-1 columns. Driven in process
// by a real JSON-RPC client.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { SUPPORT_DIRECTORY, supportStrategy } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { inProcessServers } from './in-process-server.ts'
import { HELP_STRATEGY } from './lsp-client.ts'

const startInProcess = inProcessServers('rw-lsp-deps-')

async function start() {
  // validates each change at once (no quiet time to wait for)
  const { lsp, root } = await startInProcess({ validationDelayMs: 0 })
  const uriOf = (name: string) => pathToFileURL(path.join(root, name)).href
  return {
    lsp,
    uriOf,
    // the server validates a change as it reads it and answers requests in order: once a request is answered,
    // every publish of the changes sent before it has arrived
    settled: () =>
      lsp.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: uriOf('none.strategy.yaml') },
        position: { line: 0, character: 0 },
      }),
    open: (name: string, text: string) => lsp.open(uriOf(name), text),
    change: (name: string, version: number, text: string) => lsp.change(uriOf(name), version, text),
  }
}

/** `main` hands the call to strategy `help` (a subroutine); `other` reads nothing of the others. */
const MAIN = `strategy: main
format: 1
start: ask
nodes:
  ask:
    type: subroutine
    call: help
    next: { done: finish, error: finish }
  finish: { type: end, outcome: default-route }
`
const OTHER = HELP_STRATEGY.replace('strategy: help', 'strategy: other')

describe('language server diagnostics across files', () => {
  it('publishes a change for the changed file and the files that read it, and only those', async () => {
    const { lsp, uriOf, open, change, settled } = await start()
    open('main.strategy.yaml', MAIN)
    open('help.strategy.yaml', HELP_STRATEGY)
    open('other.strategy.yaml', OTHER)
    await lsp.waitFor(uriOf('other.strategy.yaml'), () => true)
    const names = (from: number) => lsp.published.slice(from).map((p) => path.basename(p.uri))
    expect(lsp.diagnostics.get(uriOf('main.strategy.yaml'))).toEqual([])

    // an edit nobody reads: its own findings only
    let before = lsp.published.length
    change('other.strategy.yaml', 2, OTHER.replace('for: 5s', 'for: 6s'))
    await settled()
    expect(names(before)).toEqual(['other.strategy.yaml'])

    // the strategy main calls changes its id: main's findings change with it
    before = lsp.published.length
    change('help.strategy.yaml', 2, HELP_STRATEGY.replace('strategy: help', 'strategy: helper'))
    await settled()
    const mainNow = lsp.diagnostics.get(uriOf('main.strategy.yaml')) ?? []
    expect(mainNow.map((d) => d.code)).toEqual(['RW301'])
    expect(mainNow[0]?.message).toMatch(
      /calls strategy "help", which no strategy of this workspace declares\./,
    )
    expect(names(before).sort()).toEqual(['help.strategy.yaml', 'main.strategy.yaml'])
  })

  it('recomputes a strategy when the directory its names resolve against changes', async () => {
    const { lsp, uriOf, open, change, settled } = await start()
    const directory = SUPPORT_DIRECTORY
    const strategy = supportStrategy('desk')
    open('env.directory.yaml', directory)
    open('desk.strategy.yaml', strategy)
    expect(await lsp.waitFor(uriOf('desk.strategy.yaml'), () => true)).toEqual([])
    change('env.directory.yaml', 2, directory.replaceAll('support', 'sales'))
    await settled()
    const found = lsp.diagnostics.get(uriOf('desk.strategy.yaml')) ?? []
    expect(found.map((d) => d.message).join('\n')).toMatch(/"support"/)
  })
})

describe('language server with a byte order mark in the editor text', () => {
  const BOM = '\ufeff'

  it('[RW101] puts line-1 diagnostics where the editor shows the text', async () => {
    const { lsp, uriOf, open } = await start()
    open('help.strategy.yaml', `${BOM}start: nowhere\n${HELP_STRATEGY.replace('start: queue\n', '')}`)
    const found = await lsp.waitFor(uriOf('help.strategy.yaml'), (d) => d.length > 0)
    const onLine1 = found.filter((d) => d.range.start.line === 0)
    expect(onLine1.map((d) => [d.code, d.range.start.character, d.range.end.character])).toEqual([
      // the editor counts the mark as character 0: "nowhere" spans 8..15
      ['RW101', 8, 15],
    ])
  })

  it('answers hover and rename at line-1 columns as the editor counts them', async () => {
    const { lsp, uriOf, open } = await start()
    const text = `${BOM}start: queue\n${HELP_STRATEGY.replace('start: queue\n', '')}`
    open('help.strategy.yaml', text)
    await lsp.waitFor(uriOf('help.strategy.yaml'), () => true)
    const textDocument = { uri: uriOf('help.strategy.yaml') }
    // the last character of "queue" (character 12 after the mark) is on the id
    const hover = await lsp.connection.sendRequest('textDocument/hover', {
      textDocument,
      position: { line: 0, character: 12 },
    })
    expect(JSON.stringify(hover)).toContain('`queue`')
    const target = await lsp.connection.sendRequest('textDocument/prepareRename', {
      textDocument,
      position: { line: 0, character: 8 },
    })
    expect(target).toEqual({
      range: { start: { line: 0, character: 8 }, end: { line: 0, character: 13 } },
      placeholder: 'queue',
    })
    const edit = (await lsp.connection.sendRequest('textDocument/rename', {
      textDocument,
      position: { line: 0, character: 8 },
      newName: 'line',
    })) as { changes: Record<string, Array<{ range: { start: { line: number; character: number } } }>> }
    const starts = Object.values(edit.changes)[0]!.map(
      (e) => `${e.range.start.line}:${e.range.start.character}`,
    )
    expect(starts.sort()).toEqual(['0:8', '4:2'])
  })

  it('keeps the mark when it formats the whole document', async () => {
    const { lsp, uriOf, open } = await start()
    open('help.strategy.yaml', `${BOM}${HELP_STRATEGY.replace('for: 5s', 'for:    5s')}`)
    await lsp.waitFor(uriOf('help.strategy.yaml'), () => true)
    const edits = (await lsp.connection.sendRequest('textDocument/formatting', {
      textDocument: { uri: uriOf('help.strategy.yaml') },
      options: { tabSize: 2, insertSpaces: true },
    })) as Array<{ newText: string }>
    expect(edits).toHaveLength(1)
    expect(edits[0]!.newText.startsWith(`${BOM}strategy: help\n`)).toBe(true)
    expect(edits[0]!.newText).toContain('for: 5s')
  })

  it('keeps CRLF line ends and the mark when it formats a Windows file', async () => {
    const { lsp, uriOf, open } = await start()
    const untidy = HELP_STRATEGY.replace('for: 5s', 'for:    5s').replace(/\n/g, '\r\n')
    open('help.strategy.yaml', `${BOM}${untidy}`)
    await lsp.waitFor(uriOf('help.strategy.yaml'), () => true)
    const edits = (await lsp.connection.sendRequest('textDocument/formatting', {
      textDocument: { uri: uriOf('help.strategy.yaml') },
      options: { tabSize: 2, insertSpaces: true },
    })) as Array<{ newText: string }>
    expect(edits).toHaveLength(1)
    const text = edits[0]!.newText
    expect(text.startsWith(`${BOM}strategy: help\r\n`)).toBe(true)
    expect(text.replace(/\r\n/g, '')).not.toContain('\n')
  })
})
