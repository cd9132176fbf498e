import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseDirectory, safeParseStrategy, stringifyDirectory } from '@routewright/strategy-dsl'
import { describe, expect, it, vi } from 'vitest'
import type { FileContent, FileMeta, ListResponse, WorkspaceChange } from '../api/protocol.ts'
import { workspaceFileKind } from '../api/protocol.ts'
import { dslAdapter } from '../core/dsl-adapter.ts'
import { createEditorStore } from '../core/editor-store.ts'
import type { WorkspaceClientLike, WriteOutcome } from './client-types.ts'
import { loadStrategyContext } from './documents.ts'
import { createDraftStore } from './drafts.ts'
import { newStrategyText } from './files.ts'
import { memoryStorage } from './memory-storage.ts'
import { createWorkspaceSession, type WorkspaceSessionOptions } from './session.ts'

// an in-memory workspace with the server's versioning rules (a write with an old base version is a conflict)
function makeWorkspace(initial: Record<string, string>) {
  const files = new Map(Object.entries(initial))
  const versions = new Map<string, number>([...files.keys()].map((p) => [p, 1]))
  const watchers = new Set<(c: WorkspaceChange) => void>()
  const writes: string[] = []
  const meta = (path: string): FileMeta => ({
    path,
    kind: workspaceFileKind(path) ?? 'strategy',
    size: files.get(path)?.length ?? 0,
    mtimeMs: 0,
    version: `v${versions.get(path)}`,
  })
  const content = (path: string): FileContent => ({ ...meta(path), text: files.get(path) ?? '' })
  const put = (path: string, text: string) => {
    const existed = files.has(path)
    files.set(path, text)
    versions.set(path, (versions.get(path) ?? 0) + 1)
    for (const w of watchers) {
      w({
        type: existed ? 'changed' : 'created',
        path,
        kind: meta(path).kind,
        version: meta(path).version,
        origin: null,
      })
    }
  }
  const client: WorkspaceClientLike = {
    list: async () => ({ workspace: '/ws', files: [...files.keys()].map(meta) }),
    read: async (path) => {
      if (!files.has(path)) throw new Error(`${path} not found`)
      return content(path)
    },
    alarms: async () => null,
    async write({ path, text, baseVersion, force }): Promise<WriteOutcome> {
      if (!force && files.has(path) && meta(path).version !== baseVersion) {
        return { ok: false, conflict: true, current: content(path) }
      }
      writes.push(text)
      put(path, text)
      return { ok: true, file: meta(path) }
    },
    async create({ path, text }) {
      if (files.has(path)) throw new Error(`${path} already exists`)
      put(path, text)
      return meta(path)
    },
    async rename({ from, to }) {
      files.set(to, files.get(from) ?? '')
      versions.set(to, 1)
      files.delete(from)
      return meta(to)
    },
    async duplicate({ from, to }) {
      put(to, files.get(from) ?? '')
      return meta(to)
    },
    async remove({ path }) {
      files.delete(path)
    },
    watch(onChange) {
      watchers.add(onChange)
      return () => watchers.delete(onChange)
    },
  }
  return { client, files, writes, put, external: put }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

/** A session over `ws` as another page of tab 1 makes one: its drafts in `storage`, text saved as typed. */
function plainSession(
  ws: ReturnType<typeof makeWorkspace>,
  store: WorkspaceSessionOptions['store'],
  storage = memoryStorage(),
  more: Partial<WorkspaceSessionOptions> = {},
) {
  return createWorkspaceSession({
    client: ws.client,
    store,
    drafts: createDraftStore(storage, 'tab-1'),
    now: () => 0,
    format: (_path, text) => text,
    ...more,
  })
}

/** A started session over one strategy whose every list answer also carries `extra()` (omitted, skipped). */
async function listedSession(extra: () => Partial<ListResponse>) {
  const ws = makeWorkspace({ 'vip.strategy.yaml': newStrategyText('vip') })
  const list = ws.client.list
  ws.client.list = async () => ({ ...(await list()), ...extra() })
  const session = plainSession(ws, createEditorStore(dslAdapter))
  await session.start()
  return session
}

/** serve's RW091 warning for `file`, in node-support's words. */
function notFileWarning(file: string) {
  return {
    code: 'RW091',
    severity: 'warning' as const,
    message:
      'not a regular file (a named pipe (FIFO)), skipped. Rename or remove it: only regular files are read.',
    path: [],
    file,
  }
}

async function setup(
  files: Record<string, string> = { 'vip.strategy.yaml': newStrategyText('vip') },
  { withContext = false } = {},
) {
  const ws = makeWorkspace(files)
  const store = createEditorStore(dslAdapter)
  const storage = memoryStorage()
  const session = createWorkspaceSession({
    client: ws.client,
    store,
    drafts: createDraftStore(storage, 'tab-1'),
    now: () => 0,
    format: (_path, text) => text.replace(/[ \t]+$/gm, ''), // a stand-in canonical form: no trailing blanks
    // the page's loader (WorkspaceProvider), without its wait for a painted frame
    ...(withContext
      ? {
          async loadContext(path: string, files: readonly FileMeta[]) {
            const context = await loadStrategyContext(ws.client, path, files)
            store.setContext({
              ...(context.directory ? { directory: context.directory } : {}),
              strategies: context.strategies,
            })
          },
        }
      : {}),
  })
  await session.start()
  return { ws, store, storage, session }
}

describe('workspace session', () => {
  it('opens a file into the store, clean', async () => {
    const { store, session } = await setup()
    await session.open('vip.strategy.yaml')
    expect(store.getState()).toMatchObject({
      file: 'vip.strategy.yaml',
      dirty: false,
      text: newStrategyText('vip'),
    })
    expect(session.getState().open).toEqual({ path: 'vip.strategy.yaml', version: 'v1' })
  })

  it('shows the file asked for last when an earlier read ends after it, and skips the first open once one was asked', async () => {
    const { ws, store, session } = await setup({
      'a.strategy.yaml': newStrategyText('a'),
      'b.strategy.yaml': newStrategyText('b'),
    })
    const read = ws.client.read
    let releaseA = () => {}
    ws.client.read = async (path) => {
      const content = await read(path)
      if (path === 'a.strategy.yaml') await new Promise<void>((resolve) => (releaseA = resolve))
      return content
    }
    // the page's first open of a.strategy.yaml is still reading when the user clicks b.strategy.yaml
    const first = session.openAtStart('a.strategy.yaml')
    await settle()
    await session.open('b.strategy.yaml')
    releaseA()
    await first
    expect(session.getState().open?.path).toBe('b.strategy.yaml')
    expect(store.getState().file).toBe('b.strategy.yaml')
    // the user clicked first: the page's first open does nothing
    const clicked = await setup({
      'a.strategy.yaml': newStrategyText('a'),
      'b.strategy.yaml': newStrategyText('b'),
    })
    const reading = clicked.session.open('b.strategy.yaml')
    await clicked.session.openAtStart('a.strategy.yaml')
    await reading
    expect(clicked.session.getState().open?.path).toBe('b.strategy.yaml')
  })

  it('says when the server left documents out of the list past its cap', async () => {
    const session = await listedSession(() => ({ omitted: 3 }))
    expect(session.getState().notice).toBe(
      'The workspace holds 3 more documents than the 1 listed (the designer lists the first 5,000 by path): open a sub-folder as the workspace (--workspace) to reach them.',
    )
    session.dismissNotice()
    await session.refresh()
    expect(session.getState().notice).toBeUndefined()
    session.destroy()
  })

  it('[RW091] says which entries the server skipped as not regular files, once per set', async () => {
    let skipped = [notFileWarning('x.strategy.yaml')]
    const session = await listedSession(() => ({ skipped }))
    expect(session.getState().notice).toBe(
      'One entry is named like a document but not a regular file, so the designer skipped it (RW091): x.strategy.yaml. Rename or remove it: only regular files are read.',
    )
    session.dismissNotice()
    await session.refresh()
    expect(session.getState().notice).toBeUndefined()
    skipped = [notFileWarning('x.strategy.yaml'), notFileWarning('z.strategy.yaml')]
    await session.refresh()
    expect(session.getState().notice).toBe(
      '2 entries are named like a document but not a regular file, so the designer skipped them (RW091): x.strategy.yaml, z.strategy.yaml. Rename or remove them: only regular files are read.',
    )
    session.destroy()
  })

  it('[RW091] keeps the skipped entries for the Problems panel, the same list while the set is the same', async () => {
    let skipped = [notFileWarning('x.strategy.yaml')]
    const session = await listedSession(() => ({ skipped }))
    const first = session.getState().skipped
    expect(first.map((d) => d.file)).toEqual(['x.strategy.yaml'])
    skipped = [notFileWarning('x.strategy.yaml')]
    await session.refresh()
    expect(session.getState().skipped).toBe(first)
    skipped = []
    await session.refresh()
    expect(session.getState().skipped).toEqual([])
    session.destroy()
  })

  it('writes an unedited file back byte for byte', async () => {
    const text = 'strategy: vip   \nformat: 1\nstart: done\nnodes:\n  done: { type: end, outcome: reject }\n'
    const { ws, session, store } = await setup({ 'vip.strategy.yaml': text })
    await session.open('vip.strategy.yaml')
    await store.save()
    expect(ws.writes).toEqual([text])
  })

  it('writes edited text in canonical form and marks it saved', async () => {
    const { ws, session, store } = await setup()
    await session.open('vip.strategy.yaml')
    store.setText(`${newStrategyText('vip')}# note   \n`)
    await store.save()
    expect(ws.writes).toEqual([`${newStrategyText('vip')}# note\n`])
    expect(store.getState().dirty).toBe(false)
    expect(session.getState().open?.version).toBe('v2')
  })

  it('reports the errors of a strategy saved while invalid', async () => {
    const { session, store } = await setup()
    await session.open('vip.strategy.yaml')
    store.setText('strategy: vip\nformat: 1\n')
    await store.save()
    expect(session.getState().lastSave?.errors).toBeGreaterThan(0)
  })

  it('meets a file changed on disk with a conflict instead of clobbering it', async () => {
    const { ws, session, store } = await setup()
    await session.open('vip.strategy.yaml')
    store.setText(`${newStrategyText('vip')}# mine\n`)
    ws.put('vip.strategy.yaml', 'theirs')
    await settle()
    expect(session.getState().conflict).toMatchObject({ reason: 'external', current: { text: 'theirs' } })
    session.dismissConflict()
    await store.save()
    expect(session.getState().conflict).toMatchObject({ reason: 'save' })
    expect(ws.files.get('vip.strategy.yaml')).toBe('theirs')
  })

  it('overwrite writes the local text over the disk version', async () => {
    const { ws, session, store } = await setup()
    await session.open('vip.strategy.yaml')
    store.setText(`${newStrategyText('vip')}# mine\n`)
    ws.put('vip.strategy.yaml', 'theirs')
    await settle()
    await session.overwrite()
    expect(ws.files.get('vip.strategy.yaml')).toBe(`${newStrategyText('vip')}# mine\n`)
    expect(session.getState().conflict).toBeUndefined()
  })

  it('reload takes the disk version and drops local edits', async () => {
    const { ws, session, store } = await setup()
    await session.open('vip.strategy.yaml')
    store.setText(`${newStrategyText('vip')}# mine\n`)
    ws.put('vip.strategy.yaml', 'theirs')
    await settle()
    await session.reload()
    expect(store.getState()).toMatchObject({ text: 'theirs', dirty: false })
    expect(session.getState().open?.version).toBe('v2')
  })

  it('reloads an external change silently when there are no local edits', async () => {
    const { ws, session, store } = await setup()
    await session.open('vip.strategy.yaml')
    ws.put('vip.strategy.yaml', newStrategyText('renamed'))
    await settle()
    expect(session.getState().conflict).toBeUndefined()
    expect(store.getState().text).toBe(newStrategyText('renamed'))
  })

  it('meets a change on disk with a conflict while typing still waits for the code view to pass it on', async () => {
    const ws = makeWorkspace({ 'vip.strategy.yaml': newStrategyText('vip') })
    const store = createEditorStore(dslAdapter)
    // the code view's typing, held back by its pause until the session asks for it
    let pending: string | undefined
    const session = plainSession(ws, store, memoryStorage(), {
      flushEdits() {
        if (pending !== undefined) store.setText(pending)
        pending = undefined
      },
    })
    await session.start()
    await session.open('vip.strategy.yaml')
    pending = `${newStrategyText('vip')}# typed\n`
    ws.put('vip.strategy.yaml', 'theirs')
    await settle()
    expect(session.getState().conflict).toMatchObject({ reason: 'external', current: { text: 'theirs' } })
    expect(store.getState()).toMatchObject({ text: `${newStrategyText('vip')}# typed\n`, dirty: true })
    // the save keeps meeting the outside change instead of writing over it
    session.dismissConflict()
    await store.save()
    expect(ws.files.get('vip.strategy.yaml')).toBe('theirs')
  })

  it('does not treat its own write as an external change', async () => {
    const { session, store } = await setup()
    await session.open('vip.strategy.yaml')
    store.setText(`${newStrategyText('vip')}# one\n`)
    await store.save()
    await settle()
    expect(session.getState().conflict).toBeUndefined()
  })

  it('reopens a draft made in this page load (a left file, a staged edit) without saying it was restored', async () => {
    const { ws, session, store } = await setup({
      'vip.strategy.yaml': newStrategyText('vip'),
      'other.strategy.yaml': newStrategyText('other'),
    })
    await session.open('vip.strategy.yaml')
    store.setText(`${newStrategyText('vip')}# typed\n`)
    await session.open('other.strategy.yaml')
    const read = await session.readForEdit('vip.strategy.yaml')
    session.stageEdits([{ ...read, after: `${read.text}# staged\n` }])
    await session.open('vip.strategy.yaml')
    expect(store.getState()).toMatchObject({
      text: `${newStrategyText('vip')}# typed\n# staged\n`,
      dirty: true,
    })
    expect(session.getState().notice).toBeUndefined()
    // moved on disk under it meanwhile: that still needs saying, but not as a restore
    await session.open('other.strategy.yaml')
    ws.put('vip.strategy.yaml', `${newStrategyText('vip')}# theirs\n`)
    await session.refresh()
    await session.open('vip.strategy.yaml')
    expect(session.getState().notice).toBe(
      'The file has changed on disk since your unsaved changes to it, so saving will ask first.',
    )
  })

  it('keeps unsaved text as a draft and restores it on the next open', async () => {
    const { ws, storage } = await setup()
    const first = createEditorStore(dslAdapter)
    const session = plainSession(ws, first, storage)
    await session.start()
    await session.open('vip.strategy.yaml')
    first.setText(`${newStrategyText('vip')}# draft\n`)
    session.destroy()

    const second = createEditorStore(dslAdapter)
    const again = plainSession(ws, second, storage)
    await again.start()
    await again.open('vip.strategy.yaml')
    expect(second.getState()).toMatchObject({ text: `${newStrategyText('vip')}# draft\n`, dirty: true })
    expect(again.getState().notice).toContain('Restored unsaved changes')
  })

  it('creates a strategy with a valid first draft (hours, agents, end) and opens it', async () => {
    const { ws, session, store } = await setup()
    const path = await session.createStrategy('overflow')
    expect(path).toBe('overflow.strategy.yaml')
    expect(ws.files.get('overflow.strategy.yaml')).toBe(newStrategyText('overflow'))
    expect(store.getState()).toMatchObject({ file: 'overflow.strategy.yaml', diagnostics: [] })
  })

  it('names the directory in a new strategy made before any file loaded it (New clicked at once)', async () => {
    const { parseDirectory } = await import('@routewright/strategy-dsl')
    const directory = parseDirectory(
      'directory: d\nformat: 1\ngroups:\n  desk: {}\nagents:\n  ann: { groups: [desk] }\n',
    )
    const ws = makeWorkspace({ 'vip.strategy.yaml': newStrategyText('vip') })
    const store = createEditorStore(dslAdapter)
    const asked: Array<[string, boolean | undefined]> = []
    const session = plainSession(ws, store, memoryStorage(), {
      async loadContext(path, _files, forNewFile) {
        asked.push([path, forNewFile])
        store.setContext({ directory, strategies: new Map() })
      },
    })
    await session.start()
    expect(store.getState().context.directory).toBeUndefined()
    await session.createStrategy('overflow')
    expect(asked[0]).toEqual(['overflow.strategy.yaml', true])
    expect(ws.files.get('overflow.strategy.yaml')).toBe(newStrategyText('overflow', directory))
    expect(ws.files.get('overflow.strategy.yaml')).toContain('desk')
  })

  it('refuses a new strategy id that already exists', async () => {
    const { session } = await setup()
    expect(await session.createStrategy('vip')).toBeUndefined()
    expect(session.getState().error).toContain('already exists')
  })

  it('duplicates a strategy under its new id', async () => {
    const { ws, session } = await setup()
    await session.refresh()
    await session.duplicate('vip.strategy.yaml', 'vip-copy')
    expect(ws.files.get('vip-copy.strategy.yaml')).toContain('strategy: vip-copy')
  })

  it('duplicates a strategy with a quoted id key, leaving `strategy:` in comments and strings as written', async () => {
    const text = `# night line: strategy: vip, copied from the day line
"strategy": vip # kept with its comment
format: 1
title: "strategy: vip"
start: done
nodes:
  done:
    type: end
    outcome: abandon
`
    const { ws, session } = await setup({ 'vip.strategy.yaml': text })
    await session.refresh()
    await session.duplicate('vip.strategy.yaml', 'vip-copy')
    const copy = ws.files.get('vip-copy.strategy.yaml')!
    expect(copy).toContain('"strategy": vip-copy # kept with its comment')
    expect(copy).toContain('# night line: strategy: vip, copied from the day line')
    expect(copy).toContain('title: "strategy: vip"')
    expect(safeParseStrategy(copy)).toMatchObject({ success: true, data: { strategy: 'vip-copy' } })
  })

  it('renames the open file and keeps its edits', async () => {
    const { session, store } = await setup()
    await session.open('vip.strategy.yaml')
    store.setText(`${newStrategyText('vip')}# kept\n`)
    await session.rename('vip.strategy.yaml', 'gold')
    expect(store.getState()).toMatchObject({ file: 'gold.strategy.yaml', dirty: true })
    expect(session.getState().open?.path).toBe('gold.strategy.yaml')
  })

  it('closes a deleted open file', async () => {
    const { ws, session, store } = await setup()
    await session.open('vip.strategy.yaml')
    await session.remove('vip.strategy.yaml')
    expect(ws.files.has('vip.strategy.yaml')).toBe(false)
    expect(store.getState().file).toBeUndefined()
  })

  it('stages edits of closed files as unsaved drafts that open dirty, undo per file and save with the version read', async () => {
    const other = newStrategyText('other')
    const { ws, session, store } = await setup({
      'vip.strategy.yaml': newStrategyText('vip'),
      'other.strategy.yaml': other,
    })
    await session.open('vip.strategy.yaml')
    const read = await Promise.all(['vip.strategy.yaml', 'other.strategy.yaml'].map(session.readForEdit))
    const edits = read.map((r) => ({ ...r, after: `${r.text}# renamed\n` }))
    expect(session.stageEdits(edits)).toEqual([])
    expect(store.getState()).toMatchObject({ file: 'vip.strategy.yaml', dirty: true })
    expect(session.getState().drafted).toEqual(['other.strategy.yaml'])
    expect(ws.files.get('other.strategy.yaml')).toBe(other)
    // a second replace reads the draft, not the disk
    expect((await session.readForEdit('other.strategy.yaml')).text).toBe(`${other}# renamed\n`)

    await session.open('other.strategy.yaml')
    expect(store.getState()).toMatchObject({ dirty: true, canUndo: true, text: `${other}# renamed\n` })
    expect(session.getState().drafted).toEqual(['vip.strategy.yaml'])
    store.undo()
    expect(store.getState()).toMatchObject({ dirty: false, text: other })

    await session.open('vip.strategy.yaml')
    expect(session.getState().drafted).toEqual([])
    await store.save()
    expect(ws.writes).toEqual([`${newStrategyText('vip')}# renamed\n`])
    expect(ws.files.get('other.strategy.yaml')).toBe(other)
  })

  it('marks the files whose drafts survived a reload as unsaved', async () => {
    const { ws, storage, session } = await setup({
      'vip.strategy.yaml': newStrategyText('vip'),
      'other.strategy.yaml': newStrategyText('other'),
    })
    const read = await session.readForEdit('other.strategy.yaml')
    session.stageEdits([{ ...read, after: `${read.text}# renamed\n` }])
    const again = plainSession(ws, createEditorStore(dslAdapter), storage)
    await again.start()
    expect(again.getState().drafted).toEqual(['other.strategy.yaml'])
  })

  it('leaves a file alone when it changed between the read and the replace', async () => {
    const { session, store } = await setup()
    await session.open('vip.strategy.yaml')
    const read = await session.readForEdit('vip.strategy.yaml')
    store.setText(`${read.text}# typed meanwhile\n`)
    expect(session.stageEdits([{ ...read, after: 'clobbered' }])).toEqual(['vip.strategy.yaml'])
    expect(store.getState().text).toBe(`${read.text}# typed meanwhile\n`)
  })

  it('leaves a closed file alone when Save all wrote its draft between the read and the replace', async () => {
    const other = newStrategyText('other')
    const { ws, session, storage } = await setup({
      'vip.strategy.yaml': newStrategyText('vip'),
      'other.strategy.yaml': other,
    })
    const first = await session.readForEdit('other.strategy.yaml')
    session.stageEdits([{ ...first, after: `${other}# renamed\n` }])
    // a search reads the draft; Save all then writes it, so the version the search saw is gone
    const searched = await session.readForEdit('other.strategy.yaml')
    await session.saveAll()
    expect(session.stageEdits([{ ...searched, after: `${searched.text}# again\n` }])).toEqual([
      'other.strategy.yaml',
    ])
    expect(session.getState().drafted).toEqual([])
    expect(ws.files.get('other.strategy.yaml')).toBe(`${other}# renamed\n`)
    // no draft on the old version is left behind: its Save could only meet a conflict
    expect([...Array(storage.length).keys()].map((i) => storage.key(i))).toEqual([])
  })

  it('leaves a closed file alone when it changed on disk between the read and the replace', async () => {
    const other = newStrategyText('other')
    const { ws, session } = await setup({
      'vip.strategy.yaml': newStrategyText('vip'),
      'other.strategy.yaml': other,
    })
    const read = await session.readForEdit('other.strategy.yaml')
    ws.external('other.strategy.yaml', `${other}# from git\n`)
    await settle()
    expect(session.stageEdits([{ ...read, after: `${other}# renamed\n` }])).toEqual(['other.strategy.yaml'])
    expect(session.getState().drafted).toEqual([])
  })

  it('saves all: the open file and closed drafts written, a file changed on disk left alone and named', async () => {
    const [vip, a, b] = ['vip', 'a', 'b'].map((id) => newStrategyText(id)) as [string, string, string]
    const { ws, session, store, storage } = await setup({
      'vip.strategy.yaml': vip,
      'a.strategy.yaml': a,
      'b.strategy.yaml': b,
    })
    await session.open('vip.strategy.yaml')
    const paths = ['vip.strategy.yaml', 'a.strategy.yaml', 'b.strategy.yaml']
    const read = await Promise.all(paths.map(session.readForEdit))
    // trailing blanks: each file is written in canonical form, as Save writes it
    session.stageEdits(read.map((r) => ({ ...r, after: `${r.text}# renamed   \n` })))
    ws.external('b.strategy.yaml', `${b}# changed behind the designer's back\n`)

    const summary = await session.saveAll()
    expect(summary.outcomes).toEqual([
      { path: 'vip.strategy.yaml', status: 'saved', errors: 0 },
      { path: 'a.strategy.yaml', status: 'saved' },
      { path: 'b.strategy.yaml', status: 'conflict' },
    ])
    expect(session.getState().lastSaveAll?.text).toContain('Not saved: b.strategy.yaml (changed on disk')
    expect(ws.files.get('vip.strategy.yaml')).toBe(`${vip}# renamed\n`)
    expect(ws.files.get('a.strategy.yaml')).toBe(`${a}# renamed\n`)
    expect(ws.files.get('b.strategy.yaml')).toBe(`${b}# changed behind the designer's back\n`)
    expect(store.getState().dirty).toBe(false)
    expect(session.getState().drafted).toEqual(['b.strategy.yaml'])
    expect(
      [...Array(storage.length).keys()].map((i) => storage.key(i)).filter((k) => k?.includes('a.strategy')),
    ).toEqual([])

    // undo history kept as after a single save: the saved closed file opens clean and can go back
    await session.open('a.strategy.yaml')
    expect(store.getState()).toMatchObject({ dirty: false, canUndo: true, text: `${a}# renamed\n` })
    store.undo()
    store.undo()
    expect(store.getState()).toMatchObject({ dirty: true, text: a })
  })

  it('keeps the Save all summary while its skipped file is unsaved, and drops it once that file is reloaded', async () => {
    const [vip, b] = ['vip', 'b'].map((id) => newStrategyText(id)) as [string, string]
    const { ws, session } = await setup({ 'vip.strategy.yaml': vip, 'b.strategy.yaml': b })
    await session.open('vip.strategy.yaml')
    const read = await Promise.all(['vip.strategy.yaml', 'b.strategy.yaml'].map(session.readForEdit))
    session.stageEdits(read.map((r) => ({ ...r, after: `${r.text}# renamed\n` })))
    ws.external('b.strategy.yaml', `${b}# changed behind the designer's back\n`)
    await session.saveAll()
    expect(session.getState().lastSaveAll?.text).toContain('Not saved: b.strategy.yaml')

    // opened on its draft it is still unsaved: the summary stays; saving meets the conflict, Reload settles it
    await session.open('b.strategy.yaml')
    expect(session.getState().lastSaveAll).toBeDefined()
    await session.save()
    expect(session.getState().conflict?.path).toBe('b.strategy.yaml')
    expect(session.getState().lastSaveAll).toBeDefined()
    await session.reload()
    expect(session.getState().lastSaveAll).toBeUndefined()
  })

  it('does not re-read the workspace for its own Save all writes coming back as changes', async () => {
    const [vip, b, c] = ['vip', 'b', 'c'].map((id) => newStrategyText(id)) as [string, string, string]
    const { ws, session } = await setup(
      { 'vip.strategy.yaml': vip, 'b.strategy.yaml': b, 'c.strategy.yaml': c },
      { withContext: true },
    )
    await session.open('vip.strategy.yaml')
    const paths = ['b.strategy.yaml', 'c.strategy.yaml']
    const read = await Promise.all(paths.map(session.readForEdit))
    session.stageEdits(read.map((r) => ({ ...r, after: `${r.text}# renamed\n` })))
    const reads = vi.spyOn(ws.client, 'read')
    await session.saveAll()
    await settle()
    await settle()
    // Save all reads the open strategy's neighbours once, after writing them; the watcher's echoes add no round
    expect(reads.mock.calls.filter(([path]) => path === 'b.strategy.yaml')).toHaveLength(1)

    // a change made elsewhere still is read
    ws.external('b.strategy.yaml', `${b}# from another editor\n`)
    await vi.waitFor(() =>
      expect(reads.mock.calls.filter(([path]) => path === 'b.strategy.yaml')).toHaveLength(2),
    )
  })

  it('validates the open strategy again when its directory changes on disk', async () => {
    const dirText = readFileSync(
      resolve(import.meta.dirname, '../../../../examples/contact-center.directory.yaml'),
      'utf8',
    )
    const directory = parseDirectory(dirText)
    const starter = newStrategyText('vip', directory)
    // the group the starter targets (the one most agents serve)
    const group = /group: (\w+)/.exec(starter)?.[1] ?? ''
    const { ws, session, store } = await setup(
      { 'vip.strategy.yaml': starter, 'contact-center.directory.yaml': dirText },
      { withContext: true },
    )
    const mentionsGroup = () => store.getState().diagnostics.filter((d) => d.message.includes(`"${group}"`))
    await session.open('vip.strategy.yaml')
    await vi.waitFor(() => expect(store.getState().context.directory).toBeDefined())
    expect(mentionsGroup()).toEqual([])

    const { [group]: _dropped, ...groups } = directory.groups ?? {}
    ws.external('contact-center.directory.yaml', stringifyDirectory({ ...directory, groups }))
    await vi.waitFor(() => expect(mentionsGroup()).not.toEqual([]))
    expect(store.getState().file).toBe('vip.strategy.yaml')
  })

  it('hides the Save all summary when dismissed', async () => {
    const { session } = await setup({ 'vip.strategy.yaml': newStrategyText('vip') })
    await session.open('vip.strategy.yaml')
    await session.saveAll()
    expect(session.getState().lastSaveAll?.text).toBe('Nothing to save.')
    session.dismissSaveAll()
    expect(session.getState().lastSaveAll).toBeUndefined()
  })
})
