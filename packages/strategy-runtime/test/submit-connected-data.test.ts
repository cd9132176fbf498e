// A direct call's data (submit's `data` with `connectedTo`): checked as any submit's (limits, the strategy's inputs),
// kept on the interaction, and its declared inputs attached for the record, since no attach node runs.
import { describe, expect, it } from 'vitest'
import { makeStrategy, salesTarget, setup } from './fixtures.ts'

/** The sales target with declared inputs: `tier` required, `lang` with a default. */
const withInputs = makeStrategy(salesTarget.nodes, {
  inputs: { tier: { type: 'string', required: true }, lang: { type: 'string', default: 'en' } },
})

describe('submit with connectedTo and data', () => {
  it("attaches the strategy's declared inputs it was given, before its routed event", () => {
    const h = setup([withInputs])
    h.router.submit({
      id: 'd',
      strategy: 'test',
      data: { tier: 'gold', extra: 'not declared' },
      connectedTo: { agent: 'a2' },
    })
    expect(h.events.filter((e) => e.interaction === 'd').map((e) => e.type)).toEqual([
      'data-attached',
      'routed',
      'finished',
    ])
    // `lang` took its default (not the caller's), `extra` is no input the strategy reads: neither is kept
    expect(h.of('data-attached', 'd')).toMatchObject([{ node: '', data: { tier: 'gold' } }])
    expect(h.of('data-attached', 'd')[0]?.data).toEqual({ tier: 'gold' })
    expect(h.router.trace('d')?.find((e) => e.kind === 'value' && e.name === 'data')).toMatchObject({
      node: '',
      value: { tier: 'gold' },
    })
    expect(h.of('error')).toEqual([])
  })

  it('attaches nothing when no declared input was given', () => {
    const h = setup([
      makeStrategy(salesTarget.nodes, { inputs: { lang: { type: 'string', default: 'en' } } }),
    ])
    h.router.submit({ id: 'd', strategy: 'test', data: { extra: 1 }, connectedTo: { agent: 'a2' } })
    expect(h.events.map((e) => e.type)).toEqual(['routed', 'finished'])
  })

  it('takes a direct call that lacks a required input (no strategy runs to need it), attaching what it gave', () => {
    const h = setup([withInputs])
    h.router.submit({ id: 'd', strategy: 'test', data: { lang: 'fr' }, connectedTo: { agent: 'a2' } })
    expect(h.of('error', 'd')).toEqual([])
    expect(h.of('finished', 'd').map((e) => e.outcome)).toEqual(['routed'])
    expect(h.of('data-attached', 'd').map((e) => e.data)).toEqual([{ lang: 'fr' }])
  })

  it.each([
    [
      { tier: 3 },
      'wrong-input',
      'submit: Input "tier" of strategy "test" has the wrong type: expected string, got number 3; nothing created',
    ],
    [
      ['gold'],
      'wrong-input',
      'submit: Interaction data must be an object of key-value pairs; nothing created',
    ],
    [{ tier: 'x'.repeat(70_000) }, 'over-limit', undefined],
  ])('refuses data %#, creating nothing and leaving the agent free', (data, code, reason) => {
    const h = setup([withInputs])
    h.router.submit({ id: 'd', strategy: 'test', data: data as never, connectedTo: { agent: 'a2' } })
    const errors = h.of('error', 'd')
    expect(errors.map((e) => e.code)).toEqual([code])
    if (reason !== undefined) expect(errors.map((e) => e.reason)).toEqual([reason])
    expect(h.events.filter((e) => e.type !== 'error')).toEqual([])
    expect(h.router.snapshot().agents.find((a) => a.id === 'a2')).toMatchObject({ load: {} })
    // the id stays free: the same call with right data is taken
    h.router.submit({ id: 'd', strategy: 'test', data: { tier: 'gold' }, connectedTo: { agent: 'a2' } })
    expect(h.of('finished', 'd').map((e) => e.outcome)).toEqual(['routed'])
  })

  it('refuses data whose getter throws, as an error event (the router keeps running)', () => {
    const h = setup([withInputs])
    const data = Object.defineProperty({}, 'tier', {
      enumerable: true,
      get() {
        throw new Error('boom')
      },
    })
    h.router.submit({ id: 'd', strategy: 'test', data, connectedTo: { agent: 'a2' } })
    expect(h.of('error', 'd').map((e) => e.code)).toEqual(['wrong-input'])
    expect(h.of('error', 'd')[0]?.reason).toContain('boom')
    expect(h.router.snapshot().active).toBe(0)
  })
})
