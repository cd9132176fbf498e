// submitAlike (api/submit-alike.ts), simulate's submit: the template's fields checked once, ids the caller keeps
// unique. Each interaction gets the events and trace router.submit gives it; a template submit would refuse gets
// none; an id in use throws (the map's entry would be lost), never routes two interactions under one id.
import { createSeededRandom, createSimulatedClock, type RouterEvent } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { buildRouter } from '../src/api/router.ts'
import { submitAlike } from '../src/api/submit-alike.ts'
import type { InteractionInput } from '../src/api/types.ts'
import { makeDirectory, makeStrategy, T0 } from './fixtures.ts'

const strategy = makeStrategy(
  {
    mark: { type: 'assign', set: { tries: 'tries + 1', who: 'data.name' }, next: 't' },
    t: { type: 'target', targets: [{ group: 'sales' }], wait: '60s', next: { timeout: 'late' } },
    late: { type: 'end', outcome: 'reject' },
  },
  {
    variables: { tries: { type: 'int', default: 0 }, who: { type: 'string' } },
    inputs: { name: { type: 'string' } },
  },
)

function setUp(keptFinished: number) {
  const events: RouterEvent[] = []
  const clock = createSimulatedClock(T0)
  const built = buildRouter({
    strategies: [strategy],
    directory: makeDirectory(),
    clock,
    random: createSeededRandom(3),
    onEvent: (e) => events.push(e),
    limits: { keptFinished },
  })
  return { ...built, clock, events }
}

const template: InteractionInput = {
  id: '',
  strategy: 'test',
  media: 'voice',
  ani: '+15551234',
  priority: 2,
  data: { name: 'caller' },
}

/** A stretch of traffic, each arrival submitted by `submit`: waits, time-outs, reservations, completions. */
function traffic(alike: boolean) {
  const s = setUp(2)
  const submit = alike ? submitAlike(s.engine, template)! : undefined
  const random = createSeededRandom(5)
  const withAgent: string[] = []
  const traces: unknown[] = []
  for (let i = 0; i < 200; i++) {
    s.clock.advance(Math.floor(random.next() * 30_000))
    const id = `c${i}`
    if (submit) submit(id)
    else s.router.submit({ ...template, id })
    traces.push(s.router.trace(id))
    if (random.next() < 0.4) s.router.agentEvent({ agent: i % 2 ? 'a1' : 'a2', state: 'ready' })
    const last = s.events.at(-1)
    if (last?.type === 'routed') {
      s.router.confirmReservation(last.interaction)
      withAgent.push(last.interaction)
    }
    if (withAgent.length > 1) s.router.complete(withAgent.shift()!)
  }
  return { events: s.events, traces }
}

describe('submitAlike', () => {
  it('gives each interaction the events and trace router.submit gives it', () => {
    const usual = traffic(false)
    const alike = traffic(true)
    expect(usual.events.filter((e) => e.type === 'routed').length).toBeGreaterThan(20)
    expect(
      usual.events.filter((e) => e.type === 'finished' && e.outcome === 'reject').length,
    ).toBeGreaterThan(5)
    expect(alike.events).toEqual(usual.events)
    expect(alike.traces).toEqual(usual.traces)
  })

  it('declines a template submit would refuse, so the host submits as usual and hears why', () => {
    const { engine } = setUp(0)
    expect(submitAlike(engine, { ...template, strategy: 'nope' })).toBeUndefined()
    expect(submitAlike(engine, { ...template, media: 'Voice!' })).toBeUndefined()
    expect(submitAlike(engine, { ...template, ani: 'x'.repeat(500) })).toBeUndefined()
    expect(submitAlike(engine, { ...template, connectedTo: { agent: 'a1' } })).toBeUndefined()
  })

  it('throws on an id in use or one submit would refuse, and routes nothing twice', () => {
    const { engine, events } = setUp(0)
    const submit = submitAlike(engine, template)!
    submit('dup')
    expect(() => submit('dup')).toThrow(/"dup" is live already/)
    expect(() => submit('')).toThrow(/would be refused/)
    expect(() => submit('x'.repeat(300))).toThrow(/would be refused/)
    expect(events.filter((e) => e.type === 'queued').map((e) => e.interaction)).toEqual(['dup'])
  })
})
