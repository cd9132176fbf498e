// The bridge's HTTP call commands name the leg they act on (`?agent=`): in a transfer's overlap window (dan's leg
// answered, the caller's BYE of ann's leg not yet heard) both legs of the Call-ID talk, and a command for dan acts
// on his leg; without `?agent=` a command acts on the first talking leg (ann's), as documented.
// Real Kamailio, sipp phones and caller, serve, two bridges (b with its HTTP side).
import { describe, expect, it } from 'vitest'
import { type Bridge, waitFor } from '../src/index.ts'
import { receivedMessages, sentMessages } from '../src/phone-log.ts'
import { request, waitForMessages } from './phone-trace.ts'
import { stackPerTest } from './stack-report.ts'
import { legTalkingWithDanAtB, releaseAllAtA, startTwoBridges } from './two-bridges.ts'

const keep = stackPerTest()

/** POST /telephony/calls/<callId>/<action>[?agent=<agent>] at a bridge's HTTP side. */
async function command(url: string, callId: string, action: string, agent?: string) {
  const query = agent === undefined ? '' : `?agent=${encodeURIComponent(agent)}`
  const response = await fetch(`${url}/telephony/calls/${encodeURIComponent(callId)}/${action}${query}`, {
    method: 'POST',
  })
  return { status: response.status, body: (await response.json()) as { ok?: true; error?: string } }
}

/** Each leg of `callId` at `bridge` as `agent state held`. */
const legs = (bridge: Bridge, callId: string) =>
  bridge
    .calls()
    .filter((c) => c.callId === callId)
    .map((c) => `${c.agent} ${c.state}${c.held ? ' held' : ''}`)

describe("the bridge's HTTP call commands in a transfer's overlap window", () => {
  it("act with ?agent= on that agent's leg, and without it on the first talking leg", async () => {
    const two = await startTwoBridges(keep, { ready: false }, { http: true })
    const { b, linkB } = two
    const { callers, own, annCall, leg, transfer, deliverOldBye } = await legTalkingWithDanAtB(
      two,
      '+1212555220',
      { oldLegByeHeld: true },
    )
    const callId = annCall.callId
    const url = linkB.url
    if (url === undefined) throw new Error('bridge b was started without its HTTP side')
    expect(legs(b, callId)).toEqual(['ann talking', 'dan talking'])

    // dan holds his caller: the re-INVITE goes in his leg's dialog (ignoring ?agent=, ann's leg was held)
    expect(await command(url, callId, 'hold', 'dan')).toEqual({ status: 200, body: { ok: true } })
    expect(legs(b, callId)).toEqual(['ann talking', 'dan talking held'])
    // in the caller's dialog of dan's leg: its To tag is the caller's tag of the next leg (`<first leg's>t`)
    // the caller's sipp still runs: its log may not hold the hold's re-INVITE whole yet
    const reinvite = { direction: 'received', what: "dan's hold re-INVITE" } as const
    const trace = await waitForMessages(callers.messageFile, request('INVITE', callId), reinvite)
    const first = sentMessages(trace).find((m) => m.startsWith('INVITE ') && m.includes(callId))
    const tagOf = (m: string | undefined, header: string) =>
      new RegExp(`^${header}:.*;tag=([^;\\s]+)`, 'mi').exec(m ?? '')?.[1]
    const reinvites = receivedMessages(trace).filter((m) => m.startsWith('INVITE ') && m.includes(callId))
    expect(reinvites.map((m) => tagOf(m, 'To'))).toEqual([`${tagOf(first, 'From')}t`])

    // no ?agent=: the first talking leg, ann's (not held: refused, nothing sent)
    expect(await command(url, callId, 'retrieve')).toEqual({
      status: 409,
      body: { error: 'The caller is not on hold' },
    })
    expect(legs(b, callId)).toEqual(['ann talking', 'dan talking held'])
    expect(await command(url, callId, 'retrieve', 'dan')).toEqual({ status: 200, body: { ok: true } })

    // dan's Release ends his leg (BYEs in his dialog); ann's leg talks on until the caller's BYE of it is heard
    expect(await command(url, callId, 'release', 'dan')).toEqual({ status: 200, body: { ok: true } })
    expect(legs(b, callId)).toEqual(['ann talking', 'dan ended'])
    // an agent with no leg of this call is told so
    expect(await command(url, callId, 'hold', 'erin')).toEqual({
      status: 409,
      body: { error: `Call "${callId}" is not connected to erin: nothing to hold` },
    })
    await deliverOldBye()
    await waitFor("ann's leg ended", () => legs(b, callId).join() === 'ann ended,dan ended', 10_000)
    await transfer.catch(() => {})
    await releaseAllAtA(two, callers, [own], [annCall.interaction, leg.interaction])
    expect(b.figures()).toMatchObject({ open: 0 })
  })
})
