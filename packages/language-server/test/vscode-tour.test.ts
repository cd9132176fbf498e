// What a routing designer meets in VS Code, driven over the JSON-RPC connection as VS Code drives the server: go to
// definition from a subroutine's `call` to the called strategy, two workspace folders.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { inProcessServers } from './in-process-server.ts'
import { HELP_STRATEGY, type LspClient, positionOf } from './lsp-client.ts'

/** The client capabilities of VS Code that change what the server does: file watchers, workspace folders. */
const VSCODE_CAPABILITIES = {
  workspace: {
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceFolders: true,
    configuration: true,
  },
  textDocument: { synchronization: { didSave: true }, rename: { prepareSupport: true } },
}

const servers = inProcessServers('rw-tour-')
/** A temp folder holding `files` (relative paths). */
const folderWith = servers.folder

/** A server initialized as VS Code initializes it on `workspace` (its first folder is the root). */
function vscode(workspace: string[]): Promise<LspClient> {
  return servers.connect({ root: workspace[0]!, folders: workspace, capabilities: VSCODE_CAPABILITIES })
}

const uriOf = (root: string, file: string) => pathToFileURL(path.join(root, file)).href

const FRONT = `strategy: front
format: 1
start: ask
nodes:
  ask:
    type: subroutine
    call: help
    next: { done: handover }
  handover: { type: route, strategy: help }
`

describe('go to definition', () => {
  it.each([
    ['a subroutine call', 'call: help', 7],
    ['a route to another strategy', 'strategy: help', 11],
  ])('from %s goes to the called strategy', async (_, needle, shift) => {
    const root = folderWith({ 'help.strategy.yaml': HELP_STRATEGY, 'front.strategy.yaml': FRONT })
    const lsp = await vscode([root])
    const uri = uriOf(root, 'front.strategy.yaml')
    lsp.open(uri, FRONT)
    await lsp.waitFor(uri, () => true)
    const found = await lsp.requestAt('textDocument/definition', uri, { text: FRONT, needle, shift })
    expect(found).toEqual({
      uri: uriOf(root, 'help.strategy.yaml'),
      range: { start: positionOf(HELP_STRATEGY, 'help'), end: positionOf(HELP_STRATEGY, 'help', 4) },
    })
  })
})

it("completes a subroutine's half-typed `call` with the workspace's strategies", async () => {
  const root = folderWith({ 'help.strategy.yaml': HELP_STRATEGY })
  const lsp = await vscode([root])
  const uri = uriOf(root, 'front.strategy.yaml')
  const text = FRONT.replace('call: help', 'call: he')
  lsp.open(uri, text)
  const items = (await lsp.requestAt('textDocument/completion', uri, {
    text,
    needle: 'call: he',
    shift: 8,
  })) as Array<{ label: string }> | undefined
  expect(items?.map((item) => item.label)).toEqual(['help'])
})

