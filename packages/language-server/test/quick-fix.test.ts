// A misspelt name's quick fix over LSP as an editor drives it: the published finding carries the name meant, the
// code action request for it answers one edit writing that name where the finding points, and nothing once the
// text there has changed or for a finding the editor made up.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { inProcessServers } from './in-process-server.ts'
import type { LspDiagnostic } from './lsp-client.ts'

const startInProcess = inProcessServers('rw-lsp-fix-')

const BOM = '\uFEFF'
const STRATEGY = `strategy: help
format: 1
start: ask
nodes:
  ask:
    type: switch
    cases: [{ when: 'true', next: "dnoe" }]
    default: done
  done: { type: end, outcome: default-route }
`

interface Action {
  title: string
  kind: string
  isPreferred: boolean
  edit: {
    changes: Record<
      string,
      Array<{
        range: { start: { line: number; character: number }; end: { line: number; character: number } }
        newText: string
      }>
    >
  }
}

/** `text` with the LSP edits written in (one line each here). */
function applyEdits(text: string, edits: Action['edit']['changes'][string]): string {
  const lines = text.split('\n')
  for (const { range, newText } of edits) {
    const line = lines[range.start.line] ?? ''
    lines[range.start.line] = line.slice(0, range.start.character) + newText + line.slice(range.end.character)
  }
  return lines.join('\n')
}

describe('quick fixes', () => {
  it.each([
    ['a plain file', ''],
    ['a file with a byte order mark', BOM],
  ])('writes the node meant in %s, and the finding goes', async (_, mark) => {
    const { lsp, root } = await startInProcess({ validationDelayMs: 0 })
    expect(lsp.initialized).toMatchObject({
      capabilities: { codeActionProvider: { codeActionKinds: ['quickfix'] } },
    })
    const uri = pathToFileURL(path.join(root, 'help.strategy.yaml')).href
    const text = `${mark}${STRATEGY}`
    lsp.open(uri, text)
    const [finding] = (await lsp.waitFor(uri, (d) => d.length > 0)).filter((d) => d.code === 'RW102')
    expect(finding?.message).toContain('Did you mean "done"?')
    const ask = (
      diagnostics: Array<LspDiagnostic & { source?: string; data?: unknown }>,
      at = finding!.range,
    ) =>
      lsp.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: at,
        context: { diagnostics },
      }) as Promise<Action[]>
    const actions = await ask([finding!])
    expect(actions.map((a) => [a.title, a.kind, a.isPreferred])).toEqual([
      ['Change "dnoe" to "done"', 'quickfix', true],
    ])
    const edits = actions[0]!.edit.changes[uri]!
    expect(edits).toEqual([
      {
        range: { start: { line: 6, character: 35 }, end: { line: 6, character: 39 } },
        newText: 'done',
      },
    ])
    const fixed = applyEdits(text, edits)
    expect(fixed).toBe(`${mark}${STRATEGY.replace('"dnoe"', '"done"')}`)
    lsp.change(uri, 2, fixed)
    expect(await lsp.waitFor(uri, (d) => !d.some((x) => x.code === 'RW102'))).toEqual([])
    // the text there no longer has the name, or the finding was not the server's: nothing is offered
    expect(await ask([finding!])).toEqual([])
    expect(await ask([{ ...finding!, source: 'another-linter' }])).toEqual([])
    expect(
      await ask([{ ...finding!, data: { fix: { written: 42, meant: 'done' } } } as LspDiagnostic]),
    ).toEqual([])
  })
})
