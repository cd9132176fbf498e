// A run's trace as pairs of (time since the run started, record): node entries are the compiled node itself.
import { describe, expect, it } from 'vitest'
import type { CompiledNode } from '../src/engine/compile.ts'
import {
  appendTrace,
  exitRecord,
  type TraceSlot,
  traceEntries,
  traceLength,
  traceSlots,
} from '../src/engine/trace-log.ts'
import { makeDirectory, makeStrategy, setup, T0 } from './fixtures.ts'

const node = { id: 'pick', strategy: 'sub', node: { type: 'target' } } as unknown as CompiledNode

describe('trace log', () => {
  it('gives back every entry with its time, past the short exact-size copies', () => {
    let trace: TraceSlot[] = []
    for (let i = 0; i < 5; i++) {
      trace = appendTrace(trace, i * 10, node)
      trace = appendTrace(trace, i * 10 + 1.5, { strategy: 's', node: 'n', kind: 'value', name: `v${i}` })
    }
    expect(traceLength(trace)).toBe(10)
    const entries = traceEntries(trace, T0)
    expect(entries[0]).toEqual({ at: T0, strategy: 'sub', node: 'pick', kind: 'enter', name: 'target' })
    expect(entries[9]).toEqual({ at: T0 + 41.5, strategy: 's', node: 'n', kind: 'value', name: 'v4' })
    expect(entries.map((e) => e.at - T0)).toEqual([0, 1.5, 10, 11.5, 20, 21.5, 30, 31.5, 40, 41.5])
    // a resumed run counts from its own start
    expect(traceEntries(traceSlots(entries, T0 - 7), T0 - 7)).toEqual(entries)
  })

  it('shares one array among waiting interactions whose three entries are the same shared records at the same times', () => {
    const nobody = Object.freeze({
      strategy: 's',
      node: 'pick',
      kind: 'selection',
      name: 'arrival',
      message: 'none',
    })
    const queued = Object.freeze({ strategy: 's', node: 'pick', kind: 'wait', name: 'queued' })
    const waiting = (at: number) =>
      appendTrace(appendTrace(appendTrace([], at, node), at, nobody as never), at, queued as never)
    const a = waiting(0)
    const b = waiting(0)
    expect(b).toBe(a)
    // another time, another array; a fresh (unfrozen) record is never shared
    expect(waiting(5)).not.toBe(a)
    const fresh = () =>
      appendTrace(appendTrace(appendTrace([], 0, node), 0, nobody as never), 0, { ...queued })
    expect(fresh()).not.toBe(fresh())
    // an append copies the shared array: the other runs' traces stay as they were
    const routed = appendTrace(b, 3, {
      strategy: 's',
      node: 'pick',
      kind: 'selection',
      name: 'agent available',
    })
    expect(traceLength(routed)).toBe(4)
    expect(traceLength(a)).toBe(3)
    expect(traceEntries(a, T0).map((e) => e.kind)).toEqual(['enter', 'selection', 'wait'])
  })

  it('keeps one frozen exit record per node and output for every run; each host reads its own entry', () => {
    // an exit says nothing of the run: one record, not an object per run per node left
    const next = exitRecord('sub', node, 'next')
    expect(exitRecord('sub', node, 'next')).toBe(next)
    expect(Object.isFrozen(next)).toBe(true)
    expect(next).toEqual({ strategy: 'sub', node: 'pick', kind: 'exit', name: 'next' })
    expect(exitRecord('sub', node, 'timeout')).toEqual({
      strategy: 'sub',
      node: 'pick',
      kind: 'exit',
      name: 'timeout',
    })
    // a node run under another strategy's name gets a record of its own
    expect(exitRecord('other', node, 'next')).toEqual({
      strategy: 'other',
      node: 'pick',
      kind: 'exit',
      name: 'next',
    })
    const s = makeStrategy({
      first: { type: 'wait', for: '5s', next: 'bye' },
      bye: { type: 'end', outcome: 'reject' },
    })
    const { router, clock } = setup([s])
    router.submit({ id: 'c1', strategy: 'test' })
    router.submit({ id: 'c2', strategy: 'test' })
    const exit = (id: string) => router.trace(id)!.find((e) => e.kind === 'exit')!
    clock.advance(5000)
    expect(exit('c1')).toEqual({ at: T0 + 5000, strategy: 'test', node: 'first', kind: 'exit', name: 'next' })
    // what a host does with the entry it was given stays with that copy: the other run's exit reads as before
    exit('c1').name = 'changed'
    expect(exit('c2')).toEqual({ at: T0 + 5000, strategy: 'test', node: 'first', kind: 'exit', name: 'next' })
    expect(exit('c1').name).toBe('next')
  })

  it("an attach node's value entries name each key it sets in the document's order, run after run", () => {
    const s = makeStrategy({
      tag: { type: 'attach', set: { Tier: '"gold"', Lang: '"fr"' }, next: 'bye' },
      bye: { type: 'end', outcome: 'reject' },
    })
    const { router } = setup([s])
    const values = (id: string) =>
      router
        .trace(id)!
        .filter((e) => e.kind === 'value')
        .map((e) => [e.name, e.value])
    // the second run reads the names the first one made: the same entries
    for (const id of ['c1', 'c2']) {
      router.submit({ id, strategy: 'test' })
      expect(values(id)).toEqual([
        ['data.Tier', 'gold'],
        ['data.Lang', 'fr'],
        ['data', { Tier: 'gold', Lang: 'fr' }],
      ])
    }
  })

  it('in a router: node entries carry the time they happened and the frame strategy', () => {
    const s = makeStrategy({
      first: { type: 'wait', for: '5s', next: 'pick' },
      pick: { type: 'target', targets: [{ group: 'sales' }], wait: '30s', next: { timeout: 'bye' } },
      bye: { type: 'end', outcome: 'reject' },
    })
    const { router, clock } = setup([s])
    router.submit({ id: 'c1', strategy: 'test' })
    clock.advance(40_000)
    const enters = router.trace('c1')?.filter((e) => e.kind === 'enter')
    expect(enters).toEqual([
      { at: T0, strategy: 'test', node: 'first', kind: 'enter', name: 'wait' },
      { at: T0 + 5000, strategy: 'test', node: 'pick', kind: 'enter', name: 'target' },
      { at: T0 + 35_000, strategy: 'test', node: 'bye', kind: 'enter', name: 'end' },
    ])
  })

  it('in a large directory: each waiting interaction reads its own full "nobody ready" entry, unchanged by others', () => {
    // over 32 agents and members: nothing is listed, so the entry is the reason alone (one record shared inside)
    const agents: Record<string, { groups: string[] }> = {}
    for (let i = 0; i < 40; i++) agents[`b${i}`] = { groups: ['sales'] }
    const s = makeStrategy({
      pick: { type: 'target', targets: [{ group: 'sales' }], wait: '30s', next: { timeout: 'bye' } },
      bye: { type: 'end', outcome: 'reject' },
    })
    const { router, clock, of } = setup([s], { directory: makeDirectory({ agents }) })
    router.submit({ id: 'c1', strategy: 'test' })
    clock.advance(1000)
    router.submit({ id: 'c2', strategy: 'test' })
    router.agentEvent({ agent: 'b7', state: 'ready' })
    const waiting = (at: number) => ({
      at,
      strategy: 'test',
      node: 'pick',
      kind: 'selection',
      name: 'arrival',
      message: 'No eligible agent: the interaction waits for one',
    })
    // then the queue segment's start (what a recorder reads of the wait)
    const queued = (at: number) => ({
      at,
      strategy: 'test',
      node: 'pick',
      kind: 'wait',
      name: 'queued',
      value: { priority: 0, targets: ['group:sales'] },
    })
    expect(router.trace('c2')).toEqual([
      { at: T0 + 1000, strategy: 'test', node: 'pick', kind: 'enter', name: 'target' },
      waiting(T0 + 1000),
      queued(T0 + 1000),
    ])
    const c1 = router.trace('c1')!
    expect(c1.slice(0, 2)).toEqual([
      { at: T0, strategy: 'test', node: 'pick', kind: 'enter', name: 'target' },
      waiting(T0),
    ])
    expect(c1[2]).toEqual(queued(T0))
    expect(c1[3]).toMatchObject({ kind: 'selection', name: 'agent available', value: { winner: 'b7' } })
    expect(of('routed', 'c1').map((e) => e.agent)).toEqual(['b7'])
    // what a host does with an entry it was given stays with that copy
    c1[1]!.message = 'changed'
    expect(router.trace('c2')?.[1]).toEqual(waiting(T0 + 1000))
  })

  it('interactions queued at one node with one priority share one "queued" record; another priority has its own', () => {
    const s = makeStrategy({
      pick: { type: 'target', targets: [{ group: 'sales' }], wait: '30s', next: { timeout: 'bye' } },
      bye: { type: 'end', outcome: 'reject' },
    })
    const { router } = setup([s])
    router.submit({ id: 'c1', strategy: 'test' })
    router.submit({ id: 'c2', strategy: 'test' })
    router.submit({ id: 'c3', strategy: 'test', priority: 5 })
    const queued = (id: string) => router.trace(id)!.find((e) => e.name === 'queued')!
    // the shared record's value, not a copy per waiting interaction (it lives as long as they wait)
    expect(queued('c2').value).toBe(queued('c1').value)
    expect(queued('c3').value).toEqual({ priority: 5, targets: ['group:sales'] })
    expect(queued('c1').value).toEqual({ priority: 0, targets: ['group:sales'] })
    // the entry a host reads has the same fields as before, and JSON of it too
    expect(Object.keys(queued('c1'))).toEqual(['at', 'strategy', 'node', 'kind', 'name', 'value'])
    expect(JSON.parse(JSON.stringify(queued('c3')))).toEqual({
      at: T0,
      strategy: 'test',
      node: 'pick',
      kind: 'wait',
      name: 'queued',
      value: { priority: 5, targets: ['group:sales'] },
    })
  })

  it('in a large directory: a "nobody ready" entry names its own cause (arrival, reservation rejected)', () => {
    const agents: Record<string, { groups: string[] }> = {}
    for (let i = 0; i < 40; i++) agents[`b${i}`] = { groups: ['sales'] }
    const s = makeStrategy({
      pick: { type: 'target', targets: [{ group: 'sales' }], wait: '30s', next: { timeout: 'bye' } },
      bye: { type: 'end', outcome: 'reject' },
    })
    const { router } = setup([s], { directory: makeDirectory({ agents }) })
    router.agentEvent({ agent: 'b7', state: 'ready' })
    router.submit({ id: 'c1', strategy: 'test' })
    router.rejectReservation('c1') // b7 is not ready now: c1 finds nobody and waits again
    router.submit({ id: 'c2', strategy: 'test' })
    router.submit({ id: 'c3', strategy: 'test' })
    const nobody = (id: string) =>
      router
        .trace(id)!
        .filter((e) => e.kind === 'selection' && e.value === undefined)
        .map((e) => `${e.name}: ${e.message}`)
    const waits = 'No eligible agent: the interaction waits for one'
    expect(nobody('c1')).toEqual([`reservation rejected: ${waits}`])
    expect(nobody('c2')).toEqual([`arrival: ${waits}`])
    expect(nobody('c3')).toEqual([`arrival: ${waits}`])
  })
})
