// The budget of data an embedding host hands the router (RouterLimits.maxDataChars, maxDataEntries, maxDataDepth):
// over it, that interaction fails (or the snapshot is refused, or the function takes its error output) with a reason
// naming the limit and how to raise it, nothing of the data is kept, and the router routes the next one.
import type { StrategyDocument } from '@routewright/strategy-dsl'
import type { InteractionSnapshot, RouterLimits } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { makeDirectory, makeStrategy, salesTarget, setup } from './fixtures.ts'

/** Nested maps `depth` levels deep: { n: { n: ... 'leaf' } }. */
function nested(depth: number): Record<string, unknown> {
  let value: unknown = 'leaf'
  for (let i = 0; i < depth; i++) value = { n: value }
  return value as Record<string, unknown>
}

function submitted(data: Record<string, unknown>, limits: Partial<RouterLimits> = {}) {
  const h = setup([salesTarget], { limits })
  h.ready('a1')
  h.router.submit({ id: 'big', strategy: 'test', data })
  h.router.submit({ id: 'next', strategy: 'test', data: { tier: 'gold' } })
  return {
    failed: h.of('failed', 'big').map((e) => e.reason),
    outcome: h.of('finished', 'big')[0]?.outcome,
    trace: JSON.stringify(h.router.trace('big')),
    nextRouted: h.of('routed', 'next').length,
  }
}

describe('attached data at submit', () => {
  it('fails a 50 MB string with the limit named, keeps none of it, and routes the next interaction', () => {
    const r = submitted({ notes: 'x'.repeat(50 * 1024 * 1024) })
    expect(r.failed).toEqual([
      `Interaction data is over the router's limit of 65536 characters of text (keys and strings, limits.maxDataChars) (at data.notes); send less, or raise limits.maxDataChars (createRouter's options, or routewright serve --limits)`,
    ])
    expect(r.outcome).toBe('error')
    expect(r.trace.length).toBeLessThan(2_000)
    expect(r.nextRouted).toBe(1)
  })

  it('accepts typical data and data just at the limit', () => {
    const typical = { customer_tier: 'gold', account: 'A-1029', language: 'en', ivr_path: '1-3-2', score: 7 }
    expect(submitted(typical).failed).toEqual([])
    // 'n' (1 character of key) + 65535 characters of text = 65536
    expect(submitted({ n: 'x'.repeat(65_535) }).failed).toEqual([])
    expect(submitted({ n: 'x'.repeat(65_536) }).failed).toHaveLength(1)
  })

  it.each([
    // the key 'list' is one entry, its items 0 to 9998 the next 9999: item 9999 is the 10001st
    ['maxDataEntries', { list: Array.from({ length: 10_000 }, (_, i) => i) }, 'at data.list[9999]'],
    ['maxDataDepth', nested(9), 'at data.n.n.n.n.n.n.n.n'],
  ])('fails data over %s, saying where', (limit, data, where) => {
    const [reason] = submitted(data).failed
    expect(reason).toContain(`limits.${limit})`)
    expect(reason).toContain(where)
    expect(reason).toContain(`raise limits.${limit} (createRouter's options, or routewright serve --limits)`)
  })

  it('fails data that refers to itself instead of walking it for ever', () => {
    const data: Record<string, unknown> = { tier: 'gold' }
    data.self = data
    expect(submitted(data).failed[0]).toContain('(limits.maxDataDepth)')
  })

  it("takes the host's limits, raised or lowered", () => {
    expect(submitted(nested(9), { maxDataDepth: 12 }).failed).toEqual([])
    expect(submitted({ n: 'x'.repeat(100_000) }, { maxDataChars: 200_000 }).failed).toEqual([])
    expect(submitted({ n: 'x'.repeat(20) }, { maxDataChars: 10 }).failed[0]).toContain(
      'limit of 10 characters',
    )
    expect(submitted({ a: 1, b: 2, c: 3 }, { maxDataEntries: 2 }).failed[0]).toContain('at data.c')
  })

  it('refuses a limit that is not a number >= 0 at createRouter', () => {
    expect(() => setup([salesTarget], { limits: { maxDataChars: -1 } })).toThrow(
      'limits.maxDataChars must be a number >= 0',
    )
  })
})

describe('data a host hands over later', () => {
  it('resumes a snapshot whose data grew past the submit limit through its own attach nodes (a takeover loses nothing)', () => {
    const attaching: StrategyDocument = makeStrategy({
      tag: { type: 'attach', set: { notes: `"${'n'.repeat(40)}"` }, next: 't' },
      t: { type: 'target', targets: [{ group: 'sales' }], wait: '10m', next: { timeout: 'out' } },
      out: { type: 'end', outcome: 'reject' },
    })
    const limits = { maxDataChars: 30 }
    const a = setup([attaching], { limits })
    a.router.submit({ id: 'x', strategy: 'test', data: { tier: 'gold' } })
    const snapshot = JSON.parse(JSON.stringify(a.router.exportInteraction('x'))) as InteractionSnapshot
    expect(JSON.stringify(snapshot.data).length).toBeGreaterThan(30)
    const b = setup([attaching], { limits })
    b.router.resumeInteraction(snapshot)
    expect(b.of('error')).toEqual([])
    expect(b.router.snapshot().waiting.map((w) => w.interaction)).toEqual(['x'])
  })

  it("takes a function's error output when its answer is over the limit", () => {
    const strategy: StrategyDocument = makeStrategy(
      {
        f: { type: 'function', call: 'lookup', into: 'v', next: { done: 'done', error: 'failed' } },
        done: { type: 'end', outcome: 'abandon' },
        failed: { type: 'end', outcome: 'reject' },
      },
      { variables: { v: { type: 'string' } } },
    )
    const h = setup([strategy], {
      directory: makeDirectory({ functions: { lookup: { returns: 'string' as const } } }),
      functions: { lookup: () => 'x'.repeat(1_000_000) },
    })
    h.router.submit({ id: 'x', strategy: 'test' })
    expect(h.of('finished', 'x')[0]?.outcome).toBe('reject')
    const errors = (h.router.trace('x') ?? []).filter((t) => t.kind === 'error').map((t) => t.message)
    expect(errors).toEqual([
      `The answer of function "lookup" is over the router's limit of 65536 characters of text (keys and strings, limits.maxDataChars) (at v); send less, or raise limits.maxDataChars (createRouter's options, or routewright serve --limits)`,
    ])
  })
})
