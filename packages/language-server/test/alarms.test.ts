// alarms.yaml in the editor: serve's codes at the line and column of the offending key or value, one read of each
// version (the DSL's positions parse serves findings and requests), and hover and completion from its JSON Schema.
// Driven in process by a real JSON-RPC client.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ALARM_FIGURES } from '@routewright/server/alarms'
import { describe, expect, it } from 'vitest'
import type { ParseKind } from '../src/index.ts'
import { inProcessServers } from './in-process-server.ts'
import type { LspDiagnostic } from './lsp-client.ts'

const startInProcess = inProcessServers('rw-lsp-alarms-')

const DIRECTORY = `directory: env
format: 1
groups:
  support: { title: Support desk }
queues:
  sales: { groups: [support] }
agents:
  ann: { groups: [support], capacity: { voice: 1 } }
`
const ALARMS = `alarms: center
format: 1
rules:
  sl:
    figure: service-level
    queue: group:support
    below: 0.8
    for: 1m
`

async function start() {
  const parses: Array<[string, ParseKind]> = []
  const { lsp, root } = await startInProcess({
    validationDelayMs: 0,
    onParse: (file, kind) => parses.push([path.basename(file), kind]),
  })
  const uriOf = (name: string) => pathToFileURL(path.join(root, name)).href
  const alarms = uriOf('alarms.yaml')
  return {
    lsp,
    parses,
    alarms,
    open: (name: string, text: string) => lsp.open(uriOf(name), text),
    change: (name: string, version: number, text: string) => lsp.change(uriOf(name), version, text),
    request: (method: string, text: string, needle: string, shift = 0) =>
      lsp.requestAt(method, alarms, { text, needle, shift }),
  }
}

/** As `routewright validate` prints a finding: 1-based line:col, code, message. */
const printed = (diagnostics: LspDiagnostic[]) =>
  diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`)

/** The diagnostics of alarms.yaml once published (after the directory beside it). */
async function findingsOf(text: string) {
  const { lsp, open, alarms } = await start()
  open('env.directory.yaml', DIRECTORY)
  open('alarms.yaml', text)
  await lsp.next(2)
  return printed(lsp.diagnostics.get(alarms) ?? [])
}

describe('alarms.yaml in the language server', () => {
  it('publishes nothing for a file serve accepts', async () => {
    expect(await findingsOf(ALARMS)).toEqual([])
  })

  // each finding at the line:col of the offending key or value, with the code serve refuses the file with
  it.each([
    [
      '[RW481] an unknown key, at the key',
      ['    for: 1m', '    windw: 5m'],
      '8:5 RW481 Unknown field "windw" in rule "sl". Did you mean "window"?',
    ],
    [
      '[RW481] a value of the wrong type, at the value',
      ['below: 0.8', 'below: "80 percent"'],
      '7:12 RW481 "below" should be a number, not the text "80 percent".',
    ],
    [
      '[RW482] a group the directory does not have, at the rule queue',
      ['group:support', 'group:suport'],
      '6:12 RW482 The directory has no group "suport". Did you mean "support"?',
    ],
    [
      // an unclosed "[" is noticed on the next line: the finding points back at the "[" to close
      '[RW480] a YAML syntax error, at the bracket left open',
      ['    below: 0.8', '    below: [0.8'],
      '7:12 RW480 YAML syntax error: this "[" is not closed before line 8. Add the "]" that ends it.',
    ],
  ])('reports %s', async (_, [from, to], finding) => {
    expect(await findingsOf(ALARMS.replace(from!, to!))).toEqual([finding])
  })

  it('[RW483] warns of a rule on a queue no strategy routes to, as serve logs it', async () => {
    const { lsp, open, change, alarms } = await start()
    const desk =
      'strategy: desk\nformat: 1\nstart: pick\nnodes:\n  pick: { type: target, targets: [{ group: support }], next: { timeout: done } }\n  done: { type: end, outcome: default-route }\n'
    open('env.directory.yaml', DIRECTORY)
    open('desk.strategy.yaml', desk)
    open('alarms.yaml', ALARMS.replace('group:support', 'queue:sales'))
    expect(printed(await lsp.waitFor(alarms, (d) => d.length > 0))).toEqual([
      '6:12 RW483 Alarm "sl" watches queue:sales, which no strategy routes to: it can never fire. Strategies route to group:support.',
    ])
    // the strategy now routes to the queue: the warning goes with the edit, no save or reopen
    change('desk.strategy.yaml', 2, desk.replace('{ group: support }', '{ queue: sales }'))
    expect(await lsp.waitFor(alarms, (d) => d.length === 0)).toEqual([])
  })

  it('reads each version once: requests and a directory change parse no alarms text again', async () => {
    const { lsp, open, change, request, parses, alarms } = await start()
    open('env.directory.yaml', DIRECTORY)
    const text = ALARMS.replace('group:support', 'queue:sale')
    open('alarms.yaml', text)
    await lsp.next(2)
    await request('textDocument/hover', text, 'figure', 2)
    await request('textDocument/hover', text, 'service-level', 2)
    await request('textDocument/completion', text, 'queue: ', 7)
    expect(printed(lsp.diagnostics.get(alarms) ?? [])).toEqual([
      '6:12 RW482 The directory has no queue "sale". Did you mean "sales"?',
    ])
    change('env.directory.yaml', 2, DIRECTORY.replace('sales:', 'sale:'))
    await lsp.waitFor(alarms, (d) => d.length === 0)
    // the queue check ran again on the kept document: the only new parse is the directory's
    expect(parses).toEqual([
      ['env.directory.yaml', 'document'],
      ['alarms.yaml', 'document'],
      ['env.directory.yaml', 'document'],
    ])
  })

  it('hovers a key and a choice with their JSON Schema description', async () => {
    const { lsp, open, request } = await start()
    open('alarms.yaml', ALARMS)
    await lsp.next(1)
    const hoverText = async (needle: string, shift: number) =>
      ((await request('textDocument/hover', ALARMS, needle, shift)) as { contents: { value: string } } | null)
        ?.contents.value
    expect(await hoverText('for:', 1)).toBe(
      '**for**\n\nHow long the threshold must be crossed before the alarm is raised; default 0 (next evaluation).',
    )
    expect(await hoverText('service-level', 3)).toMatch(
      /^\*\*figure\*\*: `service-level`\n\nWhat is measured: /,
    )
    expect(await hoverText('0.8', 1)).toBeUndefined()
  })

  it('completes the choices of a key, the queues of the directory, and the fields of a rule', async () => {
    const { lsp, open, request } = await start()
    open('env.directory.yaml', DIRECTORY)
    const text = `${ALARMS}  late:\n    figure: \n    queue: \n    ab`
    open('alarms.yaml', text)
    await lsp.next(2)
    const labels = async (needle: string, shift: number) =>
      ((await request('textDocument/completion', text, needle, shift)) as Array<{ label: string }>).map(
        (item) => item.label,
      )
    expect(await labels('figure: \n', 8)).toEqual([...ALARM_FIGURES])
    expect(await labels('queue: \n', 7)).toEqual(['*', 'group:support', 'queue:sales'])
    expect(await labels('    ab', 6)).toContain('above')
    expect(await labels('    ab', 6)).not.toContain('rules')
  })
})
