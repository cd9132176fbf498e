// The usual longest-idle decision's explanation as every host reads it (fields, JSON, spread, structured clone, keys
// in order, the trace, its own writes): pinned, so a cheaper way of building it (a reason
// written only when read, say) has to keep every one of these.
import type { DirectoryDocument } from '@routewright/strategy-dsl'
import type { Explanation } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { makeStrategy, setup } from './fixtures.ts'

/** 40 agents in one group: over the 32 listed whole, so decisions take the usual longest-idle path. */
const directory: DirectoryDocument = {
  directory: 'pool',
  format: 1,
  groups: { pool: {} },
  agents: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, { groups: ['pool'] }])),
}

const strategy = makeStrategy({
  pick: { type: 'target', targets: [{ group: 'pool' }], wait: '1m', next: { timeout: 'bye' } },
  bye: { type: 'end', outcome: 'default-route' },
})

/** A call waits 7.25 s until p3 becomes ready (ready 0 s): routed as the first in line, p3 the only candidate. */
function firstInLine() {
  const h = setup([strategy], { directory })
  h.router.submit({ id: 'c1', strategy: 'test', priority: 2 })
  h.clock.advance(7250)
  h.ready('p3')
  const routed = h.of('routed', 'c1')[0]!
  return { ...h, explanation: routed.explanation }
}

const expected: Explanation = {
  node: 'pick',
  rule: 'longest idle',
  candidates: [{ agent: 'p3', target: 'group:pool', values: { TimeInReadyState: 0 }, rank: 1 }],
  reason:
    'c1 was first in line when p3 became available (priority 2, waiting 7.25s); p3 has been idle longest (0s) as the only eligible candidate',
  winner: 'p3',
}

describe('the usual longest-idle explanation as a host reads it', () => {
  it('reads as a plain explanation: fields, keys in order, JSON, spread, structured clone', () => {
    const { explanation } = firstInLine()
    expect(explanation.reason).toBe(expected.reason)
    expect(explanation).toEqual(expected)
    expect(Object.keys(explanation)).toEqual(['node', 'rule', 'candidates', 'reason', 'winner'])
    expect(JSON.stringify(explanation)).toBe(JSON.stringify(expected))
    expect({ ...explanation }).toEqual(expected)
    expect(structuredClone(explanation)).toEqual(expected)
  })

  it('shows the same explanation in the trace', () => {
    const { router } = firstInLine()
    const selection = router.trace('c1')?.find((e) => e.kind === 'selection' && e.value !== undefined)
    expect(JSON.stringify(selection?.value)).toBe(JSON.stringify(expected))
  })

  it('lists every candidate weighed on arrival, the reason naming how many', () => {
    const h = setup([strategy], { directory })
    h.ready('p1')
    h.clock.advance(2000)
    h.ready('p2')
    h.clock.advance(500)
    h.router.submit({ id: 'c2', strategy: 'test' })
    expect(JSON.parse(JSON.stringify(h.of('routed', 'c2')[0]!.explanation))).toEqual({
      node: 'pick',
      rule: 'longest idle',
      candidates: [
        { agent: 'p1', target: 'group:pool', values: { TimeInReadyState: 2.5 }, rank: 1 },
        { agent: 'p2', target: 'group:pool', values: { TimeInReadyState: 0.5 }, rank: 2 },
      ],
      reason: 'p1 has been idle longest (2.5s) ahead of 1 other eligible candidates',
      winner: 'p1',
    })
  })

  it('keeps what a host writes to its reason or candidates, as a plain object does', () => {
    const { explanation } = firstInLine()
    explanation.reason = 'checked by the supervisor'
    explanation.candidates = []
    expect(JSON.parse(JSON.stringify(explanation))).toEqual({
      ...expected,
      candidates: [],
      reason: 'checked by the supervisor',
    })
    const frozen = Object.freeze(firstInLine().explanation)
    expect(frozen.reason).toBe(expected.reason)
  })
})
