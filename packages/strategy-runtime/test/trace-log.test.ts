// A run's trace as pairs of (time since the run started, record): node entries are the compiled node itself.
import { describe, expect, it } from 'vitest'
import type { CompiledNode } from '../src/engine/compile.ts'
import {
  appendTrace,
  type TraceSlot,
  traceEntries,
  traceLength,
  traceSlots,
} from '../src/engine/trace-log.ts'
import { makeStrategy, setup, T0 } from './fixtures.ts'

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
})
