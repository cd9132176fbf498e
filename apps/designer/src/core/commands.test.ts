import { describe, expect, it } from 'vitest'
import { addNodeAt, connectOutput, deleteSelection, renameSelected } from './commands.ts'
import { dslAdapter } from './dsl-adapter.ts'
import { createEditorStore } from './editor-store.ts'

function emptyStore() {
  const store = createEditorStore(dslAdapter)
  store.open({ file: 'fresh.strategy.yaml', text: '' })
  return store
}

describe('editor commands', () => {
  it('starts a document from an empty file and makes the first node the start', () => {
    const store = emptyStore()
    const id = addNodeAt(store, 'wait', [10, 20])
    const doc = store.getState().document!
    expect(id).toBe('wait')
    expect(doc.strategy).toBe('fresh')
    expect(doc.start).toBe('wait')
    expect(doc.layout?.wait).toEqual([10, 20])
    expect(store.getState().selection).toEqual(['wait'])
  })

  it.each([
    ['a directory file', 'env.directory.yaml', 'directory: prod\nformat: 1\n'],
    ['an empty test file', 'x.test.yaml', ''],
  ])('never turns %s into a strategy when a node is dropped on the canvas', (_, file, text) => {
    const store = createEditorStore(dslAdapter)
    store.open({ file, text })
    expect(addNodeAt(store, 'wait', [0, 0])).toBe('')
    expect(store.getState().text).toBe(text)
    expect(store.getState().notice?.text).toMatch(/edit it in the YAML view/)
  })

  it('connects an output and refuses a self-connection with a notice', () => {
    const store = emptyStore()
    addNodeAt(store, 'wait', [0, 0])
    addNodeAt(store, 'end', [300, 0])
    expect(connectOutput(store, 'wait', 'next', 'end')).toBe(true)
    expect(store.getState().text).toMatch(/next: end/)
    const before = store.getState().text
    expect(connectOutput(store, 'wait', 'next', 'wait')).toBe(false)
    expect(store.getState().notice?.text).toMatch(/cannot connect to itself/)
    expect(connectOutput(store, 'wait', 'next', 'nowhere')).toBe(false)
    expect(store.getState().text).toBe(before)
  })

  it('renames with rewiring and deletes the selection as one undo step each', () => {
    const store = emptyStore()
    addNodeAt(store, 'wait', [0, 0])
    addNodeAt(store, 'end', [300, 0])
    connectOutput(store, 'wait', 'next', 'end')
    expect(renameSelected(store, 'end', 'finish')).toBe(true)
    expect(store.getState().text).toMatch(/next: finish/)
    store.select(['finish'])
    deleteSelection(store)
    expect(store.getState().document?.nodes.finish).toBeUndefined()
    store.undo()
    expect(store.getState().document?.nodes.finish).toBeDefined()
  })

  it("takes a node's own id as no change, not as a clash with itself", () => {
    const store = emptyStore()
    addNodeAt(store, 'wait', [0, 0])
    const before = store.getState().text
    expect(renameSelected(store, 'wait', 'wait')).toBe(true)
    expect(store.getState().notice).toBeUndefined()
    expect(store.getState().text).toBe(before)
  })

  it('refuses an invalid id', () => {
    const store = emptyStore()
    addNodeAt(store, 'wait', [0, 0])
    expect(renameSelected(store, 'wait', '9lives')).toBe(false)
    expect(store.getState().notice?.text).toMatch(/starting with a letter/)
  })
})
