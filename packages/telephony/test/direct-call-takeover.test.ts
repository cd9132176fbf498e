// The two-call takeover on real SIP: ann's phone rings with call Y, offered by the router, while she answers call X
// dialled to her extension. The bridge tells the router X arrives connected to ann (one submit, no strategy run, no
// offer of X to anyone): the router withdraws
// Y's offer (ann keeps her state, no RONA), Y goes back in line with its age and is offered to bob, whose phone
// answers once ann's phone has turned Y away (486: she is on a call); X is recorded as ann's.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { startTelephonyStack, type TelephonyStack, waitFor } from '../src/index.ts'
import { kamailioLogFaults } from './kamailio-log.ts'
import { phoneWithInvites } from './phone-trace.ts'
import { callerCall } from './relayed-stack.ts'
import { routerAgent } from './router-agents.ts'
import { sipReply } from './scripted-agent.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

const DIALOG = { tag: 'ann[call_number]', recordRoute: true, contact: 'phone' }
/** Y's ring at ann lasts this long before her phone answers 486: X is answered and connected well before. */
const OFFER_RING_MS = 4000

/**
 * ann's phone: a call the router offered (its INVITE carries the strategy's X-Line) rings, then is turned away with
 * 486 (she is on the other call by then); a call dialled to her (no X-Line) is answered after ring_ms and talks until BYE.
 */
const annPhone = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="ann: answers her extension, busy for the router's offer">
  <Global variables="ring_ms" />
  <recv request="INVITE" crlf="true">
    <action>
      <ereg regexp="X-Line:" search_in="msg" check_it="false" assign_to="offer" />
      <assignstr assign_to="r" value="[$ring_ms]" />
      <todouble assign_to="ring" variable="r" />
    </action>
  </recv>
${sipReply({ ...DIALOG, status: '180 Ringing' })}  <nop next="offered" test="offer" />
  <pause variable="ring" />
${sipReply({ ...DIALOG, retrans: 500 })}  <recv request="ACK" />
  <recv request="BYE" />
${sipReply()}  <nop next="end" />
  <label id="offered" />
  <pause milliseconds="${OFFER_RING_MS}" />
${sipReply({ ...DIALOG, status: '486 Busy Here' })}  <recv request="ACK" />
  <label id="end" />
</scenario>
`

const interaction = async (s: TelephonyStack, id: string) =>
  (await s.router.call('GET', `/v1/interactions/${encodeURIComponent(id)}`)).body as Record<string, unknown>
/** `agent`'s phone's log once it holds `count` calls' INVITEs whole (its sipp still runs). */
const phoneLog = (s: TelephonyStack, agent: string, count: number) =>
  phoneWithInvites(s.phones.find((p) => p.agent === agent)!.messageFile, count)

describe('a call dialled to an agent whose phone rings with an offer (two-call takeover)', () => {
  it("connects the dialled call to ann, withdraws Y's offer without a RONA and has bob answer Y", async () => {
    const runDir = keep.runDir()
    const scenario = path.join(runDir, 'ann-phone.xml')
    writeFileSync(scenario, annPhone)
    const stack = keep(
      await startTelephonyStack({
        agents: [
          { id: 'ann', ringMs: 300, scenario },
          { id: 'bob', ringMs: 200 },
        ],
        runDir,
        ready: false,
        ronaMs: 12_000,
      }),
    )
    const s = stack
    // ann is ready first, so idle longest: the router offers Y to her
    for (const agent of ['ann', 'bob'])
      await stack.router.call('PUT', `/v1/agents/${agent}/state`, { state: 'ready' })
    const callers = await stack.call(
      [
        callerCall({ startMs: 0, holdMs: 1000, ani: '+12125550101' }),
        // dialled to ann's extension once Y rings her phone
        callerCall({ startMs: 1000, holdMs: 2000, dnis: 'ann', ani: '+12125550102' }),
      ],
      'callers',
    )
    expect(await callers.exited).toBe(0)
    await waitFor(
      'both calls to end',
      () => s.bridge.figures().open === 0 && s.bridge.calls().length === 2,
      30_000,
    )

    const y = stack.bridge.calls().find((c) => c.dnis === '5000')!
    const x = stack.bridge.calls().find((c) => c.dnis === 'ann')!
    expect(y).toMatchObject({ agent: 'bob', state: 'ended' })
    expect(x).toMatchObject({ agent: 'ann', state: 'ended' })
    // X is ann's call at the router, Y bob's
    const xAtRouter = await interaction(s, x.interaction)
    expect(xAtRouter).toMatchObject({
      state: 'completed',
      agent: 'ann',
      explanation: { rule: 'direct', winner: 'ann' },
    })
    // X arrived connected: no strategy node ran, so nothing was offered to bob (free then) and withdrawn again
    expect(xAtRouter.path).toEqual([])
    const xTrace = xAtRouter.trace as Array<{ kind: string; name?: string }>
    expect(xTrace.map((e) => [e.kind, e.name])).toEqual([
      ['value', 'connected'],
      ['finish', 'routed'],
    ])
    const yAtRouter = await interaction(s, y.interaction)
    expect(yAtRouter).toMatchObject({ state: 'completed', agent: 'bob' })
    // Y's offer to ann was withdrawn (the host's connect), not rejected: no RONA, ann still ready
    const trace = yAtRouter.trace as Array<{ name: string; value?: unknown }>
    expect(trace.filter((e) => e.name === 'withdrawn').map((e) => e.value)).toEqual([
      {
        agent: 'ann',
        reason: `withdrawn by the host: ann was connected to ${x.interaction}: answered on a call dialled to ann`,
      },
    ])
    // one overlap, the point of the test: X rang ann's phone while Y's offer rang it
    expect(stack.bridge.figures()).toMatchObject({ ronas: 0, overlaps: 1 })
    expect((await routerAgent(s, 'ann'))?.state).toBe('ready')
    expect((await phoneLog(s, 'ann', 2)).invites.map((i) => i.callId).sort()).toEqual(
      [x.callId, y.callId].sort(),
    )
    expect((await phoneLog(s, 'bob', 1)).invites.map((i) => i.callId)).toEqual([y.callId])
    expect(kamailioLogFaults(stack)).toEqual([])
  })
})
