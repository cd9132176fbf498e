// The commit texts written with a routed decision's explanation made once (json-reuse.ts): the same text as
// JSON.stringify for real router events, records, traces and views, and one encoding of an explanation however
// many of them carry it.
import { createSimulatedClock, createRouter, type RouterEvent, type TraceEntry } from '@routewright/strategy-runtime'
import { loadWorkspace } from '@routewright/strategy-runtime/node'
import { describe, expect, it } from 'vitest'
import { jsonExplained, jsonOnce, jsonTrace, jsonWith } from '../src/core/json-reuse.ts'
import { type StoredInteraction, storedJson } from '../src/core/redis-stored.ts'
import { makeWorkspace } from './helpers.ts'

/** A real router's routed event and its trace so far, for one interaction routed to ann. */
async function routedDecision() {
  const workspace = makeWorkspace()
  try {
    const events: RouterEvent[] = []
    const router = createRouter({
      ...(await loadWorkspace(workspace.dir)),
      clock: createSimulatedClock(1_000),
      onEvent: (event) => events.push(event),
    })
    router.agentEvent({ agent: 'ann', state: 'ready' })
    router.agentEvent({ agent: 'bob', state: 'ready' })
    router.submit({ id: 'i1', strategy: 'support', data: { tier: 'gold "vip"' } })
    const routed = events.find((e) => e.type === 'routed')
    if (routed?.type !== 'routed') throw new Error('the test workspace did not route')
    const trace = router.trace('i1') ?? []
    router.stop()
    return { routed, trace }
  } finally {
    workspace.remove()
  }
}

describe('JSON texts with the explanation made once', () => {
  it('writes what JSON.stringify writes for a real routed event, record, trace, view and stored entry', async () => {
    const { routed, trace } = await routedDecision()
    expect(trace.some((e) => e.kind === 'selection' && e.value === routed.explanation)).toBe(true)
    const record = {
      id: 'i1',
      strategy: 'support',
      state: 'connected',
      agent: routed.agent,
      explanation: routed.explanation,
      outcome: 'routed',
    }
    const view = { ...record, path: ['pick'], explanation: routed.explanation, trace }
    const stored: StoredInteraction = {
      record: record as unknown as StoredInteraction['record'],
      input: { id: 'i1', strategy: 'support' },
      trace,
      arrival: [1, 7],
    }
    expect(jsonExplained(routed)).toBe(JSON.stringify(routed))
    expect(jsonExplained(record)).toBe(JSON.stringify(record))
    expect(jsonTrace(trace)).toBe(JSON.stringify(trace))
    expect(jsonExplained(view)).toBe(JSON.stringify(view))
    expect(storedJson(stored)).toBe(JSON.stringify(stored))
  })

  const explanation = { node: 'pick', rule: 'longest idle', candidates: [], reason: 'a "quoted" \n reason' }
  it.each<[string, object]>([
    ['explanation first', { explanation, id: 'x' }],
    ['explanation last', { id: 'x', explanation }],
    ['explanation alone', { explanation }],
    ['no explanation', { id: 'x', at: 1 }],
    ['explanation undefined', { id: 'x', explanation: undefined, at: 2 }],
    ['undefined around it', { a: undefined, explanation, b: undefined }],
    ['nested objects around it', { path: ['a', 'b'], explanation, data: { explanation: 1 } }],
    ['an empty trace', { id: 'x', explanation, trace: [] }],
    [
      'selection entries without an object value',
      { trace: [{ at: 1, strategy: 's', node: 'n', kind: 'selection', message: 'nobody' }] },
    ],
    ['a trace with a hole', { trace: [undefined, { at: 1, kind: 'selection', value: explanation }] }],
  ])('writes what JSON.stringify writes: %s', (_name, value) => {
    expect(jsonExplained(value)).toBe(JSON.stringify(value))
  })

  it('writes a key named like an Object.prototype member as data', () => {
    const value = { constructor: 'c', toString: 1, explanation }
    expect(jsonWith(value, new Map([['explanation', jsonOnce(explanation)]]))).toBe(JSON.stringify(value))
  })

  it('encodes an explanation once, however many events, records, traces and views carry it', () => {
    let encoded = 0
    // what JSON.stringify writes of it, counted
    const counted = { toJSON: () => (encoded++, { node: 'pick', winner: 'ann' }) }
    const selection: TraceEntry = { at: 1, strategy: 's', node: 'pick', kind: 'selection', value: counted }
    const event = { type: 'routed', agent: 'ann', explanation: counted, interaction: 'i2' }
    const record = { id: 'i2', state: 'reserved', explanation: counted }
    jsonExplained(event)
    storedJson({ record: record as unknown as StoredInteraction['record'] })
    storedJson({ record: record as unknown as StoredInteraction['record'], trace: [selection] })
    const view = jsonExplained({ ...record, state: 'completed', path: ['pick'], trace: [selection] })
    expect(encoded).toBe(1)
    expect(JSON.parse(view)).toMatchObject({ explanation: { winner: 'ann' }, trace: [{ value: { winner: 'ann' } }] })
  })
})
