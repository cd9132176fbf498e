// The workspace session: which file is open at which version, saving with optimistic concurrency, conflicts,
// external changes and drafts. Framework-free: React reads it through `subscribe`/`getState`.
import type { Diagnostic } from '@routewright/strategy-dsl'
import type { FileContent, FileMeta, WorkspaceChange } from '../api/protocol.ts'
import type { EditorStore, LinkedStep } from '../core/editor-store.ts'
import type { WorkspaceClientLike } from './client-types.ts'
import type { DraftStore } from './drafts.ts'
import {
  createStrategy,
  createTestFile,
  duplicateFile,
  type FileOpsContext,
  removeFile,
  renameFile,
  upsert,
} from './file-operations.ts'
import { baseName, suffixOf } from './files.ts'
import { saveAll } from './save-all.ts'
import { type SaveAllSummary, settleSaveAll } from './save-all-plan.ts'
import { skippedNote } from './skipped-note.ts'
import {
  type EditableText,
  linkedNotice,
  readEditable,
  type StagedEdit,
  stageEdits,
  stageLinkedEdits,
} from './staged-edits.ts'

/** The dialog the user must answer: the file on disk moved on while they had it open. */
export interface Conflict {
  path: string
  /** `save`: a save was refused; `external`: a change arrived while there were local edits. */
  reason: 'save' | 'external'
  /** What is on disk now; null when the file was deleted. */
  current: FileContent | null
}

export interface LastSave {
  path: string
  at: number
  errors: number
  warnings: number
}

export interface WorkspaceState {
  /** The folder the server works on, once listed (drafts are kept per workspace). */
  workspace: string | undefined
  files: readonly FileMeta[]
  loaded: boolean
  /** The open file and the version its unsaved edits are based on. */
  open: { path: string; version: string } | undefined
  conflict: Conflict | undefined
  saving: boolean
  lastSave: LastSave | undefined
  /** The last failure (network, refused path, too large), shown until the next success. */
  error: string | undefined
  /** Something the user should know about the open file (a restored draft). */
  notice: string | undefined
  /** Files other than the open one with unsaved changes kept as drafts (left while edited, find and replace). */
  drafted: readonly string[]
  /** What the last Save all saved and skipped: until dismissed, the next one, or every skipped file saved or reloaded. */
  lastSaveAll: SaveAllSummary | undefined
  /** RW091 warnings of the last list: entries the server's walk skipped (a FIFO, a folder), for the Problems panel. */
  skipped: readonly Diagnostic[]
}

export interface WorkspaceSessionOptions {
  client: WorkspaceClientLike
  store: EditorStore
  drafts: DraftStore
  now(): number
  /** Canonical text of a document by its path's kind; throws when the text does not parse. */
  format(path: string, text: string): string
  /** Sends typing that waits for its debounce to the store (the code view's pending edits). */
  flushEdits?(): void
  /**
   * Loads what validation of the open file needs (directory, other strategies) into the store; `forNewFile` loads it
   * for a file about to be created (not open yet), whose first draft names the directory's groups and agents.
   */
  loadContext?(path: string, files: readonly FileMeta[], forNewFile?: boolean): Promise<void>
}

