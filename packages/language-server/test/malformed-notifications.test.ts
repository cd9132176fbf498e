// Document notifications from a hostile or broken client: a didOpen without a uri, or with a text that is not a
// string, is skipped with a warning; the documents opened after it still get their diagnostics and answers.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import { inProcessServers } from './in-process-server.ts'
import { HELP_STRATEGY } from './lsp-client.ts'

const start = inProcessServers('rw-lsp-malformed-')

describe('language server malformed document notifications', () => {
  it('skips a didOpen without a uri; a broken file opened afterwards still gets its diagnostic', async () => {
    const { lsp, root } = await start()
    void lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { text: 'a' } })
    const uri = pathToFileURL(path.join(root, 'broken.strategy.yaml')).href
    lsp.open(uri, HELP_STRATEGY.replace('outcome: default-route', 'outcome: [default-route'))
    const found = await lsp.waitFor(uri, (diagnostics) => diagnostics.length > 0)
    expect(found.map((d) => d.code)).toContain('RW001')
    await vi.waitFor(() =>
      expect(lsp.logs).toContainEqual({
        type: 2,
        message: 'textDocument/didOpen skipped: params.textDocument.uri is not a string',
      }),
    )
  })

  it('skips a didOpen whose text is null: requests on that uri answer as for a document not open', async () => {
    const { lsp, root } = await start()
    const uri = pathToFileURL(path.join(root, 'help.strategy.yaml')).href
    void lsp.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: null },
    })
    const answer = await lsp.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 0 },
    })
    expect(answer).toBeNull()
    // the editor opens it properly next: it is validated and answered as usual
    lsp.open(uri, HELP_STRATEGY)
    await lsp.waitFor(uri, () => true)
    const hover = await lsp.requestAt('textDocument/hover', uri, {
      text: HELP_STRATEGY,
      needle: 'type: wait',
      shift: 7,
    })
    expect((hover as { contents: { value: string } }).contents.value).toMatch(/^\*\*Wait\*\*/)
  })
})
