// The editor store: one framework-free object every panel (canvas, inspector, code view, workspace, test run)
// reads and writes. No React here; React components use `useEditor(selector)` from `src/hooks/useEditor.ts`.
//
// CONTRACT (designer-panels code against this):
// - The TEXT is the single source of truth. `state.text` is what gets saved; `state.document` is the last text
//   that parsed (kept while the text is broken, so the canvas stays on the last good state).
// - Text edits (code view): `store.setText(text, { coalesce: 'code' })` re-parses and re-validates with the
//   DSL's `checkStrategyText`. Consecutive edits with the same `coalesce` key make one undo step.
// - Canvas/inspector edits: `store.applyDocument(nextDoc, { coalesce? })` turns the new document into canonical
//   text with `updateStrategyText(prevText, nextDoc)` (keeps comments) and then behaves like `setText`. An edit
//   that would make a parsing text unreadable (an empty group name, a missing field) is refused: the text stays,
//   `refusal` says why, and applyDocument returns false. So the canvas never goes stale from a form edit.
// - Opening a file: `store.open({ file, text })` takes up the history it had when last open with this text, else a
//   fresh one; `savedText = text`, `dirty = false`.
// - Saving: the workspace panel registers `store.setSaveHandler(async (state) => ...)`; Ctrl/Cmd+S calls
//   `store.save()`, which runs the handler. After a successful write call `store.markSaved(text)`.
// - A store created with `deferCheck` opens a file in two steps: the parse first (the canvas draws it), the
//   validation in the task `deferCheck` runs (after the first frame in the browser); `checking` is true between.
// - Validation context (directory, other strategies for subroutine checks): `store.setContext({ directory,
//   strategies })`; it re-validates the current text.
// - `reveal: { line, column, nonce }` asks the code view to reveal a position (problems panel); the nonce
//   changes on every request so the same line can be revealed twice.
// - `highlight` (test run): `{ path: node ids taken, current?: node id, values?: per-node computed values }`;
//   the canvas lights up those nodes and edges. Set with `store.setHighlight(h | undefined)`.
// - `selection`: selected node ids, shared by canvas, inspector and problems panel: `store.select(ids)`.
// - Edits of other files made with an edit (a node's rename in its tests): `store.linkEdits(before, after, edits)`
//   records them with that step; undoing or redoing it sets `linked` to the edits to make, for the workspace to stage.
import type { Diagnostic, DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import {
  emptyHistory,
  type History,
  type HistoryEntry,
  type LinkedEdit,
  link,
  linkedSteps,
  record,
  redo,
  undo,
} from './history.ts'
import { jsonEqual, shareStructure } from './structural-sharing.ts'

/** Context the validator needs beyond the text. */
export interface ValidationInput {
  file?: string
  directory?: DirectoryDocument
  strategies?: ReadonlyMap<string, StrategyDocument>
  /** The file each of `strategies` came from, by id (not read by the checks: what the simulation names). */
  strategyFiles?: ReadonlyMap<string, string>
  /** Strategy files that do not parse, by the id their name gives (for a test file's RW464). */
  brokenStrategies?: ReadonlyMap<string, string>
}

/** The two DSL entry points the store needs, injected so the core stays testable and framework-free. */
export interface DslAdapter {
  check(text: string, ctx: ValidationInput): { document?: StrategyDocument; diagnostics: Diagnostic[] }
  update(previousText: string, next: StrategyDocument): string
  /**
   * Parse only, no validation: what the canvas needs to draw. Undefined for a file the store must check at once
   * (not a strategy); a later `check` of the same text reuses the parse.
   */
  parse?(
    text: string,
    ctx: ValidationInput,
  ): { document?: StrategyDocument; diagnostics: Diagnostic[] } | undefined
}

export interface EditorStoreOptions {
  /**
   * Runs the validation of a newly opened file later (the browser: after the first frame is painted), so a large
   * strategy is on screen before its checks run. Without it, opening validates at once.
   */
  deferCheck?: (task: () => void) => void
}

export interface Highlight {
  /** Node ids in the order the run visited them. */
  path: readonly string[]
  /** The node the stepper is on, if stepping. */
  current?: string
  /** Values a node computed, shown on the node (e.g. `{ priority: 10, winner: "ann" }`). */
  values?: Readonly<Record<string, Readonly<Record<string, unknown>>>>
}

export interface Reveal {
  line: number
  column: number
  nonce: number
}

export interface EditorState {
  /** Workspace-relative path of the open file, or undefined when nothing is open. */
  file: string | undefined
  text: string
  /** The last document that parsed; `undefined` only when no version of the text ever parsed. */
  document: StrategyDocument | undefined
  /** Whether `document` is the parse of the current text (false while the text is broken). */
  inSync: boolean
  diagnostics: readonly Diagnostic[]
  /** True between opening a file and its deferred validation: `diagnostics` hold only parse problems. */
  checking: boolean
  selection: readonly string[]
  /** The one connection selected on the canvas (an output of `source`): the inspector shows it when no node is selected. */
  edgeSelection: SelectedEdge | undefined
  savedText: string
  dirty: boolean
  canUndo: boolean
  canRedo: boolean
  highlight: Highlight | undefined
  reveal: Reveal | undefined
  context: ValidationInput
  /** A short message for the user (refused connection, pasted 3 nodes); the toast shows it. */
  notice: { text: string; nonce: number } | undefined
  /** Whether a save handler is registered (the Save button enables on it). */
  canSave: boolean
  /** A request to bring a node into view on the canvas (problems panel, find); the nonce repeats a request. */
  focus: { node: string; nonce: number } | undefined
  /** The last canvas/inspector edit refused because the file would no longer parse; cleared by the next edit. */
  refusal: Refusal | undefined
  /** Other files' edits an undo or redo calls for (each `before` -> `after`); a new nonce each time. */
  linked: LinkedStep | undefined
}

export interface SelectedEdge {
  source: string
  /** The output's key (`outputPathKey`), as the edge's source handle. */
  key: string
}

export interface LinkedStep {
  edits: readonly LinkedEdit[]
  /** Whether an undo asked for them (else a redo). */
  undo: boolean
  nonce: number
}

export interface Refusal {
  message: string
  /** Where in the document the problem is, e.g. `['nodes', 'vip', 'targets', 0, 'group']`. */
  path: readonly (string | number)[]
  nonce: number
}

export interface EditOptions {
  /** Edits with the same key in a row form one undo step (typing in the code view, dragging). */
  coalesce?: string
  /** Selection to record with the new state. */
  selection?: readonly string[]
}

export type SaveHandler = (state: EditorState) => Promise<void> | void
export type Listener = (state: EditorState, previous: EditorState) => void

export interface EditorStore {
  getState(): EditorState
  subscribe(listener: Listener): () => void
  open(input: { file: string | undefined; text: string; savedText?: string }): void
  setText(text: string, options?: EditOptions): void
  /**
   * An edit of `file` made while another file is open (find and replace): its history gets the undo step, so
   * opening `file` with `after` can undo back to `before`. On the open file it is a `setText`.
   */
  stageEdit(file: string, before: string, after: string): void
  /** Returns false when the edit was refused (see `refusal`). */
  applyDocument(next: StrategyDocument, options?: EditOptions): boolean
  /**
   * Records `edits` of other files with the open file's step from `before` to `after`, so its undo and redo ask
   * for them too (`linked`; at once when the step is undone already); false when that step is gone.
   */
  linkEdits(before: string, after: string, edits: readonly LinkedEdit[]): boolean
  select(ids: readonly string[]): void
  /** The one connection selected on the canvas, or none. */
  selectEdge(edge: SelectedEdge | undefined): void
  undo(): void
  redo(): void
  markSaved(text: string): void
  setSaveHandler(handler: SaveHandler | undefined): void
  /** The canvas registers where it shows the nodes the layout has no place for (laid out automatically). */
  setShownPlaces(read: (() => Record<string, readonly [number, number]>) | undefined): void
  /** Where the canvas shows the nodes without a stored place; none when no canvas is open. */
  shownPlaces(): Record<string, readonly [number, number]>
  save(): Promise<void>
  setContext(context: ValidationInput): void
  setHighlight(highlight: Highlight | undefined): void
  revealAt(line: number, column: number): void
  /** Selects the node and asks the canvas to bring it into view. */
  focusNode(id: string): void
  notify(text: string): void
}

function initialState(): EditorState {
  return {
    file: undefined,
    text: '',
    document: undefined,
    inSync: false,
    diagnostics: [],
    checking: false,
    selection: [],
    edgeSelection: undefined,
    savedText: '',
    dirty: false,
    canUndo: false,
    canRedo: false,
    highlight: undefined,
    reveal: undefined,
    context: {},
    notice: undefined,
    canSave: false,
    refusal: undefined,
    focus: undefined,
    linked: undefined,
  }
}

const sameSelection = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i])