export interface WorkspaceSession {
  getState(): WorkspaceState
  subscribe(listener: (state: WorkspaceState) => void): () => void
  /** Lists the files, starts watching, takes over the store's save hook. */
  start(): Promise<void>
  refresh(): Promise<void>
  /** Opens `path`; of opens whose reads overlap, the one asked for last wins, whichever read ends last. */
  open(path: string): Promise<void>
  /** The page's first open (the URL's file, the last open, the first strategy): skipped if one was asked for already. */
  openAtStart(path: string): Promise<void>
  save(options?: { force?: boolean }): Promise<void>
  /** Saves every file with unsaved changes, one at a time, each with Save's conflict check. */
  saveAll(): Promise<SaveAllSummary>
  /** Conflict answer: take the disk version, losing local edits. */
  reload(): Promise<void>
  /** Conflict answer: write the local text over the disk version. */
  overwrite(): Promise<void>
  /** Keep editing; the next save meets the conflict again. */
  dismissConflict(): void
  dismissNotice(): void
  /** Hides the last Save all's summary (its close button, Escape). */
  dismissSaveAll(): void
  /** Writes the open file's unsaved text to its draft now (the page is about to unload). */
  keepDraft(): void
  /** A file's text as the user sees it (unsaved edits included) and the version they build on. */
  readForEdit(path: string): Promise<EditableText>
  /** Edits any files (find and replace) as unsaved changes; returns the paths skipped as changed since read. */
  stageEdits(edits: readonly StagedEdit[]): string[]
  createStrategy(id: string, folder?: string): Promise<string | undefined>
  /** Writes `text` as the strategy's new `<name>.test.yaml`; refused (an error shown) when one exists. */
  createTestFile(strategyPath: string, text: string): Promise<string | undefined>
  rename(from: string, name: string): Promise<string | undefined>
  duplicate(from: string, name: string): Promise<string | undefined>
  remove(path: string): Promise<void>
  destroy(): void
}