describe('a multi-root workspace', () => {
  const support = 'directory: support\nformat: 1\ngroups:\n  support: { title: Support }\n'
  const sales = 'directory: sales\nformat: 1\ngroups:\n  sales: { title: Sales }\n'
  const front = `strategy: front
format: 1
start: pick
nodes:
  pick:
    type: target
    targets: [{ group: sale }]
    next: { timeout: done, error: done }
  done: { type: end, outcome: default-route }
`
  const SALE =
    'The directory has no group "sale". Did you mean "sales"? Add it to the directory or fix the name.'
  /** Folder one: a directory with no group `sales`; folder two: its own directory, a strategy in a subfolder. */
  const twoFolders = () => [
    folderWith({ 'support.directory.yaml': support, 'help.strategy.yaml': HELP_STRATEGY }),
    folderWith({ 'sales.directory.yaml': sales, 'flows/front.strategy.yaml': front }),
  ]

  it("checks a strategy of the second folder against that folder's directory, not the first one's", async () => {
    const [one, two] = twoFolders()
    const lsp = await vscode([one!, two!])
    const uri = uriOf(two!, 'flows/front.strategy.yaml')
    lsp.open(uri, front)
    const [found] = await lsp.waitFor(uri, () => true)
    expect(found?.message).toBe(SALE)
  })

  it("forgets a removed folder's closed files: its strategies are no longer offered to call", async () => {
    const [one, two] = twoFolders()
    const lsp = await vscode([one!, two!])
    const uri = uriOf(one!, 'caller.strategy.yaml')
    const text = FRONT.replace('front', 'caller').replace('call: help', 'call: ')
    lsp.open(uri, text)
    const callable = async () =>
      (
        (await lsp.requestAt('textDocument/completion', uri, { text, needle: 'call: ', shift: 6 })) as Array<{
          label: string
        }>
      ).map((item) => item.label)
    expect((await callable()).sort()).toEqual(['front', 'help'])
    await lsp.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [], removed: [{ uri: pathToFileURL(two!).href, name: 'two' }] },
    })
    expect(await callable()).toEqual(['help'])
  })

  it('reads a folder added to the workspace (didChangeWorkspaceFolders)', async () => {
    const [one, two] = twoFolders()
    const lsp = await vscode([one!])
    expect(lsp.initialized).toMatchObject({
      capabilities: { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } },
    })
    await lsp.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: pathToFileURL(two!).href, name: 'two' }], removed: [] },
    })
    const uri = uriOf(two!, 'flows/front.strategy.yaml')
    lsp.open(uri, front)
    // the folder is read after the event: its directory's finding comes once it is
    const [found] = await lsp.waitFor(uri, (diagnostics) => diagnostics.length > 0)
    expect(found?.message).toBe(SALE)
  })
})

describe('completion of a half-typed key', () => {
  // the node typed so far: its `type` is written, the next key is being typed
  const typing = `${HELP_STRATEGY}  extra:\n    type: wait\n    f`

  it("offers the node kind's fields not yet written, not node ids or statistics", async () => {
    const root = folderWith({})
    const lsp = await vscode([root])
    const uri = uriOf(root, 'help.strategy.yaml')
    lsp.open(uri, typing)
    const items = (await lsp.requestAt('textDocument/completion', uri, {
      text: typing,
      needle: '    f',
      shift: 5,
      nth: 1,
    })) as Array<{ label: string; kind: number }>
    expect(items.map((item) => item.label)).toEqual(['title', 'notes', 'for', 'next'])
    expect(items.every((item) => item.kind === 10)).toBe(true)
  })

  /** The labels offered at `needle` (its `nth` occurrence) + `shift` in `text`, opened as `file`. */
  const offered = async (file: string, text: string, needle: string, shift: number, nth = 0) => {
    const root = folderWith({})
    const lsp = await vscode([root])
    const uri = uriOf(root, file)
    lsp.open(uri, text)
    const items = (await lsp.requestAt('textDocument/completion', uri, {
      text,
      needle,
      shift,
      nth,
    })) as Array<{
      label: string
      insertText?: string
      command?: { command: string }
    }>
    return items
  }

  const TARGET = `${HELP_STRATEGY}  pick:\n    type: target\n    targets:\n`
  it.each([
    [
      'a list item after `- `',
      'help.strategy.yaml',
      `${TARGET}      - gr`,
      '- gr',
      4,
      ['agent', 'group', 'queue', 'skill'],
    ],
    [
      "a list item's next line",
      'help.strategy.yaml',
      `${TARGET}      - group: sales\n        sk`,
      '        sk',
      10,
      ['agent', 'queue', 'skill'],
    ],
    [
      'a flow mapping',
      'help.test.yaml',
      'tests: help\nformat: 1\nscenarios:\n  - name: waits\n    expect: { outcome: default-route, de',
      ', de',
      4,
      [
        'agent',
        'target',
        'destination',
        'path',
        'treatments',
        'data',
        'variables',
        'priority',
        'at',
        'values',
      ],
    ],
  ])("offers %s the mapping's own fields", async (_, file, text, needle, shift, fields) => {
    const items = await offered(file, text, needle, shift)
    expect(items.map((item) => item.label)).toEqual(fields)
  })

  it("offers a node with no type `type` first, with the node kinds next, not every kind's fields", async () => {
    const text = `${HELP_STRATEGY}  extra:\n    ti`
    const items = await offered('help.strategy.yaml', text, '    ti', 6)
    expect(items[0]).toMatchObject({
      label: 'type',
      insertText: 'type: ',
      command: { command: 'editor.action.triggerSuggest' },
    })
    expect(items.map((item) => item.label)).not.toContain('targets')
    const typed = `${HELP_STRATEGY}  extra:\n    type: `
    const kinds = (await offered('help.strategy.yaml', typed, 'type: ', 6, 2)).map((item) => item.label)
    expect(kinds).toContain('wait')
    expect(kinds).toContain('target')
  })

  it('offers the top-level fields of a test file at the start of a line', async () => {
    const root = folderWith({ 'help.strategy.yaml': HELP_STRATEGY })
    const lsp = await vscode([root])
    const uri = uriOf(root, 'help.test.yaml')
    const text = 'tests: help\nformat: 1\nsc'
    lsp.open(uri, text)
    const items = (await lsp.requestAt('textDocument/completion', uri, {
      text,
      needle: 'sc',
      shift: 2,
    })) as Array<{
      label: string
    }>
    expect(items.map((item) => item.label)).toContain('scenarios')
    expect(items.map((item) => item.label)).not.toContain('tests')
  })
})

