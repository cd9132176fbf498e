// Two bridges on one Kamailio, one of them gone while its calls are not yet talking: the bridge left routes and rings
// the gone bridge's queued calls when the router picks an agent (Kamailio's `take`, once), acts on the answer or
// ring-no-answer of a call its phone was ringing for (confirm, or reject and requeue), and abandons at the router a
// call that waited Kamailio's queue time (408). Without the takeover those calls rang until the queue time and their
// interactions stayed in line (or reserved) at the router. A taken call rings with the data the strategy attached
// (read from the router), and a `routed` that came while Kamailio still saw the gone bridge alive is asked again.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  connectEvapi,
  type StackOptions,
  startTelephonyStack,
  type TelephonyStack,
  waitFor,
} from '../src/index.ts'
import { kamailioLogFaults, kamailioLogLines } from './kamailio-log.ts'
import { inviteAt, phoneIdle, reinvitesReceived, request } from './phone-trace.ts'
import { callerCall } from './relayed-stack.ts'
import { agentStates, routerAgents } from './router-agents.ts'
import { stackPerTest } from './stack-report.ts'
import {
  inState,
  oneCallEach,
  routerEnds,
  SIX_AGENTS as six,
  startTwoBridges,
  stopBridge,
} from './two-bridges.ts'

const keep = stackPerTest()

const twoBridges = (options: Partial<StackOptions> = {}) => startTwoBridges(keep, options)
const stopB = (s: TelephonyStack, linkB: { stop(): Promise<void> }) => stopBridge(s, linkB)
const ends = routerEnds

/** The message of each interaction's finish trace entry: the abandon's reason as the router kept it. */
async function finishMessages(s: TelephonyStack, ids: readonly string[]): Promise<unknown[]> {
  return Promise.all(
    ids.map(async (id) => {
      const body = (await s.router.call('GET', `/v1/interactions/${encodeURIComponent(id)}`)).body as {
        trace?: Array<{ kind: string; message?: string }>
      }
      return body.trace?.find((entry) => entry.kind === 'finish')?.message
    }),
  )
}

async function ready(s: TelephonyStack, agents: readonly string[]): Promise<void> {
  for (const agent of agents) {
    const answer = await s.router.call('PUT', `/v1/agents/${agent}/state`, { state: 'ready' })
    expect(answer.status).toBe(200)
  }
}

