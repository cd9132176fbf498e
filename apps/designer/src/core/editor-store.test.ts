import { describe, expect, it } from 'vitest'
import { dslAdapter } from './dsl-adapter.ts'
import { createEditorStore } from './editor-store.ts'

const text = `strategy: demo
format: 1
start: a
nodes:
  a: { type: wait, for: 5s, next: b }
  b: { type: end, outcome: abandon }
`

function make() {
  const store = createEditorStore(dslAdapter)
  store.open({ file: 'demo.strategy.yaml', text })
  return store
}

describe('editor store', () => {
  it("asks for a step's linked edits of other files back on undo and again on redo", () => {
    const store = make()
    const renamed = text.replace('next: b', 'next: c').replace('  b:', '  c:')
    store.setText(renamed)
    store.setText(`${renamed}# later`)
    const tests = { path: 'demo.test.yaml', before: 'path: [a, b]', after: 'path: [a, c]' }
    expect(store.linkEdits(text, renamed, [tests])).toBe(true)
    store.undo()
    expect(store.getState().linked).toBeUndefined()
    store.undo()
    const undone = store.getState().linked
    expect(undone).toMatchObject({
      undo: true,
      edits: [{ ...tests, before: tests.after, after: tests.before }],
    })
    store.redo()
    expect(store.getState().linked).toMatchObject({ undo: false, edits: [tests] })
    expect(store.getState().linked?.nonce).not.toBe(undone?.nonce)
    store.undo()
    expect(store.getState().linked).toMatchObject({
      undo: true,
      edits: [{ path: 'demo.test.yaml', after: tests.before }],
    })
    // a new edit drops the undone step: nothing is left to link to
    store.setText(`${text}# other`)
    expect(store.linkEdits(text, renamed, [tests])).toBe(false)
  })

  it('asks for the linked edits back at once when their step was undone before they were linked', () => {
    const store = make()
    const renamed = text.replace('5s', '10s')
    store.setText(renamed)
    store.undo()
    const tests = { path: 'demo.test.yaml', before: 'a', after: 'b' }
    expect(store.linkEdits(text, renamed, [tests])).toBe(true)
    expect(store.getState().linked).toMatchObject({
      undo: true,
      edits: [{ ...tests, before: 'b', after: 'a' }],
    })
    store.redo()
    expect(store.getState().linked).toMatchObject({ undo: false, edits: [tests] })
  })

  it("keeps a file's undo history while another file is open, when its text is unchanged", () => {
    const store = make()
    store.setText(`${text}# edited`)
    store.open({ file: 'other.strategy.yaml', text })
    expect(store.getState().canUndo).toBe(false)
    // the workspace reopens the unsaved file from its draft: the edit can still be undone
    store.open({ file: 'demo.strategy.yaml', text: `${text}# edited`, savedText: text })
    expect(store.getState().canUndo).toBe(true)
    store.undo()
    expect(store.getState().text).toBe(text)
  })

  it('gives a file edited while closed (find and replace) an undo step back to its text before', () => {
    const store = make()
    const after = text.replace('5s', '10s')
    store.stageEdit('other.strategy.yaml', text, after)
    expect(store.getState().text).toBe(text)
    store.open({ file: 'other.strategy.yaml', text: after, savedText: text })
    expect([store.getState().dirty, store.getState().canUndo]).toEqual([true, true])
    store.undo()
    expect([store.getState().text, store.getState().dirty]).toEqual([text, false])
  })

  it('edits the open file in place as one undo step when find and replace stages an edit on it', () => {
    const store = make()
    store.stageEdit('demo.strategy.yaml', text, text.replace('5s', '10s'))
    expect(store.getState().document?.nodes.a).toMatchObject({ for: '10s' })
    store.undo()
    expect(store.getState().text).toBe(text)
  })

  it('starts a fresh history when the file comes back with another text (changed on disk)', () => {
    const store = make()
    store.setText(`${text}# edited`)
    store.open({ file: 'other.strategy.yaml', text })
    store.open({ file: 'demo.strategy.yaml', text: `${text}# from disk` })
    expect(store.getState().canUndo).toBe(false)
  })

  it('parses the opened text and starts clean', () => {
    const s = make().getState()
    expect(s.document?.start).toBe('a')
    expect(s.dirty).toBe(false)
    expect(s.canUndo).toBe(false)
  })

  it('keeps the last good document while the text is broken', () => {
    const store = make()
    const doc = store.getState().document
    store.setText('strategy: [')
    expect(store.getState().document).toBe(doc)
    expect(store.getState().inSync).toBe(false)
    expect(store.getState().diagnostics.length).toBeGreaterThan(0)
    expect(store.getState().dirty).toBe(true)
  })

  it('keeps the identity of unchanged nodes across edits', () => {
    const store = make()
    const before = store.getState().document!
    const nodes = { ...before.nodes, b: { type: 'end' as const, outcome: 'reject' as const } }
    store.applyDocument({ ...before, nodes })
    const after = store.getState().document!
    expect(after.nodes.a).toBe(before.nodes.a)
    expect(after.nodes.b).not.toBe(before.nodes.b)
  })

  it('undoes and redoes edits, coalescing a gesture into one step', () => {
    const store = make()
    store.setText(`${text}# one`, { coalesce: 'code' })
    store.setText(`${text}# one two`, { coalesce: 'code' })
    store.setText(`${text}# three`)
    store.undo()
    expect(store.getState().text).toBe(`${text}# one two`)
    store.undo()
    expect(store.getState().text).toBe(text)
    expect(store.getState().canUndo).toBe(false)
    store.redo()
    store.redo()
    expect(store.getState().text).toBe(`${text}# three`)
  })

  it('runs the registered save handler and clears dirty on markSaved', async () => {
    const store = make()
    store.setText(`${text}# x`)
    store.setSaveHandler((state) => store.markSaved(state.text))
    await store.save()
    expect(store.getState().dirty).toBe(false)
  })
})

