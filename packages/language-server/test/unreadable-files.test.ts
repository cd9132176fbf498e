// A workspace file the server cannot read (not UTF-8, a FIFO, a folder named like a strategy) gets its own finding
// at line 1, column 1, which goes when the file can be read; a strategy or test file whose directory cannot be read
// says so instead of checking its names against another directory. Real files, driven in process over JSON-RPC.
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { SUPPORT_DIRECTORY, supportStrategy } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { Project } from '../src/index.ts'
import { inProcessServers } from './in-process-server.ts'
import { HELP_STRATEGY, type LspClient } from './lsp-client.ts'

const startInProcess = inProcessServers('rw-lsp-unreadable-')
const LATIN1 = Buffer.from('strategy: caf\xe9\n', 'latin1')
const COST = 'Its contents are unknown to the other files until it can be read.'
const AT_START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }

async function start(prepare: (root: string) => void) {
  const { lsp, root } = await startInProcess({ validationDelayMs: 0 }, prepare)
  const uriOf = (name: string) => pathToFileURL(path.join(root, name)).href
  /** A file event as an editor's watcher sends it (1 created, 2 changed, 3 deleted). */
  const changed = (name: string, type: 1 | 2 | 3) =>
    lsp.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(name), type }],
    })
  return { lsp, root, uriOf, changed }
}

const found = (lsp: LspClient, uri: string) =>
  (lsp.diagnostics.get(uri) ?? []).map((d) => ({ code: d.code, message: d.message, range: d.range }))

describe('language server: workspace files it cannot read', () => {
  it('[RW006] [RW091] publishes a finding on each file it could not read at start, at line 1, column 1', async () => {
    const { lsp, uriOf } = await start((root) => {
      writeFileSync(path.join(root, 'help.strategy.yaml'), HELP_STRATEGY)
      writeFileSync(path.join(root, 'latin.strategy.yaml'), LATIN1)
      execFileSync('mkfifo', [path.join(root, 'pipe.strategy.yaml')])
      mkdirSync(path.join(root, 'old.test.yaml'))
    })
    // no document open: the Problems view lists files no editor shows
    for (const name of ['latin.strategy.yaml', 'pipe.strategy.yaml', 'old.test.yaml'])
      await lsp.waitFor(uriOf(name), (d) => d.length > 0)
    expect(found(lsp, uriOf('latin.strategy.yaml'))).toEqual([
      {
        code: 'RW006',
        message: `line 1, column 14: The file is not valid UTF-8: byte 0xe9 starting an incomplete sequence at byte 13. Save it as UTF-8. ${COST}`,
        range: AT_START,
      },
    ])
    expect(found(lsp, uriOf('pipe.strategy.yaml'))).toEqual([
      {
        code: 'RW091',
        message: `not a regular file (a named pipe (FIFO)), skipped. Rename or remove it: only regular files are read. ${COST}`,
        range: AT_START,
      },
    ])
    expect(found(lsp, uriOf('old.test.yaml')).map((d) => d.code)).toEqual(['RW091'])
    // the output channel says it in the same words as the finding
    expect(lsp.logs.map((l) => l.message).filter((m) => m.includes('pipe.strategy.yaml'))).toEqual([
      `Routewright: skipped pipe.strategy.yaml: not a regular file (a named pipe (FIFO)), skipped. Rename or remove it: only regular files are read. ${COST}`,
    ])
    // a readable file that no editor shows gets nothing
    expect(lsp.published.map((p) => path.basename(p.uri)).sort()).toEqual([
      'latin.strategy.yaml',
      'old.test.yaml',
      'pipe.strategy.yaml',
    ])
  })

  it('[RW003] advises on a file over the size limit by its kind: only a strategy splits into subroutines', async () => {
    const big = `# ${'x'.repeat(11 * 1024 * 1024)}\n`
    const { lsp, uriOf } = await start((root) => {
      for (const name of ['big.strategy.yaml', 'big.test.yaml', 'big.directory.yaml', 'alarms.yaml'])
        writeFileSync(path.join(root, name), big)
    })
    const advice: Record<string, string> = {}
    for (const name of ['big.strategy.yaml', 'big.test.yaml', 'big.directory.yaml', 'alarms.yaml']) {
      const [d] = await lsp.waitFor(uriOf(name), (list) => list.length > 0)
      advice[name] = String(d?.message).replace(/^The file is 11 MB, over the 10 MB limit\. /, '')
    }
    expect(advice).toEqual({
      'big.strategy.yaml': `Split it into several strategies joined by subroutine calls. ${COST}`,
      'big.test.yaml': `Split its scenarios into several test files beside the strategy. ${COST}`,
      'big.directory.yaml': `Check that it is the directory file you meant. ${COST}`,
      'alarms.yaml': `Check that it is the alarms file you meant. ${COST}`,
    })
  })

  it('clears the finding when the file can be read again, brings it back when it cannot, and clears it on delete', async () => {
    const { lsp, root, uriOf, changed } = await start((root) => {
      writeFileSync(path.join(root, 'latin.strategy.yaml'), LATIN1)
    })
    const uri = uriOf('latin.strategy.yaml')
    await lsp.waitFor(uri, (d) => d.length > 0)
    // saved as UTF-8: the file event reads it, and the finding goes
    writeFileSync(path.join(root, 'latin.strategy.yaml'), HELP_STRATEGY)
    changed('latin.strategy.yaml', 2)
    expect(await lsp.waitFor(uri, (d) => d.length === 0)).toEqual([])
    // replaced by a folder: a new problem, a new finding
    rmSync(path.join(root, 'latin.strategy.yaml'))
    mkdirSync(path.join(root, 'latin.strategy.yaml'))
    changed('latin.strategy.yaml', 2)
    expect((await lsp.waitFor(uri, (d) => d.length > 0)).map((d) => d.code)).toEqual(['RW091'])
    rmSync(path.join(root, 'latin.strategy.yaml'), { recursive: true })
    changed('latin.strategy.yaml', 3)
    expect(await lsp.waitFor(uri, (d) => d.length === 0)).toEqual([])
  })

  it('shows the buffer while the file is open, and the file on disk again once it is closed', async () => {
    const { lsp, uriOf } = await start((root) => {
      writeFileSync(path.join(root, 'latin.strategy.yaml'), LATIN1)
    })
    const uri = uriOf('latin.strategy.yaml')
    await lsp.waitFor(uri, (d) => d.length > 0)
    // the editor decoded the bytes its own way: its buffer is what the user sees and edits
    lsp.open(uri, HELP_STRATEGY)
    expect(await lsp.waitFor(uri, (d) => d.length === 0)).toEqual([])
    void lsp.connection.sendNotification('textDocument/didClose', { textDocument: { uri } })
    expect((await lsp.waitFor(uri, (d) => d.length > 0)).map((d) => d.code)).toEqual(['RW006'])
  })

  it('reads the file again on close: saved as UTF-8 by the editor, with no file event, its finding goes', async () => {
    const { lsp, root, uriOf } = await start((root) => {
      writeFileSync(path.join(root, 'latin.strategy.yaml'), LATIN1)
    })
    const uri = uriOf('latin.strategy.yaml')
    await lsp.waitFor(uri, (d) => d.length > 0)
    lsp.open(uri, HELP_STRATEGY)
    expect(await lsp.waitFor(uri, (d) => d.length === 0)).toEqual([])
    // the editor's save: this client sends no file events
    writeFileSync(path.join(root, 'latin.strategy.yaml'), HELP_STRATEGY)
    void lsp.connection.sendNotification('textDocument/didClose', { textDocument: { uri } })
    // requests are answered in order: once this one is, the close was handled (the old problem came with it)
    await lsp.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: uriOf('none.strategy.yaml') },
      position: { line: 0, character: 0 },
    })
    expect(lsp.diagnostics.get(uri)).toEqual([])
    // and the file is read: a strategy calling its id finds it (no RW301)
    const main =
      'strategy: main\nformat: 1\nstart: ask\nnodes:\n  ask:\n    type: subroutine\n    call: help\n    next: { done: finish, error: finish }\n  finish: { type: end, outcome: default-route }\n'
    lsp.open(uriOf('main.strategy.yaml'), main)
    // (the read ends after the close: its publish brings main's findings up to date)
    expect(await lsp.waitFor(uriOf('main.strategy.yaml'), (d) => d.length === 0)).toEqual([])
  })
})

