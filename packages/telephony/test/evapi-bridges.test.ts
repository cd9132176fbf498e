// Two bridges on one Kamailio (as two `routewright serve` processes sharing Redis would each run one; here both talk
// to one serve, which is where the calls' state lives either way): each call's INVITE goes to one bridge, in turn,
// and its later events to that bridge; once a bridge is gone, its calls' BYEs go to the other, which completes them
// at the router. Before (evapi_relay to every connection) both bridges submitted every call.
import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import {
  type BridgeFigures,
  type CallView,
  type KamailioRpc,
  netstring,
  type RouterClient,
  startBridgeLink,
  startTelephonyStack,
  waitFor,
} from '../src/index.ts'
import { kamailioLogFaults, kamailioLogLines } from './kamailio-log.ts'
import { callerCall } from './relayed-stack.ts'
import { agentStates, routerAgents } from './router-agents.ts'
import { stackPerTest } from './stack-report.ts'
import { SIX_AGENTS as agents, startTwoBridges } from './two-bridges.ts'

const keep = stackPerTest()

const talking = (calls: CallView[]) => calls.filter((c) => c.state === 'talking')

const twoBridges = (options: { ready?: boolean } = {}) => startTwoBridges(keep, options)

describe('several bridges on one Kamailio', () => {
  it("sends each call to one bridge, and a gone bridge's calls end through the other", async () => {
    const { s, a, b, linkB } = await twoBridges()
    // six callers 150 ms apart, each talking 4.5 s: every agent takes one, and the first hangs up over 3.5 s after
    // the last answered (b goes between, which takes 0.05-0.15 s at load 14; 300 ms apart and 6 s waited 2 s more)
    const callers = await s.call(
      [0, 150, 300, 450, 600, 750].map((startMs, i) =>
        callerCall({ startMs, holdMs: 4500, ani: `+1212555010${i}` }),
      ),
    )
    await waitFor(
      'six calls talking',
      () => talking(a.calls()).length + talking(b.calls()).length === 6,
      20_000,
    )
    const offered = (f: BridgeFigures) => f.offered
    // each call submitted by one bridge only (broadcast: 12), and both bridges took calls (round robin: 3 and 3)
    expect(offered(a.figures()) + offered(b.figures())).toBe(6)
    expect(offered(a.figures())).toBeGreaterThanOrEqual(2)
    expect(offered(b.figures())).toBeGreaterThanOrEqual(2)
    const ofB = b.calls().map((c) => c.interaction)
    const all = [...a.calls(), ...b.calls()].map((c) => c.interaction)
    expect(new Set(all).size).toBe(6)

    // bridge b goes away mid-call (its process ended: its evapi connection closes)
    await linkB.stop()
    expect(await callers.exited, callers.tail()).toBe(0)
    // the BYEs of b's calls came to a, which completed them at the router: every agent is free again
    await waitFor('a to end the calls b took', () => a.figures().adoptedCompleted === ofB.length, 20_000)
    await waitFor(
      'every interaction completed',
      async () => {
        const states = await Promise.all(
          all.map(async (id) => {
            const res = await s.router.call('GET', `/v1/interactions/${encodeURIComponent(id)}`)
            return (res.body as { state?: string }).state
          }),
        )
        return states.every((state) => state === 'completed')
      },
      10_000,
    )
    expect(await agentStates(s, agents)).toEqual(agents.map(() => 'ready'))
    expect(a.figures()).toMatchObject({ answered: 6 - ofB.length, open: 0, adoptedUnknown: 0 })

    // a new call now goes to the bridge left
    const later = await s.call([callerCall({ startMs: 0, holdMs: 500 })], 'after-b')
    expect(await later.exited, later.tail()).toBe(0)
    await waitFor(
      'the new call to end',
      () => a.figures().open === 0 && a.figures().offered === 7 - ofB.length,
      10_000,
    )
    expect(kamailioLogLines(s, /its bridge b is gone, bridge a takes it over/)).toHaveLength(ofB.length)
    expect(kamailioLogFaults(s)).toEqual([])
  })

  it("ends a gone bridge's call dialled to an agent as that bridge would: completed, the agent ready", async () => {
    const { s, a, b, linkB } = await twoBridges()
    // two callers dial ann and bob by id (no strategy routes them): one call to each bridge, in turn, talking 3 s
    // (b goes between the second's answer and the first's end, 2.7 s apart; 4 s waited 1 s more)
    const callers = await s.call(
      ['ann', 'bob'].map((dnis, i) => callerCall({ startMs: i * 300, holdMs: 3000, dnis })),
    )
    await waitFor(
      'both calls talking',
      () => talking(a.calls()).length === 1 && talking(b.calls()).length === 1,
      20_000,
    )
    const ofB = b.calls()[0]!
    const all = [a.calls()[0]!.interaction, ofB.interaction]
    await linkB.stop()
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor('a to end the call b took', () => a.figures().adoptedCompleted === 1, 20_000)
    // both calls completed at the router, and both agents ready again (b's agent by a, as b would have)
    await waitFor(
      'both interactions completed, ann and bob ready',
      async () => {
        const states = await Promise.all(
          all.map(async (id) => {
            const res = await s.router.call('GET', `/v1/interactions/${encodeURIComponent(id)}`)
            return (res.body as { state?: string }).state
          }),
        )
        const ready = (await routerAgents(s)).filter((x) => x.state === 'ready').map((x) => x.id)
        return (
          states.every((state) => state === 'completed') && ready.includes('ann') && ready.includes('bob')
        )
      },
      10_000,
    )
    expect(a.figures()).toMatchObject({ adoptedDirect: 1, adoptedUnknown: 0, open: 0 })
    expect(kamailioLogFaults(s)).toEqual([])
  })

  it("abandons a gone bridge's queued call at the router when its caller gives up", async () => {
    // nobody ready: both calls wait in line, one on each bridge, 3 s (b goes between the second's queueing and the
    // first's hang-up, 2.7 s apart; 4 s waited 1 s more)
    const { s, a, b, linkB } = await twoBridges({ ready: false })
    const callers = await s.call(
      [0, 300].map((startMs, i) => callerCall({ startMs, patienceMs: 3000, ani: `+1212555020${i}` })),
    )
    const queued = (calls: CallView[]) => calls.filter((c) => c.state === 'queued').length
    await waitFor(
      'one call queued on each bridge',
      () => queued(a.calls()) === 1 && queued(b.calls()) === 1,
      20_000,
    )
    const all = [a.calls()[0]!.interaction, b.calls()[0]!.interaction]
    await linkB.stop()
    // the callers hang up (CANCEL): b's reaches a, which abandons that call at the router as b would have
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor(
      'both interactions abandoned at the router, none waiting',
      async () => {
        const ends = await Promise.all(
          all.map(async (id) => {
            const res = await s.router.call('GET', `/v1/interactions/${encodeURIComponent(id)}`)
            const body = res.body as { state?: string; outcome?: string }
            return `${body.state}/${body.outcome}`
          }),
        )
        const waiting = (await s.router.call('GET', '/v1/waiting')).body.waiting as unknown[]
        return ends.every((end) => end === 'finished/abandoned') && waiting.length === 0
      },
      10_000,
    )
    // a hang-up, not a queue time out, by its own bridge and by the one that took it over
    const finishes = await Promise.all(
      all.map(async (id) => {
        const res = await s.router.call('GET', `/v1/interactions/${encodeURIComponent(id)}`)
        const body = res.body as { trace?: Array<{ kind: string; message?: string }> }
        return body.trace?.find((entry) => entry.kind === 'finish')?.message
      }),
    )
    expect(finishes).toEqual(['The caller hung up', 'The caller hung up'])
    expect(a.figures()).toMatchObject({ adoptedAbandoned: 1, adoptedUnknown: 0, open: 0 })
    expect(kamailioLogFaults(s)).toEqual([])
  })

  it('sends each event of a call to its own bridge of three, whatever their order of connection', async () => {
    let evapiPort = 0
    const s = keep(
      await startTelephonyStack({
        agents: agents.map((id) => ({ id, ringMs: 200 })),
        bridgeId: 'a',
        evapiVia: async (port) => {
          evapiPort = port
          return port
        },
      }),
    )
    // a hello whose id is no evapi tag (hostile or broken): Kamailio logs it and sends that connection nothing
    const bad = connect({ host: '127.0.0.1', port: evapiPort })
    let heard = ''
    bad.on('data', (chunk: Buffer) => {
      heard += chunk.toString()
    })
    bad.on('error', () => {})
    bad.write(netstring(JSON.stringify({ action: 'hello', bridge: 'a b"c' })))
    await waitFor(
      'the bad hello logged',
      () => kamailioLogLines(s, /a hello without a valid bridge id/).length === 1,
      5000,
    )
    // evapi matches a tagged message against each connection in turn: the third's calls must not reach the second
    const all = [s.bridge, (await s.addBridge('b')).bridge, (await s.addBridge('c')).bridge]
    const callers = await s.call(
      [0, 300, 600, 900, 1200, 1500].map((startMs) => callerCall({ startMs, holdMs: 1000 })),
    )
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor('every call to end', () => all.every((x) => x.figures().open === 0), 15_000)
    for (const x of all)
      expect(x.figures()).toMatchObject({ offered: 2, answered: 2, adoptedCompleted: 0, adoptedUnknown: 0 })
    expect(heard).toBe('')
    bad.destroy()
    // no bridge lost its connection to the bad hello
    expect(kamailioLogLines(s, /evapi connection from .* closed/)).toEqual([])
  })

  // a link's options that fail only where a test says: the refusals below come before any dialling
  const linkOptions = {
    router: {} as RouterClient,
    strategy: 'inbound-call',
    sipDomain: '127.0.0.1:5060',
    evapi: { host: '127.0.0.1', port: 9 },
    kamailioRpc: {} as KamailioRpc,
    logFile: '/nonexistent/bridge.log',
  }

  it('refuses a bridge id Kamailio cannot take as a tag, before dialling', async () => {
    for (const id of ['', 'a b', 'x'.repeat(64), 'a"b'])
      await expect(startBridgeLink({ ...linkOptions, id })).rejects.toThrow(/1 to 63 letters, digits/)
  })

  it('refuses a redial cap that would dial a down Kamailio in a tight loop, or wait past a minute, before dialling', async () => {
    const options = { ...linkOptions, id: 'a' }
    for (const evapiMaxBackoffMs of [0, 99, 60_001, 1.5, Number.NaN, Number.POSITIVE_INFINITY])
      await expect(startBridgeLink({ ...options, evapiMaxBackoffMs })).rejects.toThrow(
        /evapiMaxBackoffMs must be a whole number of ms from 100 to 60000/,
      )
    await expect(startTelephonyStack({ agents: [], evapiMaxBackoffMs: 50 })).rejects.toThrow(
      /evapiMaxBackoffMs must be a whole number of ms from 100 to 60000 \(got 50\)/,
    )
  })

  it('refuses a stack whose reservation timeout or its check before it leaves no time to ring, or a ring-no-answer after it, before starting', async () => {
    for (const reservationTimeoutMs of [4999, 60_001, 7000.5])
      await expect(startTelephonyStack({ agents: [], reservationTimeoutMs })).rejects.toThrow(
        /reservationTimeoutMs must be a whole number of ms from 5000 to 60000/,
      )
    await expect(
      startTelephonyStack({ agents: [], reservationTimeoutMs: 9000, ronaMs: 9000 }),
    ).rejects.toThrow(/ronaMs must be between 0 and 9000 \(the router gives a reservation 9 s\)/)
    for (const reservationLeadMs of [999, 7001, 3000.5])
      await expect(
        startTelephonyStack({ agents: [], reservationTimeoutMs: 9000, reservationLeadMs }),
      ).rejects.toThrow(/reservationLeadMs must be a whole number of ms from 1000 to 7000/)
  })
})
