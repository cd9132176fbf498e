import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { positionOf, type SpawnedLspClient, spawnLspClient } from '@routewright/language-server/testing'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { binary, directory, routewright, strategy, workspace } from './helpers.ts'

const strategyText = strategy('help-desk')

const clients: SpawnedLspClient[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close()
})

/** `routewright lsp --stdio`, driven over stdio by a real JSON-RPC client, initialized on `root`. */
async function startClient(root: string): Promise<SpawnedLspClient> {
  const client = await spawnLspClient(binary, ['lsp', '--stdio'], { cwd: root, root })
  clients.push(client)
  expect(client.initialized).toMatchObject({
    capabilities: { hoverProvider: true, definitionProvider: true },
    serverInfo: { name: 'routewright' },
  })
  return client
}

const uriOf = (root: string, file: string) => pathToFileURL(path.join(root, file)).href

describe('routewright lsp --stdio', () => {
  it('starts with the arguments VS Code adds: a second --stdio and --clientProcessId=<pid>', async () => {
    const root = workspace({ 'env.directory.yaml': directory })
    // what vscode-languageclient passes to a server module over stdio: the extension's args, then its own
    const client = await spawnLspClient(
      binary,
      ['lsp', '--stdio', '--stdio', `--clientProcessId=${process.pid}`],
      { cwd: root, root },
    )
    clients.push(client)
    expect(client.initialized).toMatchObject({ serverInfo: { name: 'routewright' } })
  })

  it('ends with code 1, not a crash, when the editor closes its input without shutdown', async () => {
    const result = await routewright(['lsp', '--stdio'], workspace({}), '')
    expect([result.code, result.stderr]).toEqual([1, ''])
  })

  it('refuses a --clientProcessId that is not a process id, with a hint', async () => {
    const result = await routewright(['lsp', '--stdio', '--clientProcessId=vscode'], workspace({}))
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--clientProcessId must be a process id')
  })

  it('publishes diagnostics with codes as the user types, across files', async () => {
    const root = workspace({ 'env.directory.yaml': directory, 'help.strategy.yaml': strategyText })
    const client = await startClient(root)
    const uri = uriOf(root, 'help.strategy.yaml')
    client.open(uri, strategyText)
    expect(await client.waitFor(uri, () => true)).toEqual([])
    // a typo in a node reference, then in a directory name: each shows with its code, then goes away
    const typo = strategyText
      .replace('timeout: done', 'timeout: dnoe')
      .replace('group: support', 'group: suport')
    client.change(uri, 2, typo)
    const found = await client.waitFor(uri, (d) => d.length >= 2)
    expect(found.map((d) => d.code).sort()).toEqual(['RW102', 'RW310'])
    expect(found.find((d) => d.code === 'RW102')?.message).toMatch(/Did you mean "done"\?/)
    // a test file naming a strategy that does not exist, then the strategy appears in another open buffer
    const testUri = uriOf(root, 'help.test.yaml')
    const testText =
      'tests: other\nformat: 1\ndirectory: env.directory.yaml\nscenarios:\n  - { name: a, interaction: { media: voice }, expect: { outcome: routed } }\n'
    client.open(testUri, testText)
    expect((await client.waitFor(testUri, (d) => d.length > 0)).map((d) => d.code)).toContain('RW464')
    const otherUri = uriOf(root, 'other.strategy.yaml')
    client.open(otherUri, strategyText.replace('help-desk', 'other'))
    await client.waitFor(testUri, (d) => !d.some((x) => x.code === 'RW464'))
  })

  it('[RW482] checks alarms.yaml as the user types, against the open directory', async () => {
    const root = workspace({ 'env.directory.yaml': directory })
    const client = await startClient(root)
    const uri = uriOf(root, 'alarms.yaml')
    const alarms = 'alarms: a\nformat: 1\nrules:\n  busy: { figure: waiting, queue: group:sales, above: 3 }\n'
    client.open(uri, alarms)
    const found = await client.waitFor(uri, (d) => d.length > 0)
    expect(found.map((d) => [d.code, d.range.start])).toEqual([['RW482', { line: 3, character: 34 }]])
    // the group appears in the directory buffer: the alarm file's finding goes away
    const dirUri = uriOf(root, 'env.directory.yaml')
    client.open(dirUri, directory.replace('groups:\n', 'groups:\n  sales: { title: Sales }\n'))
    await client.waitFor(uri, (d) => d.length === 0)
  })

  it('without a workspace folder, reads the folder of the opened file, not the whole working folder', async () => {
    // the server's working folder holds a directory without group "sales"; the opened file's folder has one with it
    const cwd = workspace({ 'env.directory.yaml': directory })
    const elsewhere = workspace({
      'sales.directory.yaml': directory.replace('groups:\n', 'groups:\n  sales: { title: Sales }\n'),
    })
    const client = await spawnLspClient(binary, ['lsp', '--stdio'], { cwd })
    clients.push(client)
    const uri = uriOf(elsewhere, 'help.strategy.yaml')
    client.open(uri, strategyText.replace('group: support', 'group: sales'))
    // the first findings published are against the directory beside the file: "sales" exists there
    expect((await client.next(1)).diagnostics).toEqual([])
  })

  it('reads the folder of a file opened outside the workspace, so its own directory decides', async () => {
    const root = workspace({ 'env.directory.yaml': directory })
    const elsewhere = workspace({
      'sales.directory.yaml': directory.replace('groups:\n', 'groups:\n  sales: { title: Sales }\n'),
    })
    const client = await startClient(root)
    const uri = uriOf(elsewhere, 'help.strategy.yaml')
    client.open(uri, strategyText.replace('group: support', 'group: sales'))
    expect((await client.next(1)).diagnostics).toEqual([])
  })

  it('asks a client that allows it (Neovim, Helix) for the file events that keep findings fresh', async () => {
    const root = workspace({ 'env.directory.yaml': directory, 'help.strategy.yaml': strategyText })
    const client = await spawnLspClient(binary, ['lsp', '--stdio'], {
      cwd: root,
      root,
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
    })
    clients.push(client)
    const uri = uriOf(root, 'help.strategy.yaml')
    client.open(uri, strategyText)
    // the registration is sent on `initialized`, before the open is handled
    await client.waitFor(uri, () => true)
    expect(client.registrations).toEqual([
      {
        registrations: [
          expect.objectContaining({
            method: 'workspace/didChangeWatchedFiles',
            registerOptions: {
              watchers: [
                { globPattern: '**/*.{strategy,directory,test}.{yaml,yml,json}' },
                { globPattern: '**/alarms.yaml' },
              ],
            },
          }),
        ],
      },
    ])
    // the group goes away on disk: the event the client now sends brings the finding
    writeFileSync(path.join(root, 'env.directory.yaml'), directory.replace(/support/g, 'sales'))
    client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(root, 'env.directory.yaml'), type: 2 }],
    })
    expect((await client.waitFor(uri, (d) => d.length > 0)).map((d) => d.code)).toContain('RW310')
  })

  it('logs each workspace file it cannot read and shows it as a finding on that file, until it can be read', async () => {
    const root = workspace({ 'env.directory.yaml': directory, 'help.strategy.yaml': strategyText })
    writeFileSync(path.join(root, 'latin.strategy.yaml'), Buffer.from('strategy: caf\xe9\n', 'latin1'))
    execFileSync('mkfifo', [path.join(root, 'pipe.strategy.yaml')])
    mkdirSync(path.join(root, 'folder.strategy.yaml'))
    const client = await startClient(root)
    const uri = uriOf(root, 'help.strategy.yaml')
    client.open(uri, strategyText)
    expect(await client.waitFor(uri, () => true)).toEqual([])
    // one made later arrives through a file event
    mkdirSync(path.join(root, 'later.strategy.yaml'))
    client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(root, 'later.strategy.yaml'), type: 1 }],
    })
    const warnings = () => client.logs.filter((log) => log.type === 2).map((log) => log.message)
    await vi.waitFor(() => expect(warnings()).toHaveLength(4))
    const cost = 'Its contents are unknown to the other files until it can be read.'
    // the log line says what the finding says (RW091's shared text)
    const fix = 'Rename or remove it: only regular files are read.'
    expect(warnings()).toEqual([
      `Routewright: skipped latin.strategy.yaml: line 1, column 14: The file is not valid UTF-8: byte 0xe9 starting an incomplete sequence at byte 13. Save it as UTF-8. ${cost}`,
      `Routewright: skipped folder.strategy.yaml: not a regular file (a folder), skipped. ${fix} ${cost}`,
      `Routewright: skipped pipe.strategy.yaml: not a regular file (a named pipe (FIFO)), skipped. ${fix} ${cost}`,
      `Routewright: skipped later.strategy.yaml: not a regular file (a folder), skipped. ${fix} ${cost}`,
    ])
    // and each shows in the editor's Problems view as its own file's finding at line 1, column 1
    const atStart = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }
    for (const [name, code] of [
      ['latin.strategy.yaml', 'RW006'],
      ['folder.strategy.yaml', 'RW091'],
      ['pipe.strategy.yaml', 'RW091'],
      ['later.strategy.yaml', 'RW091'],
    ]) {
      const found = await client.waitFor(uriOf(root, name!), (d) => d.length > 0)
      expect(found.map((d) => [d.code, d.range])).toEqual([[code, atStart]])
    }
    expect(client.diagnostics.get(uriOf(root, 'latin.strategy.yaml'))?.[0]?.message).toMatch(
      /^line 1, column 14: The file is not valid UTF-8: .*Save it as UTF-8\. Its contents are unknown/,
    )
    // saved as UTF-8: the finding goes with the next file event
    writeFileSync(path.join(root, 'latin.strategy.yaml'), strategy('latin'))
    client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(root, 'latin.strategy.yaml'), type: 2 }],
    })
    expect(await client.waitFor(uriOf(root, 'latin.strategy.yaml'), (d) => d.length === 0)).toEqual([])
    // still serving: a finding in the readable file comes and goes
    client.change(uri, 2, strategyText.replace('timeout: done', 'timeout: dnoe'))
    expect((await client.waitFor(uri, (d) => d.length > 0)).map((d) => d.code)).toEqual(['RW102'])
  })

  // root reads every file: the server runs as nobody, as the history tests do
  it.skipIf(process.getuid?.() !== 0 || !existsSync('/usr/bin/setpriv'))(
    'logs and shows a workspace file it may not read (RW090), as a user without the permission',
    async () => {
      const root = workspace({ 'env.directory.yaml': directory, 'help.strategy.yaml': strategyText })
      // the workspace's temporary folder is root's alone: nobody must get through it to the files
      chmodSync(root, 0o755)
      chmodSync(path.join(root, 'env.directory.yaml'), 0o644)
      chmodSync(path.join(root, 'help.strategy.yaml'), 0o644)
      writeFileSync(path.join(root, 'secret.strategy.yaml'), strategyText, { mode: 0o600 })
      const client = await spawnLspClient(binary, ['lsp', '--stdio'], {
        cwd: root,
        root,
        runAs: { user: 'nobody', group: 'nogroup' },
      })
      clients.push(client)
      const uri = uriOf(root, 'help.strategy.yaml')
      client.open(uri, strategyText)
      expect(await client.waitFor(uri, () => true)).toEqual([])
      expect(client.logs.filter((log) => log.type === 2).map((log) => log.message)).toEqual([
        'Routewright: skipped secret.strategy.yaml: Cannot read the file: permission denied (EACCES); check the permissions of the file and its folders. Its contents are unknown to the other files until it can be read.',
      ])
      const secret = await client.waitFor(uriOf(root, 'secret.strategy.yaml'), (d) => d.length > 0)
      expect(secret.map((d) => [d.code, d.message])).toEqual([
        [
          'RW090',
          'Cannot read the file: permission denied (EACCES); check the permissions of the file and its folders. Its contents are unknown to the other files until it can be read.',
        ],
      ])
    },
  )

  it('answers hover, completion, definition, rename and formatting', async () => {
    const root = workspace({ 'env.directory.yaml': directory, 'help.strategy.yaml': strategyText })
    const client = await startClient(root)
    const uri = uriOf(root, 'help.strategy.yaml')
    client.open(uri, strategyText)
    await client.waitFor(uri, () => true)
    const request = (method: string, position: object, extra: object = {}) =>
      // biome-ignore lint/suspicious/noExplicitAny: the replies' shapes are what the assertions check
      client.connection.sendRequest(method, { textDocument: { uri }, position, ...extra }) as Promise<any>

    const kindHover = await request('textDocument/hover', positionOf(strategyText, 'type: target', 7))
    expect(kindHover.contents.value).toMatch(/^\*\*Target\*\* \(`target`\)/i)
    const groupHover = await request('textDocument/hover', positionOf(strategyText, 'support', 2))
    expect(groupHover.contents.value).toContain('**group** `support`')
    expect(groupHover.contents.value).toMatch(/2 agents: ann, bob/)
    const nodeHover = await request('textDocument/hover', positionOf(strategyText, 'done', 1))
    expect(nodeHover.contents.value).toMatch(/^\*\*node\*\* `done`/)

    const kinds = await request('textDocument/completion', positionOf(strategyText, 'type: target', 6))
    expect(kinds.map((i: { label: string }) => i.label)).toEqual(
      expect.arrayContaining(['target', 'switch', 'route', 'end']),
    )
    const groups = await request('textDocument/completion', positionOf(strategyText, 'group: support', 7))
    expect(groups.map((i: { label: string }) => i.label)).toEqual(['support'])
    const nodes = await request('textDocument/completion', positionOf(strategyText, 'start: queue', 7))
    expect(nodes.map((i: { label: string }) => i.label)).toEqual(['queue', 'done'])

    const toNode = await request('textDocument/definition', positionOf(strategyText, 'timeout: done', 10))
    expect(toNode).toEqual({
      uri,
      range: { start: { line: 9, character: 2 }, end: { line: 9, character: 6 } },
    })
    const toDirectory = await request('textDocument/definition', positionOf(strategyText, 'support', 1))
    expect(toDirectory.uri).toBe(uriOf(root, 'env.directory.yaml'))
    expect(toDirectory.range.start).toEqual(positionOf(directory, 'support:'))

    const rename = await request('textDocument/rename', positionOf(strategyText, 'done:', 1), {
      newName: 'finish',
    })
    const edits = rename.changes[uri] as Array<{
      range: { start: { line: number; character: number } }
      newText: string
    }>
    expect(edits.map((e) => [e.range.start.line, e.range.start.character, e.newText])).toEqual([
      [9, 2, 'finish'],
      [8, 21, 'finish'],
      [8, 34, 'finish'],
    ])
    await expect(
      request('textDocument/rename', positionOf(strategyText, 'done:', 1), { newName: 'queue' }),
    ).rejects.toThrow(/already exists/)

    const untidy = strategyText.replace('format: 1\nstart: queue\n', 'start: queue\nformat: 1\n')
    client.change(uri, 2, untidy)
    await client.waitFor(uri, () => true)
    const formatted = await client.connection.sendRequest('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    })
    expect((formatted as Array<{ newText: string }>)[0]?.newText).toMatch(
      /^strategy: help-desk\nformat: 1\n\nstart: queue\n/,
    )
    expect(readFileSync(path.join(root, 'help.strategy.yaml'), 'utf8')).toBe(strategyText)
  })
})