describe('edits that would break the file', () => {
  it('refuses a document the format rejects, keeps the text and says why', () => {
    const store = make()
    const before = store.getState().text
    const doc = store.getState().document!
    const broken = {
      ...doc,
      nodes: {
        ...doc.nodes,
        t: { type: 'target' as const, targets: [{ group: '' }], next: { timeout: 'b' } },
      },
    }
    expect(store.applyDocument(broken as never)).toBe(false)
    const state = store.getState()
    expect(state.text).toBe(before)
    expect(state.inSync).toBe(true)
    expect(state.canUndo).toBe(false)
    expect(state.refusal?.path.slice(0, 2)).toEqual(['nodes', 't'])
    expect(state.refusal?.message.length).toBeGreaterThan(10)
  })

  it('clears the refusal on the next accepted edit', () => {
    const store = make()
    const doc = store.getState().document!
    store.applyDocument({
      ...doc,
      nodes: { ...doc.nodes, a: { type: 'wait', for: 'soon', next: 'b' } },
    } as never)
    expect(store.getState().refusal).toBeDefined()
    expect(store.applyDocument({ ...doc, title: 'Demo' })).toBe(true)
    expect(store.getState().refusal).toBeUndefined()
    expect(store.getState().text).toContain('title: Demo')
  })
})

describe('opening with a deferred check', () => {
  // `orphan` is unreachable (a warning): the validator finds it, the parse alone does not
  const warned = `${text}  orphan: { type: end, outcome: abandon }\n`

  function deferred() {
    const tasks: Array<() => void> = []
    const store = createEditorStore(dslAdapter, { deferCheck: (task) => tasks.push(task) })
    const run = () => {
      for (const task of tasks.splice(0)) task()
    }
    return { store, run, tasks }
  }

  it('has the document at once and the validator findings after the deferred task', () => {
    const { store, run } = deferred()
    store.open({ file: 'demo.strategy.yaml', text: warned })
    expect(store.getState().document?.nodes.orphan).toBeDefined()
    expect(store.getState().checking).toBe(true)
    expect(store.getState().diagnostics).toEqual([])
    run()
    expect(store.getState().checking).toBe(false)
    expect(store.getState().diagnostics.length).toBeGreaterThan(0)
    // the same findings as a store that validates at once
    const direct = createEditorStore(dslAdapter)
    direct.open({ file: 'demo.strategy.yaml', text: warned })
    expect(store.getState().diagnostics).toEqual(direct.getState().diagnostics)
  })

  it('validates a text that does not parse at once: there is no document to draw first', () => {
    const { store, tasks } = deferred()
    store.open({ file: 'demo.strategy.yaml', text: 'strategy: [' })
    expect(tasks).toHaveLength(0)
    expect(store.getState().checking).toBe(false)
    expect(store.getState().diagnostics.length).toBeGreaterThan(0)
  })

  it('an edit before the task validates at once, and the task then leaves the state alone', () => {
    const { store, run } = deferred()
    store.open({ file: 'demo.strategy.yaml', text: warned })
    store.setText(`${warned}title: Edited\n`)
    expect(store.getState().checking).toBe(false)
    const after = store.getState()
    run()
    expect(store.getState()).toBe(after)
  })

  it('a context that arrives before the task is used by it', () => {
    const { store, run } = deferred()
    store.open({ file: 'demo.strategy.yaml', text: warned })
    store.setContext({ file: 'demo.strategy.yaml' })
    expect(store.getState().checking).toBe(true)
    expect(store.getState().context).toEqual({ file: 'demo.strategy.yaml' })
    run()
    expect(store.getState().checking).toBe(false)
    expect(store.getState().diagnostics.length).toBeGreaterThan(0)
  })
})
