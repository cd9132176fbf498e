import type { Diagnostic } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { createManualTimers } from '../core/timers.ts'
import type { MarkerData } from './markers.ts'
import { applyEdits, type TextEdit } from './minimal-edit.ts'
import { type CodeSnapshot, createCodeSynchroniser, type RevealRange } from './synchroniser.ts'

// a text buffer standing in for Monaco (a boundary we do not own), recording what the synchroniser did
function makeEditor(initial = '') {
  let value = initial
  const listeners = new Set<() => void>()
  const edits: TextEdit[] = []
  const markers: MarkerData[][] = []
  const reveals: RevealRange[] = []
  return {
    edits,
    markers,
    reveals,
    type(next: string) {
      value = next
      for (const l of listeners) l()
    },
    getValue: () => value,
    applyEdits(batch: readonly TextEdit[]) {
      edits.push(...batch)
      value = applyEdits(value, batch)
      for (const l of listeners) l()
    },
    onDidChangeContent(listener: () => void) {
      listeners.add(listener)
      return { dispose: () => listeners.delete(listener) }
    },
    setMarkers: (m: MarkerData[]) => markers.push(m),
    reveal: (r: RevealRange) => reveals.push(r),
  }
}

function setup(initial: string) {
  const editor = makeEditor(initial)
  const clock = createManualTimers()
  const sent: string[] = []
  const sync = createCodeSynchroniser({ editor, timers: clock.timers, onTextChange: (t) => sent.push(t) })
  const snapshot = (text: string, extra: Partial<CodeSnapshot> = {}): CodeSnapshot => ({
    text,
    diagnostics: [],
    ...extra,
  })
  return { editor, clock, sent, sync, snapshot }
}

describe('createCodeSynchroniser', () => {
  it('applies distant store changes as separate edits, leaving the lines between alone', () => {
    const { editor, sync, snapshot } = setup('a: 1\nb: 2\nc: 3\n')
    sync.update(snapshot('a: 9\nb: 2\nc: 8\n'))
    expect(editor.edits).toEqual([
      { start: 3, end: 4, text: '9' },
      { start: 13, end: 14, text: '8' },
    ])
  })

  it('applies a store change as a minimal edit', () => {
    const { editor, sync, snapshot, sent } = setup('a: 1\nb: 2\n')
    sync.update(snapshot('a: 1\nb: 3\n'))
    expect(editor.edits).toEqual([{ start: 8, end: 9, text: '3' }])
    expect(editor.getValue()).toBe('a: 1\nb: 3\n')
    expect(sent).toEqual([]) // its own edit is not echoed back to the store
  })

  it('sends typed text to the store once after the pause', () => {
    const { editor, clock, sync, sent, snapshot } = setup('a: 1\n')
    sync.update(snapshot('a: 1\n'))
    editor.type('a: 12\n')
    editor.type('a: 123\n')
    expect(sent).toEqual([])
    expect(clock.count()).toBe(1)
    clock.fire()
    expect(sent).toEqual(['a: 123\n'])
  })

  it('does not overwrite typing with older store text', () => {
    const { editor, sync, snapshot } = setup('a: 1\n')
    sync.update(snapshot('a: 1\n'))
    editor.type('a: 2\n')
    sync.update(snapshot('a: 1\n', { diagnostics: [] }))
    expect(editor.getValue()).toBe('a: 2\n')
    expect(editor.edits).toEqual([])
  })

  it('flush sends pending typing immediately', () => {
    const { editor, clock, sync, sent } = setup('x')
    editor.type('y')
    expect(sync.pending()).toBe(true)
    sync.flush()
    expect(sent).toEqual(['y'])
    expect(clock.count()).toBe(0)
    expect(sync.pending()).toBe(false)
  })

  it('sets markers only when the diagnostics change', () => {
    const { editor, sync, snapshot } = setup('a')
    const diagnostics: Diagnostic[] = [{ code: 'RW001', severity: 'error', message: 'bad', path: [] }]
    sync.update(snapshot('a', { diagnostics }))
    sync.update(snapshot('a', { diagnostics }))
    expect(editor.markers).toHaveLength(1)
    expect(editor.markers[0]?.[0]?.code).toBe('RW001')
  })

  it('obeys each reveal request once', () => {
    const { editor, sync, snapshot } = setup('a')
    const reveal = { line: 4, column: 3 }
    sync.update(snapshot('a', { reveal }))
    sync.update(snapshot('a', { reveal }))
    sync.update(snapshot('a', { reveal: { line: 4, column: 3 } }))
    expect(editor.reveals).toEqual([reveal, reveal])
  })

  it('stops listening after destroy', () => {
    const { editor, clock, sync, sent } = setup('a')
    sync.destroy()
    editor.type('b')
    clock.fire()
    expect(sent).toEqual([])
  })
})