describe('hover in a CEL expression', () => {
  const tiers = `strategy: tiers
format: 1
inputs:
  customer_tier: { type: string, default: "", description: Tier attached by the IVR }
variables:
  tier: { type: string, default: unknown }
start: by_tier
nodes:
  by_tier:
    type: switch
    cases: [{ label: gold, when: 'tier == "gold" || data.customer_tier == "gold"', next: done }]
    default: done
  done: { type: end, outcome: default-route }
`
  it.each([
    ['a variable', 'tier ==', 1, '**variable** `tier` (string, default `"unknown"`)'],
    [
      'an input',
      'data.customer_tier',
      8,
      '**input** `data.customer_tier` (string, default `""`)\n\nTier attached by the IVR',
    ],
  ])('on %s says what it is, its type and default', async (_, needle, shift, value) => {
    const root = folderWith({})
    const lsp = await vscode([root])
    const uri = uriOf(root, 'tiers.strategy.yaml')
    lsp.open(uri, tiers)
    const found = await lsp.requestAt('textDocument/hover', uri, { text: tiers, needle, shift })
    expect(found).toEqual({ contents: { kind: 'markdown', value } })
  })

  it('says nothing of the same word inside a string literal', async () => {
    const root = folderWith({})
    const lsp = await vscode([root])
    const uri = uriOf(root, 'tiers.strategy.yaml')
    const text = tiers.replace('"gold" ||', '"tier" ||')
    lsp.open(uri, text)
    expect(await lsp.requestAt('textDocument/hover', uri, { text, needle: '"tier"', shift: 2 })).toBeNull()
  })
})