export function createWorkspaceSession(options: WorkspaceSessionOptions): WorkspaceSession {
  const { client, store } = options
  // drafts this page load wrote (typing, a file left while edited, a rename's tests): opening one again restores
  // nothing the user lost, so it says nothing; a draft from before a reload or a closed tab says it was restored
  const writtenHere = new Set<string>()
  const drafts: DraftStore = {
    load: (path) => options.drafts.load(path),
    peek: (path) => options.drafts.peek(path),
    save(draft) {
      writtenHere.add(draft.path)
      options.drafts.save(draft)
    },
    clear(path) {
      writtenHere.delete(path)
      options.drafts.clear(path)
    },
  }
  let state: WorkspaceState = {
    workspace: undefined,
    files: [],
    loaded: false,
    open: undefined,
    conflict: undefined,
    saving: false,
    lastSave: undefined,
    error: undefined,
    notice: undefined,
    drafted: [],
    lastSaveAll: undefined,
    skipped: [],
  }
  const listeners = new Set<(state: WorkspaceState) => void>()
  const cleanups: Array<() => void> = []
  let inFlight: Promise<void> | undefined
  let allInFlight: Promise<SaveAllSummary> | undefined
  // changes to the open file seen while a save is in flight, judged once we know the version we wrote
  let heldChanges: WorkspaceChange[] = []

  function set(patch: Partial<WorkspaceState>) {
    state = { ...state, ...patch }
    for (const listener of [...listeners]) listener(state)
  }

  function fail(error: unknown, doing: string) {
    const message = error instanceof Error ? error.message : String(error)
    set({ error: `${doing}: ${message}` })
  }

  let omittedSaid = 0
  let skippedSaid = ''
  async function refresh() {
    try {
      const { workspace, files, omitted, skipped } = await client.list()
      // a file past the server's cap would otherwise just be missing from the list
      const notice =
        omitted !== undefined && omitted > 0 && omitted !== omittedSaid
          ? `The workspace holds ${omitted} more document${omitted === 1 ? '' : 's'} than the ${files.length} listed (the designer lists the first 5,000 by path): open a sub-folder as the workspace (--workspace) to reach them.`
          : undefined
      omittedSaid = omitted ?? 0 // once per count: a dismissed note does not come back on every refresh
      const skippedNotice = skippedNote(skipped ?? [])
      const skippedKey = (skipped ?? []).map((d) => d.file).join('\0')
      // skippedSaid is the key of state.skipped too: both change only here
      const skippedSame = skippedKey === skippedSaid
      skippedSaid = skippedKey // once per set of entries, like the count above
      const skippedNew = skippedNotice !== undefined && !skippedSame
      const said = [notice, skippedNew ? skippedNotice : undefined].filter((n) => n !== undefined).join(' ')
      // the same array while the set is unchanged: the Problems panel re-renders only when it changes
      const kept = skippedSame ? state.skipped : (skipped ?? [])
      set({ files, loaded: true, workspace, skipped: kept, ...(said !== '' ? { notice: said } : {}) })
    } catch (error) {
      fail(error, 'Could not list the workspace')
    }
  }

  function persistDraft() {
    const s = store.getState()
    const open = state.open
    if (!open || s.file !== open.path) return
    if (s.dirty)
      drafts.save({ path: open.path, baseVersion: open.version, text: s.text, savedAt: options.now() })
    else drafts.clear(open.path)
  }

  function openContent(content: FileContent) {
    const left = state.open?.path
    // the file being left keeps its unsaved edits as a draft (persistDraft): the file list still marks it
    const leftDirty = left !== undefined && left !== content.path && store.getState().dirty
    const drafted = state.drafted.filter((path) => path !== content.path && path !== left)
    if (leftDirty) drafted.push(left)
    const draft = drafts.load(content.path)
    let notice: string | undefined
    let version = content.version
    const restored = draft !== undefined && draft.text !== content.text
    if (restored) {
      // a draft over a file that changed since keeps its old base version, so saving it meets the conflict dialog
      version = draft.baseVersion
      const when = new Date(draft.savedAt).toLocaleString()
      const moved = draft.baseVersion !== content.version
      if (!writtenHere.has(content.path))
        notice = moved
          ? `Restored unsaved changes from ${when}; the file has also changed on disk since, so saving will ask first.`
          : `Restored unsaved changes from ${when}.`
      else if (moved)
        notice = 'The file has changed on disk since your unsaved changes to it, so saving will ask first.'
      store.open({ file: content.path, text: draft.text, savedText: content.text })
    } else {
      if (draft) drafts.clear(content.path)
      store.open({ file: content.path, text: content.text })
    }
    set({
      open: { path: content.path, version },
      conflict: undefined,
      notice,
      error: undefined,
      drafted: drafted.sort(),
      // opened as on disk, no draft left: a Save all that skipped it has nothing more to say about it
      ...(!restored ? { lastSaveAll: settleSaveAll(state.lastSaveAll, content.path) } : {}),
    })
    void options
      .loadContext?.(content.path, state.files)
      .catch((error) => fail(error, 'Could not load the directory'))
  }

  // a slow read of a file asked for earlier (the page's first open, a double click) must not replace a later one
  let openAsked = 0
  async function open(path: string) {
    const asked = ++openAsked
    try {
      const content = await client.read(path)
      if (asked === openAsked) openContent(content)
    } catch (error) {
      if (asked === openAsked) fail(error, `Could not open ${path}`)
    }
  }

  function openAtStart(path: string): Promise<void> {
    // a file clicked while the workspace was still loading is the one the user wants
    return openAsked === 0 && state.open === undefined ? open(path) : Promise.resolve()
  }

  function canonical(path: string, text: string): string {
    try {
      return options.format(path, text)
    } catch {
      return text // a draft that does not parse is saved as typed; the status says it has errors
    }
  }

  async function writeOpen(force: boolean) {
    options.flushEdits?.()
    const open = state.open
    const before = store.getState()
    if (!open || before.file !== open.path) return
    let text = before.text
    // an unedited file is written back byte for byte; edited text is written in canonical form
    if (before.dirty) {
      text = canonical(open.path, before.text)
      if (text !== before.text) store.setText(text, { coalesce: 'format' })
    }
    set({ saving: true, error: undefined })
    try {
      const outcome = await client.write({
        path: open.path,
        text,
        baseVersion: open.version,
        ...(force ? { force } : {}),
      })
      if (!outcome.ok) {
        set({ conflict: { path: open.path, reason: 'save', current: outcome.current } })
        return
      }
      state = { ...state, open: { path: open.path, version: outcome.file.version } }
      store.markSaved(text)
      if (!store.getState().dirty) drafts.clear(open.path)
      const diagnostics = store.getState().text === text ? store.getState().diagnostics : []
      set({
        conflict: undefined,
        notice: undefined,
        files: upsert(state.files, outcome.file),
        lastSaveAll: settleSaveAll(state.lastSaveAll, open.path),
        lastSave: {
          path: open.path,
          at: options.now(),
          errors: diagnostics.filter((d) => d.severity === 'error').length,
          warnings: diagnostics.filter((d) => d.severity === 'warning').length,
        },
      })
    } catch (error) {
      fail(error, `Could not save ${open.path}`)
    } finally {
      set({ saving: false })
      const held = heldChanges
      heldChanges = []
      for (const change of held) await onChange(change)
    }
  }

  function save(opts: { force?: boolean } = {}): Promise<void> {
    // one save at a time: a second Ctrl+S during a write would race its own base version
    if (inFlight) return inFlight
    inFlight = writeOpen(opts.force === true).finally(() => {
      inFlight = undefined
    })
    return inFlight
  }

  // a neighbour of the open strategy changed on disk (its directory, a strategy it calls or that calls it): the list
  // is re-read, then what the open file validates against; changes arriving meanwhile (a git checkout) fold into
  // one more round instead of one read of the workspace each
  let neighboursStale = false
  let neighboursReading: Promise<void> | undefined
  function neighbourChanged() {
    neighboursStale = true
    if (neighboursReading) return
    neighboursReading = rereadNeighbours().finally(() => {
      neighboursReading = undefined
      if (neighboursStale) neighbourChanged()
    })
  }

  async function rereadNeighbours() {
    neighboursStale = false
    await refresh()
    const path = state.open?.path
    if (path === undefined) return
    await options
      .loadContext?.(path, state.files)
      .catch((error) => fail(error, 'Could not re-read the files the open strategy uses'))
  }

  // other files' changes seen while Save all runs, judged once its writes are in the file list
  let heldNeighbourChanges: WorkspaceChange[] = []

  /** The file list already holds this change: our own write (Save all, duplicate) coming back. */
  function listed(change: WorkspaceChange): boolean {
    const file = state.files.find((f) => f.path === change.path)
    return change.version === null ? file === undefined : file?.version === change.version
  }

  function otherFileChanged(change: WorkspaceChange) {
    if (listed(change)) return
    // a test file feeds no diagnostic of the strategy (the test run re-reads it by version)
    if (state.open && change.kind !== 'test') neighbourChanged()
    else void refresh()
  }

  function judgeHeldNeighbourChanges() {
    const held = heldNeighbourChanges
    heldNeighbourChanges = []
    for (const change of held) otherFileChanged(change)
  }

  async function onChange(change: WorkspaceChange) {
    const open = state.open
    if (!open || change.path !== open.path) {
      if (allInFlight) heldNeighbourChanges.push(change)
      else otherFileChanged(change)
      return
    }
    if (state.saving) {
      heldChanges.push(change)
      return
    }
    void refresh()
    if (change.version === open.version) return // our own write coming back
    if (change.type === 'deleted') {
      set({ conflict: { path: open.path, reason: 'external', current: null } })
      return
    }
    let content: FileContent
    try {
      content = await client.read(open.path)
    } catch (error) {
      fail(error, `Could not read ${open.path} after it changed on disk`)
      return
    }
    if (state.open?.path !== open.path) return
    // typing still waiting for the code view's pause counts as an edit: taken for a clean file, the disk version
    // would replace the store's text and the typing, sent after it, would then be saved over the outside change
    options.flushEdits?.()
    const dirty = store.getState().dirty
    if (content.text === store.getState().text) {
      set({ open: { path: open.path, version: content.version } })
      store.markSaved(content.text)
    } else if (!dirty) {
      openContent(content)
    } else {
      set({ conflict: { path: open.path, reason: 'external', current: content } })
    }
  }

  async function reload() {
    const conflict = state.conflict
    if (!conflict) return
    drafts.clear(conflict.path)
    if (conflict.current) {
      openContent(conflict.current)
      return
    }
    try {
      openContent(await client.read(conflict.path))
    } catch {
      // the file is gone: close it rather than keep showing text that exists nowhere
      store.open({ file: undefined, text: '' })
      set({ open: undefined, conflict: undefined })
    }
  }

  const ops: FileOpsContext = {
    client,
    store,
    drafts,
    state: () => state,
    set,
    now: options.now,
    fail,
    open,
    loadContext: async (path) => {
      await options.loadContext?.(path, state.files, true)
    },
  }

  // one undo or redo's linked edits at a time: the next reads what the previous one staged
  let linkedRun: Promise<void> = Promise.resolve()
  function stageLinked(step: LinkedStep) {
    linkedRun = linkedRun
      .then(async () => {
        const notice = linkedNotice(step.undo, await stageLinkedEdits(ops, step.edits))
        if (notice !== undefined) store.notify(notice)
      })
      .catch((error: unknown) =>
        store.notify(`Could not ${step.undo ? 'undo' : 'redo'} in other files: ${String(error)}`),
      )
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async start() {
      store.setSaveHandler(() => save())
      cleanups.push(() => store.setSaveHandler(undefined))
      let lastText = store.getState().text
      cleanups.push(
        store.subscribe((s) => {
          if (s.text === lastText && s.file === state.open?.path) return
          lastText = s.text
          persistDraft()
        }),
      )
      cleanups.push(
        store.subscribe((s, previous) => {
          if (s.linked !== undefined && s.linked !== previous.linked) stageLinked(s.linked)
        }),
      )
      cleanups.push(
        client.watch(
          (change) => void onChange(change),
          () => void refresh(),
        ),
      )
      await refresh()
      // drafts from before a reload (find and replace, files left while edited) stay marked in the file list
      const open = state.open?.path
      const kept = state.files.filter((f) => f.path !== open && drafts.peek(f.path) !== undefined)
      if (kept.length > 0)
        set({ drafted: [...new Set([...state.drafted, ...kept.map((f) => f.path)])].sort() })
    },
    refresh,
    open,
    openAtStart,
    save,
    saveAll() {
      // a second Ctrl+Alt+S while one runs joins it: two runs would write a draft twice on one base version
      if (allInFlight) return allInFlight
      options.flushEdits?.()
      const reloadContext = async (path: string) => {
        await options
          .loadContext?.(path, state.files)
          .catch((error) => fail(error, 'Could not load the directory'))
      }
      allInFlight = saveAll({ ...ops, saveOpen: () => save(), canonical, reloadContext }).finally(() => {
        allInFlight = undefined
        judgeHeldNeighbourChanges()
      })
      return allInFlight
    },
    reload,
    overwrite: () => save({ force: true }),
    dismissConflict: () => set({ conflict: undefined }),
    dismissNotice: () => set({ notice: undefined }),
    dismissSaveAll: () => set({ lastSaveAll: undefined }),
    keepDraft: persistDraft,
    readForEdit(path) {
      options.flushEdits?.()
      return readEditable(ops, path)
    },
    stageEdits: (edits) => stageEdits(ops, edits),
    createStrategy: (id, folder) => createStrategy(ops, id, folder),
    createTestFile: (strategyPath, text) => createTestFile(ops, strategyPath, text),
    rename: (from, name) => renameFile(ops, from, name),
    duplicate: (from, name) => duplicateFile(ops, from, name),
    remove: (path) => removeFile(ops, path),
    destroy() {
      // listeners stay: React may start the same session again (StrictMode) with its subscribers in place
      for (const cleanup of cleanups.splice(0)) cleanup()
    },
  }
}

/** A display name for a path in dialogs. */
export function displayName(path: string): string {
  return `${baseName(path)}${suffixOf(path)}`
}
