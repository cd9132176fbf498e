// The bridge between the code editor and the editor store, outside React (house style: xyflow's XYDrag).
// It reads the store through `update(snapshot)` and writes through `onTextChange`; Monaco hides behind SyncEditor.
import type { Diagnostic } from '@routewright/strategy-dsl'
import { browserTimers, type TimerApi } from '../core/timers.ts'
import { type MarkerData, markersFromDiagnostics } from './markers.ts'
import { minimalEdits, type TextEdit } from './minimal-edit.ts'

/** A place to scroll to and select, 1-based like the editor. */
export interface RevealRange {
  line: number
  column: number
  endLine?: number
  endColumn?: number
}

/** What the synchroniser needs from an editor; `monacoSyncEditor` adapts a real Monaco editor. */
export interface SyncEditor {
  getValue(): string
  /** Applies edits (offsets into the current text, in order) as one undoable step, keeping cursor and scroll. */
  applyEdits(edits: readonly TextEdit[]): void
  onDidChangeContent(listener: () => void): { dispose(): void }
  setMarkers(markers: MarkerData[]): void
  reveal(range: RevealRange): void
}

/** The part of the store's state the code view shows. `reveal` is compared by identity: a new object is a new request. */
export interface CodeSnapshot {
  text: string
  diagnostics: readonly Diagnostic[]
  reveal?: RevealRange | undefined
}

export interface CodeSynchroniserOptions {
  editor: SyncEditor
  /** Called with the editor's text once the user pauses typing. */
  onTextChange(text: string): void
  debounceMs?: number
  timers?: TimerApi
}

export interface CodeSynchroniser {
  /** Brings the editor up to date with the store: text (as a minimal edit), markers, reveal requests. */
  update(snapshot: CodeSnapshot): void
  /** Sends pending typing to the store now (before a save, on blur). */
  flush(): void
  /** True while typed text waits for the debounce. */
  pending(): boolean
  destroy(): void
}

export function createCodeSynchroniser(options: CodeSynchroniserOptions): CodeSynchroniser {
  const { editor, onTextChange } = options
  const debounceMs = options.debounceMs ?? 300
  const timers = options.timers ?? browserTimers
  let timer: unknown
  let applying = false
  let lastText: string | undefined
  let lastDiagnostics: readonly Diagnostic[] | undefined
  let lastReveal: RevealRange | undefined

  function send(): void {
    timer = undefined
    const text = editor.getValue()
    lastText = text
    onTextChange(text)
  }

  function flush(): void {
    if (timer === undefined) return
    timers.clearTimeout(timer)
    send()
  }

  const subscription = editor.onDidChangeContent(() => {
    if (applying) return
    if (timer !== undefined) timers.clearTimeout(timer)
    timer = timers.setTimeout(send, debounceMs)
  })

  function update(snapshot: CodeSnapshot): void {
    // while the user is typing the store holds older text: never overwrite what they are writing
    if (timer === undefined && snapshot.text !== lastText) {
      const edits = minimalEdits(editor.getValue(), snapshot.text)
      if (edits.length) {
        applying = true
        try {
          editor.applyEdits(edits)
        } finally {
          applying = false
        }
      }
      lastText = snapshot.text
    }
    if (snapshot.diagnostics !== lastDiagnostics) {
      lastDiagnostics = snapshot.diagnostics
      editor.setMarkers(markersFromDiagnostics(snapshot.diagnostics))
    }
    if (snapshot.reveal && snapshot.reveal !== lastReveal) {
      lastReveal = snapshot.reveal
      editor.reveal(snapshot.reveal)
    }
  }

  return {
    update,
    flush,
    pending: () => timer !== undefined,
    destroy() {
      if (timer !== undefined) timers.clearTimeout(timer)
      timer = undefined
      subscription.dispose()
    },
  }
}
