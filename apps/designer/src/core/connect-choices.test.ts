import { describe, expect, it } from 'vitest'
import { addNodeAt, connectOutput } from './commands.ts'
import { type ConnectChoice, choiceText, outputChoices, targetNodes, typeAhead } from './connect-choices.ts'
import { dslAdapter } from './dsl-adapter.ts'
import { createEditorStore } from './editor-store.ts'

/** A fresh strategy with a schedule node and two end nodes, one of them titled. */
function make() {
  const store = createEditorStore(dslAdapter)
  store.open({ file: 'fresh.strategy.yaml', text: '' })
  addNodeAt(store, 'schedule', [0, 0])
  addNodeAt(store, 'end', [300, 0])
  addNodeAt(store, 'end', [300, 200])
  const doc = store.getState().document!
  store.applyDocument({
    ...doc,
    nodes: { ...doc.nodes, end_2: { ...doc.nodes.end_2!, title: 'Closed message' } },
  })
  return store
}

const choice = (key: string, label = key, hint?: string): ConnectChoice =>
  hint === undefined ? { key, label } : { key, label, hint }

describe('outputChoices', () => {
  it('lists every output of a new node', () => {
    expect(outputChoices(make().getState().document!, 'schedule').map((c) => c.label)).toEqual([
      'open',
      'closed',
      'holiday',
    ])
  })

  it('offers a connected output after the free ones, with the node it goes to now', () => {
    const store = make()
    connectOutput(store, 'schedule', 'next.open', 'end')
    expect(outputChoices(store.getState().document!, 'schedule')).toEqual([
      choice('next.closed', 'closed'),
      choice('next.holiday', 'holiday'),
      { key: 'next.open', label: 'open', now: 'end' },
    ])
  })

  it('has nothing for a node that is not in the document', () => {
    expect(outputChoices(make().getState().document!, 'nowhere')).toEqual([])
  })
})

describe('targetNodes', () => {
  it('offers every other node, by its title where it has one', () => {
    expect(targetNodes(make().getState().document!, 'schedule')).toEqual([
      choice('end'),
      choice('end_2', 'end_2', 'Closed message'),
    ])
  })
})

describe('choiceText', () => {
  it.each([
    [choice('end'), 'end'],
    [choice('end_2', 'end_2', 'Closed message'), 'end_2 · Closed message'],
    [{ key: 'next.open', label: 'open', now: 'end' }, 'open · now to end'],
  ])('%j reads %j', (c, text) => {
    expect(choiceText(c)).toBe(text)
  })
})

describe('typeAhead', () => {
  const choices = [
    choice('agents', 'agents', 'Sales agents'),
    choice('closed', 'closed', 'Closed message'),
    choice('end_sales'),
    { key: 'next.error', label: 'error', now: 'closed' },
  ]
  it.each([
    ['', ['agents', 'closed', 'end_sales', 'next.error']],
    // an output by the node it goes to now, after the node itself
    ['clo', ['closed', 'next.error']],
    ['CLOSED M', ['closed']],
    // a key or label that starts with the text comes before one that only contains it
    ['sales', ['agents', 'end_sales']],
    ['zzz', []],
  ])('%j keeps %j', (query, keys) => {
    expect(typeAhead(choices, query).map((c) => c.key)).toEqual(keys)
  })
})
