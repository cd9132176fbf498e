// A bridge runs for weeks: what it keeps per call ends with the call. Many calls are driven through createBridge with
// an injected clock, then the bridge is checked to act on none of the ended ones.
import { createSimulatedClock } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { type BridgeOptions, createBridge, type RouterClient } from '../src/index.ts'
import { inviteEvent } from './kamailio-events.ts'
import { advance } from './simulated-bridge.ts'

const CALLS = 2000
const WITHDRAWN_CALLS = 200

function setup(extra: Partial<BridgeOptions> = {}) {
  const router: RouterClient = {
    async call(method, path) {
      if (path.split('?')[0] === '/v1/agents') return { status: 200, body: { agents: [] } }
      return { status: method === 'POST' && path === '/v1/interactions' ? 201 : 200, body: {} }
    },
    follow: () => ({ ready: Promise.resolve(), stop: async () => {} }),
  }
  let now = 1_000_000
  const sent: Array<Record<string, unknown>> = []
  const bridge = createBridge({
    router,
    strategy: 'inbound-call',
    sipDomain: '127.0.0.1:5060',
    now: () => now,
    ...extra,
  })
  bridge.connect((m) => sent.push(m))
  return { bridge, sent, tick: (ms: number) => (now += ms) }
}

describe("the bridge's per-call state over many calls", () => {
  it("asks Kamailio again at a bridge-gone only for another bridge's calls still routing, not those finished", () => {
    const { bridge, sent } = setup()
    // another bridge's calls, routed by the router while that bridge looked alive (Kamailio left each alone)
    for (let i = 0; i <= CALLS; i++) {
      bridge.onRouterEvent({ type: 'routed', interaction: `x${i}`, agent: 'ann', reservation: `r${i}` })
      bridge.onKamailio({ event: 'not-taken', callid: `x${i}`, leg: 1, bridge: 'b1' })
    }
    // all but the last ended at the router: answered, abandoned while queued or ringing
    for (let i = 0; i < CALLS; i++)
      bridge.onRouterEvent({
        type: 'finished',
        interaction: `x${i}`,
        outcome: i % 2 ? 'routed' : 'abandoned',
      })
    sent.length = 0
    bridge.onKamailio({ event: 'bridge-gone', bridge: 'b1' })
    expect(sent).toEqual([{ action: 'take', callid: `x${CALLS}` }])
    expect(bridge.figures()).toMatchObject({ takesLeftAlone: CALLS + 1, takesAskedAgain: 1 })
  })

  it.each([
    ['the router routes it elsewhere', 'finished'],
    ['the caller hangs up', 'cancel'],
  ])(
    'forgets the answer held for a ring whose offer was withdrawn when the call ends (%s)',
    async (_, end) => {
      const clock = createSimulatedClock(1_000_000)
      const { bridge, sent } = setup({ cancelGraceMs: 0, timers: clock })
      // fewer than CALLS: each ends through a timer on the clock, and a loaded machine runs them slowly
      for (let i = 0; i < WITHDRAWN_CALLS; i++) {
        const [callid, ftag, interaction] = [`c${i}`, `f${i}`, `c${i}`]
        bridge.onKamailio(inviteEvent({ callid, ftag }))
        bridge.onRouterEvent({ type: 'routed', interaction, agent: 'ann', reservation: `r${i}` })
        // ann's offer taken back while her phone rings: the router's next answer waits for Kamailio's word
        bridge.onRouterEvent({
          type: 'reservation-rejected',
          interaction,
          reservation: `r${i}`,
          withdrawn: true,
        })
        bridge.onRouterEvent({ type: 'routed', interaction, agent: 'bob', reservation: `s${i}` })
        if (end === 'finished')
          bridge.onRouterEvent({ type: 'finished', interaction, outcome: 'routed-elsewhere' })
        else bridge.onKamailio({ event: 'cancel', callid, ftag })
      }
      await advance(clock, 0)
      expect(bridge.figures()).toMatchObject({ open: 0 })
      // nothing waits for a call that ended: no ring for bob once the link comes and goes
      expect(bridge.health().resumesWaiting).toBe(0)
      sent.length = 0
      bridge.linkDown('test')
      bridge.linkUp(1)
      expect(sent.filter((m) => m.action === 'agent')).toEqual([])
    },
  )

  it('keeps ended legs for endedLegKeepMs, then forgets them', () => {
    const { bridge, tick } = setup({ endedLegKeepMs: 600_000 })
    for (let i = 0; i < CALLS; i++) {
      bridge.onKamailio(inviteEvent({ callid: `c${i}`, ftag: `f${i}` }))
      bridge.onKamailio({ event: 'cancel', callid: `c${i}`, ftag: `f${i}` })
    }
    tick(300_000)
    // twice the default's 2 minutes: still kept
    expect(bridge.calls()).toHaveLength(CALLS)
    expect(bridge.calls().every((c) => c.state === 'ended')).toBe(true)
    tick(300_001)
    expect(bridge.calls()).toEqual([])
    expect(bridge.figures()).toMatchObject({ abandoned: CALLS, open: 0 })
  })

  it.each([59_999, 86_400_001, 90_000.5, Number.NaN])(
    'refuses endedLegKeepMs %s, naming its bounds',
    (ms) => {
      expect(() => setup({ endedLegKeepMs: ms })).toThrow(
        `endedLegKeepMs must be a whole number of ms from 60000 to 86400000 (got ${ms})`,
      )
    },
  )
})