describe('two strategies with one id', () => {
  // `billing` in two folders, each with its own test file naming the node `queue` on its expected path
  const test = 'tests: help\nformat: 1\nscenarios:\n  - name: waits\n    expect: { path: [queue, done] }\n'
  const clash = () =>
    folderWith({
      'a/help.strategy.yaml': HELP_STRATEGY,
      'a/help.test.yaml': test,
      'b/help.strategy.yaml': HELP_STRATEGY,
      'b/help.test.yaml': test,
    })

  it('[RW094] warns at the `strategy:` value of both files, naming the other one at its id (line:col)', async () => {
    const root = clash()
    const lsp = await vscode([root])
    for (const [own, other] of [
      ['a', 'b'],
      ['b', 'a'],
    ] as const) {
      const uri = uriOf(root, `${own}/help.strategy.yaml`)
      lsp.open(uri, HELP_STRATEGY)
      const found = await lsp.waitFor(uri, (diagnostics) => diagnostics.length > 0)
      expect(found).toMatchObject([
        {
          code: 'RW094',
          severity: 1,
          message: `Strategy id "help" is also used by ${other}/help.strategy.yaml:1:11; give each strategy its own id so calls and tests find the right one`,
          range: { start: positionOf(HELP_STRATEGY, 'help'), end: positionOf(HELP_STRATEGY, 'help', 4) },
        },
      ])
    }
  })

  it("renames a node in its own strategy's test file only, never the other strategy's", async () => {
    const root = clash()
    const lsp = await vscode([root])
    const uri = uriOf(root, 'b/help.strategy.yaml')
    lsp.open(uri, HELP_STRATEGY)
    await lsp.waitFor(uri, () => true)
    const edit = (await lsp.requestAt(
      'textDocument/rename',
      uri,
      { text: HELP_STRATEGY, needle: 'queue:', shift: 1 },
      { newName: 'hold' },
    )) as { changes: Record<string, unknown[]> }
    expect(Object.keys(edit.changes).sort()).toEqual([uri, uriOf(root, 'b/help.test.yaml')])
  })

  it("finds a node's references in its own strategy and tests, and `tests:` goes to the strategy beside it", async () => {
    const root = clash()
    const lsp = await vscode([root])
    const uri = uriOf(root, 'a/help.strategy.yaml')
    lsp.open(uri, HELP_STRATEGY)
    await lsp.waitFor(uri, () => true)
    const found = (await lsp.requestAt(
      'textDocument/references',
      uri,
      { text: HELP_STRATEGY, needle: 'queue:', shift: 1 },
      { context: { includeDeclaration: true } },
    )) as Array<{ uri: string }>
    expect([...new Set(found.map((location) => location.uri))].sort()).toEqual([
      uri,
      uriOf(root, 'a/help.test.yaml'),
    ])
    const testUri = uriOf(root, 'b/help.test.yaml')
    lsp.open(testUri, test)
    const target = await lsp.requestAt('textDocument/definition', testUri, { text: test, needle: 'help' })
    expect(target).toMatchObject({ uri: uriOf(root, 'b/help.strategy.yaml') })
  })
})

it('formatting keeps a comment written after `key:` on its line (`nodes:   # x`)', async () => {
  const root = folderWith({})
  const lsp = await vscode([root])
  const uri = uriOf(root, 'help.strategy.yaml')
  const text = HELP_STRATEGY.replace('nodes:', 'nodes:   # the graph').replace(
    '  queue:',
    '  queue:  # waits',
  )
  lsp.open(uri, text)
  await lsp.waitFor(uri, () => true)
  const edits = (await lsp.connection.sendRequest('textDocument/formatting', {
    textDocument: { uri },
    options: { tabSize: 2, insertSpaces: true },
  })) as Array<{ newText: string }>
  expect(edits[0]?.newText).toContain('nodes: # the graph\n  queue: # waits\n    type: wait\n')
})

it("highlights a node id's occurrences in the open file: its key and each output naming it", async () => {
  const root = folderWith({
    'help.test.yaml': 'tests: help\nformat: 1\nscenarios:\n  - name: a\n    expect: { path: [queue] }\n',
  })
  const lsp = await vscode([root])
  const uri = uriOf(root, 'help.strategy.yaml')
  lsp.open(uri, HELP_STRATEGY)
  await lsp.waitFor(uri, () => true)
  expect(lsp.initialized).toMatchObject({ capabilities: { documentHighlightProvider: true } })
  const found = (await lsp.requestAt('textDocument/documentHighlight', uri, {
    text: HELP_STRATEGY,
    needle: 'next: done',
    shift: 7,
  })) as Array<{ range: { start: unknown } }>
  expect(found.map((highlight) => highlight.range.start)).toEqual([
    positionOf(HELP_STRATEGY, 'done:'),
    positionOf(HELP_STRATEGY, 'done', 0),
  ])
})