describe('language server: a directory it cannot read', () => {
  /** `sub/`'s own directory is not UTF-8; the one at the top lacks the group `support` the strategy names. */
  const nested = (root: string) => {
    writeFileSync(path.join(root, 'env.directory.yaml'), SUPPORT_DIRECTORY.replaceAll('support', 'sales'))
    mkdirSync(path.join(root, 'sub'))
    writeFileSync(path.join(root, 'sub/env.directory.yaml'), LATIN1)
    writeFileSync(path.join(root, 'sub/desk.strategy.yaml'), supportStrategy('desk'))
  }

  it('[RW092] says the nearest directory cannot be read, rather than checking the names against a farther one', async () => {
    const { lsp, root, uriOf, changed } = await start(nested)
    const uri = uriOf('sub/desk.strategy.yaml')
    lsp.open(uri, supportStrategy('desk'))
    const findings = await lsp.waitFor(uri, () => true)
    expect(findings.map((d) => [d.code, d.range])).toEqual([['RW092', AT_START]])
    expect(findings[0]?.message).toBe(
      'The directory file sub/env.directory.yaml cannot be read (RW006), so the groups, skills, queues and calendars named here are not checked until it can: line 1, column 14: The file is not valid UTF-8: byte 0xe9 starting an incomplete sequence at byte 13. Save it as UTF-8.',
    )
    // the directory saved as UTF-8: the strategy's names are checked against it, and they are all there
    writeFileSync(path.join(root, 'sub/env.directory.yaml'), SUPPORT_DIRECTORY)
    changed('sub/env.directory.yaml', 2)
    expect(await lsp.waitFor(uri, (d) => d.length === 0)).toEqual([])
    expect(found(lsp, uriOf('sub/env.directory.yaml'))).toEqual([])
  })

  it('[RW092] says a directory a test file names cannot be read, at its directory: key, not that it does not exist', async () => {
    const test =
      'tests: desk\nformat: 1\ndirectory: env.directory.yaml\nscenarios:\n  - name: routed\n    interaction: { media: voice }\n    agents: { ann: ready }\n    expect: { outcome: routed }\n'
    const { lsp, uriOf } = await start((root) => {
      nested(root)
      writeFileSync(path.join(root, 'sub/desk.test.yaml'), test)
    })
    const uri = uriOf('sub/desk.test.yaml')
    lsp.open(uri, test)
    const findings = await lsp.waitFor(uri, () => true)
    expect(findings.map((d) => [d.code, d.range.start])).toEqual([['RW092', { line: 2, character: 11 }]])
  })

  it('[RW092] keeps to the readable directory when a folder beside it is named like one', async () => {
    const { lsp, uriOf } = await start((root) => {
      writeFileSync(path.join(root, 'env.directory.yaml'), SUPPORT_DIRECTORY)
      // longer than env.directory.yaml: the longer name won a tie in one folder
      mkdirSync(path.join(root, 'backup-2026.directory.yaml'))
      writeFileSync(path.join(root, 'desk.strategy.yaml'), supportStrategy('desk'))
    })
    const uri = uriOf('desk.strategy.yaml')
    lsp.open(uri, supportStrategy('desk').replace('group: support', 'group: sales'))
    const findings = await lsp.waitFor(uri, () => true)
    // checked against env.directory.yaml: the group it lacks is named
    expect(findings.map((d) => d.code)).toEqual(['RW310'])
  })

  it('[RW092] says so in alarms.yaml when the directory beside it cannot be read', async () => {
    const alarms =
      'alarms: center\nformat: 1\nrules:\n  sl:\n    figure: service-level\n    queue: group:nobody\n    below: 0.8\n    for: 1m\n'
    const { lsp, uriOf } = await start((root) => {
      writeFileSync(path.join(root, 'env.directory.yaml'), LATIN1)
      writeFileSync(path.join(root, 'alarms.yaml'), alarms)
    })
    const uri = uriOf('alarms.yaml')
    lsp.open(uri, alarms)
    const findings = await lsp.waitFor(uri, () => true)
    expect(findings.map((d) => d.code)).toEqual(['RW092'])
  })
})

