// Documents an editor opens that are no file of this machine (another host's file://, untitled:, a remote
// scheme): the shipped `routewright lsp --stdio` lives on, keeps validating the others, and points their
// definitions back at themselves.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { type SpawnedLspClient, spawnLspClient } from '@routewright/language-server/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { binary, directory, strategy, workspace } from './helpers.ts'

const clients: SpawnedLspClient[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close()
})

describe('routewright lsp --stdio and documents that are no local file', () => {
  it('serves on after another host file URI is opened, and an untitled definition stays in its document', async () => {
    const root = workspace({ 'env.directory.yaml': directory })
    const client = await spawnLspClient(binary, ['lsp', '--stdio'], { cwd: root, root })
    clients.push(client)
    // each its own id: one id in two files is a finding of its own (RW094)
    const text = strategy('scratch')
    client.open('file://elsewhere/share/remote.strategy.yaml', strategy('remote'))
    const untitled = 'untitled:Untitled-1.strategy.yaml'
    client.open(untitled, text)
    // a file outside the workspace: its folder is read, then every open document of it validates
    const outside = pathToFileURL(
      path.join(workspace({ 'env.directory.yaml': directory }), 'outside.strategy.yaml'),
    ).href
    client.open(outside, strategy('outside'))
    expect(await client.waitFor(outside, () => true)).toEqual([])
    const inside = pathToFileURL(path.join(root, 'inside.strategy.yaml')).href
    client.open(inside, strategy('inside').replace('timeout: done', 'timeout: dnoe'))
    expect((await client.waitFor(inside, (d) => d.length > 0)).map((d) => d.code)).toContain('RW102')
    const definition = await client.requestAt('textDocument/definition', untitled, {
      text,
      needle: 'timeout: done',
      shift: 'timeout: '.length,
    })
    expect(definition).toMatchObject({ uri: untitled })
    expect(client.child.exitCode).toBeNull()
  })
})