export function createEditorStore(dsl: DslAdapter, options: EditorStoreOptions = {}): EditorStore {
  let state = initialState()
  let history: History = emptyHistory()
  // each file's history, kept when another file opens: back on it with the same text, its edits can still be undone
  const histories = new Map<string, { history: History; text: string }>()
  let saveHandler: SaveHandler | undefined
  let readShownPlaces: (() => Record<string, readonly [number, number]>) | undefined
  let nonce = 0
  const listeners = new Set<Listener>()

  function set(patch: Partial<EditorState>) {
    const previous = state
    state = { ...state, ...patch }
    state.dirty = state.text !== state.savedText
    state.canUndo = history.past.length > 0
    state.canRedo = history.future.length > 0
    for (const listener of [...listeners]) listener(state, previous)
  }

  // the check applyDocument ran to decide, reused by the setText that follows instead of validating twice
  let probe:
    | {
        text: string
        file: string | undefined
        context: ValidationInput
        result: ReturnType<DslAdapter['check']>
      }
    | undefined

  function check(text: string): ReturnType<DslAdapter['check']> {
    const { file, context } = state
    if (probe?.text === text && probe.file === file && probe.context === context) return probe.result
    const result = dsl.check(text, { ...context, ...fileCtx() })
    probe = { text, file, context, result }
    return result
  }

  /** Parses and validates `text`, keeping the last good document when it does not parse. */
  function analyse(text: string): Pick<EditorState, 'document' | 'inSync' | 'diagnostics' | 'checking'> {
    const result = check(text)
    if (result.document === undefined) {
      return {
        document: state.document,
        inSync: false,
        diagnostics: shareDiagnostics(result.diagnostics),
        checking: false,
      }
    }
    return {
      document: shareStructure(state.document, result.document),
      inSync: true,
      diagnostics: shareDiagnostics(result.diagnostics),
      checking: false,
    }
  }

  /** Opening with `deferCheck`: the parsed document now, the validation in a later task. */
  function openParsed(text: string): Pick<EditorState, 'document' | 'inSync' | 'diagnostics' | 'checking'> {
    const deferCheck = options.deferCheck
    const parsed = deferCheck && dsl.parse?.(text, { ...state.context, ...fileCtx() })
    if (!deferCheck || parsed?.document === undefined) return analyse(text)
    deferCheck(() => {
      // an edit, undo or context change since has validated already
      if (state.checking) set(analyse(state.text))
    })
    return { document: parsed.document, inSync: true, diagnostics: parsed.diagnostics, checking: true }
  }

  function fileCtx(): ValidationInput {
    return state.file === undefined || state.context.file !== undefined ? {} : { file: state.file }
  }

  function shareDiagnostics(next: Diagnostic[]): readonly Diagnostic[] {
    return jsonEqual(next, state.diagnostics) ? state.diagnostics : next
  }

  function pruneSelection(document: StrategyDocument | undefined, selection: readonly string[]) {
    if (document === undefined) return selection
    const kept = selection.filter((id) => Object.hasOwn(document.nodes, id))
    return kept.length === selection.length ? selection : kept
  }

  function current(): HistoryEntry {
    return { text: state.text, selection: state.selection }
  }

  function setText(text: string, options: EditOptions = {}) {
    if (text === state.text && options.selection === undefined) return
    if (text !== state.text) history = record(history, current(), options.coalesce)
    const analysed = text === state.text ? undefined : analyse(text)
    const document = analysed ? analysed.document : state.document
    set({ text, ...analysed, selection: pruneSelection(document, options.selection ?? state.selection) })
  }

  /** Restores an undo (`back`) or redo step's entry; the other files' edits of that step go to `linked`. */
  function restore(entry: HistoryEntry, back: boolean) {
    const analysed = analyse(entry.text)
    const selection = pruneSelection(analysed.document, entry.selection)
    if (entry.linked !== undefined) nonce += 1
    const step = entry.linked && { edits: linkedSteps(entry.linked, back), undo: back, nonce }
    set({ text: entry.text, ...analysed, selection, ...(step && { linked: step }) })
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    open({ file, text, savedText }) {
      if (state.file !== undefined) histories.set(state.file, { history, text: state.text })
      const kept = file === undefined ? undefined : histories.get(file)
      // a text that changed meanwhile (reloaded from disk) would make the old entries undo someone else's change
      history = kept !== undefined && kept.text === text ? kept.history : emptyHistory()
      state = {
        ...state,
        file,
        document: undefined,
        diagnostics: [],
        selection: [],
        edgeSelection: undefined,
        highlight: undefined,
      }
      const analysed = openParsed(text)
      set({
        file,
        text,
        savedText: savedText ?? text,
        ...analysed,
        selection: [],
        edgeSelection: undefined,
        reveal: undefined,
      })
    },
    setText,
    stageEdit(file, before, after) {
      if (file === state.file) {
        setText(after)
        return
      }
      const kept = histories.get(file)
      const base = kept !== undefined && kept.text === before ? kept.history : emptyHistory()
      histories.set(file, { history: record(base, { text: before, selection: [] }, undefined), text: after })
    },
    applyDocument(next, options = {}) {
      const text = dsl.update(state.inSync ? state.text : '', next)
      if (state.inSync && text !== state.text) {
        const result = check(text)
        if (result.document === undefined) {
          const reason = result.diagnostics.find((d) => d.severity === 'error')
          nonce += 1
          set({
            refusal: {
              message: reason?.message ?? 'The change would make the file unreadable.',
              path: reason?.path ?? [],
              nonce,
            },
          })
          return false
        }
      }
      if (state.refusal !== undefined) set({ refusal: undefined })
      setText(text, options)
      return true
    },
    linkEdits(before, after, edits) {
      const linked = link(history, state.text, before, after, edits)
      if (linked === undefined) return false
      history = linked.history
      if (linked.undone) {
        // undone before the edits were linked: they are due back now
        nonce += 1
        set({ linked: { edits: linkedSteps(edits, true), undo: true, nonce } })
      }
      return true
    },
    select(ids) {
      if (sameSelection(ids, state.selection)) return
      set({ selection: [...ids] })
    },
    selectEdge(edge) {
      const now = state.edgeSelection
      if (now?.source === edge?.source && now?.key === edge?.key) return
      set({ edgeSelection: edge })
    },
    undo() {
      const step = undo(history, current())
      if (!step) return
      history = step[1]
      restore(step[0], true)
    },
    redo() {
      const step = redo(history, current())
      if (!step) return
      history = step[1]
      restore(step[0], false)
    },
    markSaved(text) {
      set({ savedText: text })
    },
    setShownPlaces(read) {
      readShownPlaces = read
    },
    shownPlaces() {
      return readShownPlaces?.() ?? {}
    },
    setSaveHandler(handler) {
      saveHandler = handler
      set({ canSave: handler !== undefined })
    },
    async save() {
      if (saveHandler) await saveHandler(state)
    },
    setContext(context) {
      state = { ...state, context }
      // a pending deferred check validates with this context
      set(state.checking ? {} : analyse(state.text))
    },
    setHighlight(highlight) {
      set({ highlight })
    },
    revealAt(line, column) {
      nonce += 1
      set({ reveal: { line, column, nonce } })
    },
    focusNode(id) {
      nonce += 1
      set({ selection: [id], focus: { node: id, nonce } })
    },
    notify(text) {
      nonce += 1
      set({ notice: { text, nonce } })
    },
  }
}