describe('Project: the findings of a file it cannot read', () => {
  const problem = { code: 'RW006', severity: 'error' as const, message: 'not UTF-8', path: [] }

  it('keeps them while only other files change, and drops them on a new problem or once the file is read', () => {
    const project = new Project('/ws')
    project.setUnreadable('/ws/latin.strategy.yaml', problem)
    const kept = project.findings('/ws/latin.strategy.yaml')
    expect(kept?.diagnostics).toEqual([problem])
    // a directory appears: a readable strategy's findings would be computed again; this file reads nothing
    project.open('/ws/env.directory.yaml', SUPPORT_DIRECTORY)
    project.setDisk('/ws/help.strategy.yaml', HELP_STRATEGY)
    expect(project.findings('/ws/latin.strategy.yaml')).toBe(kept)
    // the same file, another problem: a new entry, new findings
    project.setUnreadable('/ws/latin.strategy.yaml', { ...problem, code: 'RW090' })
    expect(project.findings('/ws/latin.strategy.yaml')?.diagnostics.map((d) => d.code)).toEqual(['RW090'])
    expect(project.unreadable().map((f) => f.path)).toEqual(['/ws/latin.strategy.yaml'])
    project.setDisk('/ws/latin.strategy.yaml', HELP_STRATEGY.replace('strategy: help', 'strategy: latin'))
    expect(project.findings('/ws/latin.strategy.yaml')?.diagnostics).toEqual([])
    expect(project.unreadable()).toEqual([])
  })
})

describe('Project: the directory found by nearness', () => {
  it("takes a directory only from the file's own folder or those above it, not a folder whose name it starts with", () => {
    const project = new Project('/ws')
    project.setDisk('/ws/env.directory.yaml', SUPPORT_DIRECTORY)
    project.setDisk('/ws/sub/env.directory.yaml', SUPPORT_DIRECTORY.replace('test-env', 'sub-env'))
    project.setDisk('/ws/sub2/desk.strategy.yaml', supportStrategy('desk'))
    project.setDisk('/ws/sub/deeper/help.strategy.yaml', HELP_STRATEGY)
    expect(project.directoryFor('/ws/sub2/desk.strategy.yaml')?.path).toBe('/ws/env.directory.yaml')
    expect(project.directoryFor('/ws/sub/deeper/help.strategy.yaml')?.path).toBe('/ws/sub/env.directory.yaml')
  })
})