describe('a bridge left takes over the calls of a gone bridge that are not talking yet', () => {
  it("rings a gone bridge's queued call when the router routes it, once", async () => {
    const two = await twoBridges({ ready: false })
    const { s, a, b, linkB } = two
    const {
      callers,
      own,
      gone: bCall,
    } = await oneCallEach(two, 'queued', {
      patienceMs: 25_000,
      holdMs: 500,
      ani: '+1212555030',
    })
    const all = [own.interaction, bCall.interaction]
    // the strategy attached its data at b (its `data-attached` event went to b's record); under load it may reach b
    // after the call showed queued, so wait for it rather than read the first view
    const bAttached = await waitFor(
      "the strategy's data at b",
      () =>
        b.calls().find((c) => c.interaction === bCall.interaction && c.attached.Line !== undefined)?.attached,
      10_000,
    )
    expect(bAttached).toMatchObject({ Line: 'support', CallerNumber: bCall.ani })
    await stopB(s, linkB)
    // agents come: the router routes both calls; b's `routed` reaches a only, which takes the call from Kamailio
    await ready(s, ['ann', 'bob'])
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor(
      'both interactions completed',
      async () => (await ends(s, all)).every((end) => end.startsWith('completed')),
      10_000,
    )
    expect(a.figures()).toMatchObject({ takenQueued: 1, answered: 2, open: 0, adoptedUnknown: 0 })
    // a rang b's call with the data b would have sent (read from the router): the phone's X- headers, a's pop
    const taken = a.calls().find((c) => c.interaction === bCall.interaction)!
    expect(taken.attached).toEqual(bAttached)
    expect((await inviteAt(s, taken.agent!, bCall.callId))?.headers).toMatchObject({
      'x-routewright-interaction': bCall.interaction,
      'x-line': 'support',
      'x-callernumber': bCall.ani,
    })
    expect(kamailioLogLines(s, /bridge a takes it over \(the router routed it\)/)).toHaveLength(1)
    expect(kamailioLogFaults(s)).toEqual([])
  })

  it("asks again for a gone bridge's call routed while Kamailio still saw that bridge alive", async () => {
    let evapiPort = 0
    const s = keep(
      await startTelephonyStack({
        agents: six.map((id) => ({ id, ringMs: 200 })),
        bridgeId: 'a',
        ready: false,
        evapiVia: async (port) => {
          evapiPort = port
          return port
        },
      }),
    )
    const a = s.bridge
    // bridge b, gone but for its connection: it says hello, is given calls, and does what b did before it hung
    // (submits its call to the router), then nothing more
    const toB: Array<Record<string, unknown>> = []
    const b = await connectEvapi({
      host: '127.0.0.1',
      port: evapiPort,
      hello: { action: 'hello', bridge: 'b' },
      onMessage: (m) => toB.push(m),
    })
    try {
      await waitFor('Kamailio to welcome b', () => toB.some((m) => m.event === 'hello'), 5000)
      const callers = await s.call(
        [0, 300].map((startMs, i) =>
          callerCall({ startMs, patienceMs: 25_000, holdMs: 500, ani: `+1212555080${i}` }),
        ),
      )
      const invite = await waitFor(
        'one call at b, one queued at a',
        () => (inState(a.calls(), 'queued') === 1 ? toB.find((m) => m.event === 'invite') : undefined),
        20_000,
      )
      const callId = String(invite.callid)
      const submitted = await s.router.call('POST', '/v1/interactions', {
        id: callId,
        strategy: 'inbound-call',
        media: 'voice',
        ani: invite.ani,
        dnis: invite.dnis,
      })
      expect(submitted.status).toBe(201)
      // the router holds what its strategy attached: the data a bridge taking the call over rings with
      const held = await s.router.call('GET', `/v1/interactions/${encodeURIComponent(callId)}`)
      expect(held.body).toMatchObject({
        state: 'queued',
        data: { Line: 'support', CallerNumber: invite.ani },
      })
      // both routed: a asks Kamailio for b's call, left alone while b's connection is open
      await ready(s, ['ann', 'bob'])
      await waitFor("Kamailio's not-taken", () => a.figures().takesLeftAlone === 1, 10_000)
      expect(a.calls().some((c) => c.callId === callId)).toBe(false)
      // b's connection closes: Kamailio says b is gone, a asks again and rings the reservation it was routed
      b.close()
      expect(await callers.exited, callers.tail()).toBe(0)
      // before the router's 15 s reservation timeout (without asking again, that call waited for its next `routed`)
      await waitFor(
        'both interactions completed',
        async () =>
          (await ends(s, [a.calls()[0]!.interaction, callId])).every((end) => end.startsWith('completed')),
        10_000,
      )
      expect(a.figures()).toMatchObject({
        takesAskedAgain: 1,
        takenQueued: 1,
        answered: 2,
        open: 0,
        ronas: 0,
      })
      const taken = a.calls().find((c) => c.callId === callId)!
      expect((await inviteAt(s, taken.agent!, callId))?.headers).toMatchObject({
        'x-line': 'support',
        'x-callernumber': invite.ani,
      })
      // no agent paid for the bridge that hung: the reservation was rung and answered, not timed out
      expect(await agentStates(s, ['ann', 'bob'])).toEqual(['ready', 'ready'])
      expect(kamailioLogFaults(s)).toEqual([])
    } finally {
      b.close()
    }
  })

  it("holds, retrieves and releases a gone bridge's talking call at a bridge left: Kamailio hands its dialog over", async () => {
    const two = await twoBridges()
    const { s, a, linkB } = two
    const { callers, own, gone } = await oneCallEach(two, 'talking', { holdMs: 60_000, ani: '+1212555090' })
    await stopB(s, linkB)
    const command = (callId: string, action: string) =>
      fetch(`${s.bridgeUrl}/telephony/calls/${encodeURIComponent(callId)}/${action}`, { method: 'POST' })
    const release = (callId: string) => command(callId, 'release')
    // b's call held at a: a asks Kamailio for it (`take`, talking), is handed its dialog and re-INVITEs the caller
    // with the agent phone's SDP from Kamailio's table
    for (const action of ['hold', 'retrieve']) {
      const answer = await command(gone.callId, action)
      expect(answer.status, await answer.text()).toBe(200)
    }
    // the caller's sipp still runs: its log may not hold the retrieve's re-INVITE whole yet
    const reinvites = await reinvitesReceived(callers.messageFile, request('INVITE', gone.callId), 2)
    expect(reinvites.directions).toEqual(['sendonly', 'sendrecv'])
    // counted above any re-INVITE b may have sent in this dialog (201, 202 ...), under the BYEs (1001)
    expect(reinvites.cseqs).toEqual(['501 INVITE', '502 INVITE'])
    // and released there, as b would have: the BYEs to both sides
    const answer = await release(gone.callId)
    expect(answer.status, await answer.text()).toBe(200)
    expect((await release(own.callId)).status).toBe(200)
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor(
      'both interactions completed',
      async () =>
        (await ends(s, [own.interaction, gone.interaction])).every((end) => end.startsWith('completed')),
      10_000,
    )
    expect(a.figures()).toMatchObject({ takenTalking: 1, open: 0, adoptedUnknown: 0, releaseByesGivenUp: 0 })
    // the agent's phone was sent its BYE and answered it: no call left open on it
    const phone = s.phones.find((p) => p.agent === gone.agent)!
    await phoneIdle(phone.messageFile)
    expect((await routerAgents(s)).find((x) => x.id === gone.agent)).toMatchObject({
      state: 'ready',
      load: {},
    })
    expect(
      kamailioLogLines(s, /bridge a takes it over \(a release, hold or transfer asked there\)/),
    ).toHaveLength(1)
    // a call no bridge holds: nothing taken, 404 saying why
    const none = await release('no-such-call@127.0.0.1')
    expect(none.status).toBe(404)
    expect(((await none.json()) as { error: string }).error).toMatch(/Kamailio holds no such call/)
    expect(kamailioLogFaults(s)).toEqual([])
  })

  it('retrieves at once at a bridge left a caller the gone bridge held: Kamailio kept the hold', async () => {
    const two = await twoBridges()
    const { s, a, b, linkB } = two
    const { callers, own, gone } = await oneCallEach(two, 'talking', { holdMs: 60_000, ani: '+1212555092' })
    // b holds its caller (answered 2xx: Kamailio keeps it held), then goes
    await b.hold(gone.callId)
    expect(b.calls().find((c) => c.callId === gone.callId)).toMatchObject({ held: true })
    await stopB(s, linkB)
    const command = (callId: string, action: string) =>
      fetch(`${s.bridgeUrl}/telephony/calls/${encodeURIComponent(callId)}/${action}`, { method: 'POST' })
    // a takes the call with its hold: the retrieve is sent at once (409 `not on hold` before, until a hold there)
    const retrieved = await command(gone.callId, 'retrieve')
    expect(retrieved.status, await retrieved.text()).toBe(200)
    const taken = a.calls().find((c) => c.callId === gone.callId)!
    expect(taken).toMatchObject({ held: false })
    expect(taken.heldMs).toBeGreaterThanOrEqual(0)
    const reinvites = await reinvitesReceived(callers.messageFile, request('INVITE', gone.callId), 2)
    // b's hold (CSeq 201), then a's retrieve counted above it
    expect(reinvites.directions).toEqual(['sendonly', 'sendrecv'])
    expect(reinvites.cseqs).toEqual(['201 INVITE', '501 INVITE'])
    // retrieved: a second retrieve is refused, a hold works again
    expect((await command(gone.callId, 'retrieve')).status).toBe(409)
    expect((await command(gone.callId, 'hold')).status).toBe(200)
    for (const callId of [gone.callId, own.callId])
      expect((await command(callId, 'release')).status).toBe(200)
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor(
      'both interactions completed',
      async () =>
        (await ends(s, [own.interaction, gone.interaction])).every((end) => end.startsWith('completed')),
      10_000,
    )
    expect(a.figures()).toMatchObject({ takenTalking: 1, open: 0, adoptedUnknown: 0 })
    expect(kamailioLogFaults(s)).toEqual([])
  })

  it("transfers a gone bridge's talking call at a bridge left: the next leg rings with TransferredFrom", async () => {
    const two = await twoBridges()
    const { s, a, linkB } = two
    const { callers, own, gone } = await oneCallEach(two, 'talking', { holdMs: 60_000, ani: '+1212555091' })
    await stopB(s, linkB)
    const url = (callId: string, action: string) =>
      `${s.bridgeUrl}/telephony/calls/${encodeURIComponent(callId)}/${action}`
    // a takes b's call from Kamailio and REFERs the caller to the billing routing point: its next INVITE comes to a
    const moved = await fetch(url(gone.callId, 'transfer'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: '5001' }),
    })
    expect(moved.status, await moved.text()).toBe(200)
    const next = await waitFor(
      "b's caller talking on the next leg",
      () => a.calls().find((c) => c.interaction === `${gone.callId}~2` && c.state === 'talking'),
      20_000,
    )
    expect(next.attached).toMatchObject({ Line: 'billing', TransferredFrom: gone.agent })
    const invite = await inviteAt(s, next.agent!, gone.callId)
    expect(invite?.headers).toMatchObject({ 'x-line': 'billing', 'x-transferredfrom': gone.agent })
    for (const callId of [gone.callId, own.callId])
      expect((await fetch(url(callId, 'release'), { method: 'POST' })).status).toBe(200)
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor(
      'the three legs completed',
      async () =>
        (await ends(s, [own.interaction, gone.interaction, next.interaction])).every((end) =>
          end.startsWith('completed'),
        ),
      10_000,
    )
    expect(a.figures()).toMatchObject({ takenTalking: 1, open: 0, adoptedUnknown: 0 })
    expect(kamailioLogFaults(s)).toEqual([])
  })

  it("lets one bridge of two left take a gone bridge's queued call, never both", async () => {
    const { s, a, b } = await twoBridges({ ready: false })
    const linkC = await s.addBridge('c')
    const c = linkC.bridge
    const bridges = [a, b, c]
    const callers = await s.call(
      [0, 300, 600].map((startMs, i) =>
        callerCall({ startMs, patienceMs: 25_000, holdMs: 500, ani: `+1212555070${i}` }),
      ),
    )
    await waitFor(
      'one call queued on each bridge',
      () => bridges.every((x) => inState(x.calls(), 'queued') === 1),
      20_000,
    )
    const all = bridges.map((x) => x.calls()[0]!.interaction)
    await stopBridge(s, linkC, 'c')
    // c's `routed` reaches a and b: both ask Kamailio to take the call, and only the first is given it
    await ready(s, ['ann', 'bob', 'carla'])
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor(
      'all three interactions completed',
      async () => (await ends(s, all)).every((end) => end.startsWith('completed')),
      10_000,
    )
    expect(a.figures().takenQueued + b.figures().takenQueued).toBe(1)
    expect(a.figures().answered + b.figures().answered).toBe(3)
    expect(kamailioLogLines(s, /takes it over \(the router routed it\)/)).toHaveLength(1)
    expect(kamailioLogFaults(s)).toEqual([])
  })

  it("confirms a gone bridge's ringing call its agent answers, and completes it", async () => {
    // the phones ring 1.5 s (under the ring-no-answer's 4 s): long enough to stop b while both ring (Kamailio sees it
    // go within 0.05-0.15 s at load 14; the first ring began 0.3 s before the second)
    const two = await twoBridges({ agents: six.map((id) => ({ id, ringMs: 1500 })) })
    const { s, a, linkB } = two
    const { callers, own, gone } = await oneCallEach(two, 'ringing', { holdMs: 500, ani: '+1212555040' })
    const all = [own.interaction, gone.interaction]
    await stopB(s, linkB)
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor(
      'both interactions completed',
      async () => (await ends(s, all)).every((end) => end.startsWith('completed')),
      10_000,
    )
    // b's call was opened at a on its answer: its BYE is a's own (not an adopted end)
    expect(a.figures()).toMatchObject({ takenRinging: 1, answered: 2, open: 0, adoptedCompleted: 0 })
    expect(a.figures().adoptedUnknown).toBe(0)
    expect(kamailioLogFaults(s)).toEqual([])
  })

  it("never confirms a newer offer with a gone bridge's ring: the router is told who answered", async () => {
    // the phones ring 2 s (under the ring-no-answer's 4 s): long enough to stop b and offer its call again (0.06 s
    // from the ring seen to the newer offer at load 12)
    const two = await twoBridges({ agents: six.map((id) => ({ id, ringMs: 2000 })), ronaMs: 4000 })
    const { s, a, linkB } = two
    const { callers, gone } = await oneCallEach(two, 'ringing', { holdMs: 500, ani: '+1212555070' })
    const path = `/v1/interactions/${encodeURIComponent(gone.interaction)}`
    const view = async () =>
      (await s.router.call('GET', path)).body as { state?: string; reservation?: string; agent?: string }
    const first = await view()
    const rung = first.reservation
    expect(rung).toBeDefined()
    // b's `routed` reached a while b was alive (left alone); b's `bridge-gone` has a take the ringing call at once,
    // with the reservation Kamailio kept with the ring
    await stopB(s, linkB)
    await waitFor('the ringing call taken by a', () => a.figures().takenRinging === 1, 10_000)
    expect(a.figures()).toMatchObject({ takesLeftAlone: 1, takesAskedAgain: 1 })
    // another host takes b's offer back while the phone still rings: the router offers the call again at once
    expect(
      (await s.router.call('POST', `${path}/reject`, { reservation: rung, reason: 'withdrawn' })).status,
    ).toBe(200)
    await waitFor(
      "b's call offered again",
      async () => {
        const now = await view()
        return now.state === 'reserved' && now.reservation !== rung ? now.reservation : undefined
      },
      5000,
    )
    // the phone that rang answers: a tells the router the call is with that agent (its withdrawn ring's connect),
    // never confirming the newer offer, which the connect withdraws
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor('the interaction completed', async () => (await view()).state === 'completed', 10_000)
    expect((await view()).agent).toBe(first.agent)
    expect(a.figures()).toMatchObject({ connectedAfterWithdrawal: 1, ronas: 0 })
    // the newer offer's agent keeps its state: nobody made not ready
    expect((await routerAgents(s)).filter((x) => six.includes(x.id) && x.state !== 'ready')).toEqual([])
    expect(kamailioLogFaults(s)).toEqual([])
  })

  it("rejects a gone bridge's call its agent did not answer, and rings the next agent", async () => {
    // ann and bob never answer (ring-no-answer after 2 s); carla, ready later, takes both calls in turn
    const two = await twoBridges({
      agents: [
        { id: 'ann', ringMs: Number.POSITIVE_INFINITY },
        { id: 'bob', ringMs: Number.POSITIVE_INFINITY },
        { id: 'carla', ringMs: 200 },
      ],
      ronaMs: 2000,
      ready: false,
    })
    const { s, a, linkB } = two
    await ready(s, ['ann', 'bob'])
    const { callers, own, gone } = await oneCallEach(two, 'ringing', { holdMs: 500, ani: '+1212555050' })
    const all = [own.interaction, gone.interaction]
    await stopB(s, linkB)
    await ready(s, ['carla'])
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor(
      'both interactions completed',
      async () => (await ends(s, all)).every((end) => end.startsWith('completed')),
      15_000,
    )
    expect(a.figures()).toMatchObject({ takenRinging: 1, ronas: 2, answered: 2, open: 0, adoptedUnknown: 0 })
    // both rang out, so both are not ready, as their own bridge would have left them
    expect(await agentStates(s, ['ann', 'bob'])).toEqual(['not-ready', 'not-ready'])
    expect(kamailioLogFaults(s)).toEqual([])
  })

  it("abandons at the router a call that waited Kamailio's queue time, whichever bridge is left", async () => {
    // 3 s: b is stopped 0.4 s after the first caller's INVITE at load 14 (4 s here waited 1 s more for nothing)
    const two = await twoBridges({ ready: false, queueMs: 3000 })
    const { s, a, linkB } = two
    const { callers, own, gone } = await oneCallEach(two, 'queued', {
      patienceMs: 30_000,
      ani: '+1212555060',
    })
    const all = [own.interaction, gone.interaction]
    await stopB(s, linkB)
    // both callers are answered 408 by Kamailio (a failed call for sipp)
    await callers.exited
    expect(readFileSync(callers.messageFile, 'utf8').match(/SIP\/2\.0 408/g)).toHaveLength(2)
    await waitFor(
      'both interactions abandoned at the router, none waiting',
      async () => {
        const waiting = (await s.router.call('GET', '/v1/waiting')).body.waiting as unknown[]
        return (await ends(s, all)).every((end) => end === 'finished/abandoned') && waiting.length === 0
      },
      10_000,
    )
    // abandoned as a queue time out, not a hang-up, by its own bridge and by the one that took it over
    const queueTime = "The caller waited the host's queue time: Kamailio's queue time (408 to the caller)"
    expect(await finishMessages(s, all)).toEqual([queueTime, queueTime])
    expect(a.figures()).toMatchObject({ queueTimeouts: 1, adoptedTimedOut: 1, open: 0, adoptedUnknown: 0 })
    expect(kamailioLogFaults(s)).toEqual([])
  })
})
