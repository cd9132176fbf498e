// The router's ids in progress (one map behind `runs` and `handled`): what a host sees of an interaction while it
// is routed, while its `finished` event is out, once it is with an agent, and after complete().
import type { RouterEvent } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { LiveIds } from '../src/engine/live-ids.ts'
import type { AgentRecord } from '../src/selection/agents.ts'
import { makeStrategy, setup } from './fixtures.ts'

const queueing = makeStrategy({
  t: { type: 'target', targets: [{ group: 'sales' }], wait: '30s', next: { timeout: 'out' } },
  out: { type: 'end', outcome: 'reject' },
})

describe('interactions in progress by id', () => {
  it('refuses an id that is with an agent, counts it out of the active ones, and frees it on complete', () => {
    const { router, of, ready } = setup([queueing])
    ready('a1')
    router.submit({ id: 'x', strategy: 'test' })
    router.submit({ id: 'y', strategy: 'test' })
    expect(router.snapshot().active).toBe(2)
    router.confirmReservation(of('routed', 'x')[0]!.interaction)
    expect(of('finished', 'x').map((e) => e.outcome)).toEqual(['routed'])
    expect(router.snapshot().active).toBe(1)
    router.submit({ id: 'x', strategy: 'test' })
    expect(of('error', 'x').map((e) => e.reason)).toEqual([
      'submit: interaction "x" is already being routed; ids must be unique',
    ])
    expect(router.trace('x')?.at(-1)).toMatchObject({ kind: 'finish', name: 'routed' })
    router.complete('x')
    // a1 is free again: y, first in line, is routed to it
    expect(of('routed', 'y').map((e) => e.agent)).toEqual(['a1'])
    router.complete('x')
    expect(of('error', 'x').at(-1)?.reason).toBe('complete: interaction "x" is not with an agent')
    router.submit({ id: 'x', strategy: 'test' })
    expect(of('error', 'x')).toHaveLength(2)
    expect(router.snapshot().active).toBe(2)
  })

  it('shows a bidi override in the id of its error events, never raw', () => {
    const { router, of } = setup([queueing])
    const id = 'ab\u202ecd'
    router.complete(id)
    router.treatmentDone(id)
    const reasons = of('error', id).map((e) => e.reason)
    expect(reasons).toEqual([
      'complete: interaction "ab\ufffdcd" is not with an agent',
      expect.stringContaining('"ab\ufffdcd"'),
    ])
    expect(reasons.join('')).not.toContain('\u202e')
    // a quote in the id is escaped: it cannot end the quoted id early and forge the rest of the message
    router.complete('q" is fine')
    expect(of('error', 'q" is fine').map((e) => e.reason)).toEqual([
      'complete: interaction "q\\" is fine" is not with an agent',
    ])
  })

  it('while its `finished` event is out, a confirmed interaction is with an agent and its trace is found', () => {
    const seen: string[] = []
    let host: ReturnType<typeof setup>['router'] | undefined
    const onEvent = (e: RouterEvent) => {
      if (e.type === 'routed') {
        seen.push(`routed ${e.interaction} to ${e.agent}`)
        host!.confirmReservation(e.interaction)
      }
      if (e.type === 'finished' && e.interaction === 'x') {
        seen.push(`trace ${host!.trace('x')?.at(-1)?.name}`)
        host!.complete('x')
      }
      if (e.type === 'error') seen.push(`error ${e.reason}`)
    }
    const { router, ready } = setup([queueing], { onEvent })
    host = router
    ready('a1')
    router.submit({ id: 'x', strategy: 'test' })
    expect(seen).toEqual(['routed x to a1', 'trace routed'])
    // completed inside its own `finished` event: a1 has its place back (z is routed to it), and the id is free
    router.submit({ id: 'z', strategy: 'test' })
    router.submit({ id: 'x', strategy: 'test' })
    // x again (no error: the id is free) waits, a1 now with z
    expect(seen).toEqual(['routed x to a1', 'trace routed', 'routed z to a1'])
    expect(router.waiting().map((w) => w.interaction)).toEqual(['x'])
  })

  it('confirms the interaction reserved last or an earlier one, and names one that finished since', () => {
    const { router, of, ready } = setup([queueing])
    ready('a1', 'a2')
    router.submit({ id: 'x', strategy: 'test' })
    router.submit({ id: 'y', strategy: 'test' })
    router.confirmReservation('x')
    expect(of('finished', 'x').map((e) => e.outcome)).toEqual(['routed'])
    router.abandon('y')
    router.confirmReservation('y')
    expect(of('error', 'y').map((e) => e.reason)).toEqual([
      'confirmReservation: interaction "y" already finished (abandoned)',
    ])
    router.submit({ id: 'z', strategy: 'test' })
    router.confirmReservation('z')
    expect(of('finished', 'z').map((e) => e.outcome)).toEqual(['routed'])
    expect(of('routed').map((e) => `${e.interaction}>${e.agent}`)).toEqual(['x>a1', 'y>a2', 'z>a2'])
  })

  it('reuses a handling complete() gave back for the next confirmation, never one still held', () => {
    const live = new LiveIds()
    const a1 = { id: 'a1' } as AgentRecord
    const a2 = { id: 'a2' } as AgentRecord
    const held = live.handled.handling(a1, 'voice', 3)
    const other = live.handled.handling(a2, 'chat', 4)
    expect(other).not.toBe(held)
    live.handled.release(held)
    const next = live.handled.handling(a2, 'email', 5)
    expect(next).toBe(held)
    expect(next).toEqual({ agent: a2, media: 'email', feedRef: 5 })
    expect(other).toEqual({ agent: a2, media: 'chat', feedRef: 4 })
  })

  it('a call confirmed on a reused handling completes for its own agent', () => {
    const { router, of, ready } = setup([queueing])
    ready('a1')
    ready('a2')
    for (const id of ['x', 'y', 'z']) router.submit({ id, strategy: 'test' })
    router.confirmReservation('x')
    router.confirmReservation('y')
    const agentOf = (id: string) => of('routed', id).at(-1)?.agent
    const [ax, ay] = [agentOf('x'), agentOf('y')]
    router.complete('x')
    // z takes x's agent and, confirmed, the handling record x gave back
    expect(agentOf('z')).toBe(ax)
    router.confirmReservation('z')
    router.complete('y')
    const load = () =>
      Object.fromEntries(
        router
          .snapshot()
          .agents.filter((a) => a.id === ax || a.id === ay)
          .map((a) => [a.id, a.load.voice ?? 0]),
      )
    expect(load()).toEqual({ [ax!]: 1, [ay!]: 0 })
    router.complete('z')
    expect(load()).toEqual({ [ax!]: 0, [ay!]: 0 })
    expect(of('error')).toEqual([])
  })
})
