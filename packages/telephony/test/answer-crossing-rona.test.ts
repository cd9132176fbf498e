// An agent's 200 OK crossing Kamailio's ring-no-answer CANCEL: the phone answered just as the RONA fired. The ring
// was over for the router (the agent made not ready, the call offered again), so the late answer is not the
// caller's call: Kamailio ACKs it and ends it with a BYE (RFC 3261 §15: a 2xx after a CANCEL is still a final answer
// to end), its `calls` item stays queued and the bridge is not told of an answer. Before, the answer set the item
// `talking|ann` (no caller ever got it) and the phone, never ACKed, kept sending its 200 believing it talked.
// ann's phone is scripted to send its 200 OK as the CANCEL arrives, before answering the CANCEL: the crossing as
// Kamailio sees it, every time.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { startTelephonyStack, waitFor } from '../src/index.ts'
import { kamailioLogFaults, kamailioLogLines } from './kamailio-log.ts'
import { request, waitForMessages } from './phone-trace.ts'
import { callerCall } from './relayed-stack.ts'
import { routerAgent } from './router-agents.ts'
import { sipReply } from './scripted-agent.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

const TAG = 'ann1'
/** ring_ms (sipp refuses a Global never used: it waits that long before its 180); the INVITE's every Via (sipp's header search gives the first only) and its route set, for the late 200 OK. */
const SAVE_INVITE = `    <action>
      <assignstr assign_to="r" value="[$ring_ms]" />
      <todouble assign_to="ring" variable="r" />
      <ereg regexp="[0-9]+" search_in="hdr" header="CSeq:" assign_to="invcseq" />
      <ereg regexp="(Via:[^[:cntrl:]]*[[:space:]]+)*Via:[^[:cntrl:]]*" search_in="msg" assign_to="vias" />
      <ereg regexp=".*" search_in="hdr" header="Record-Route:" assign_to="rr" />
    </action>`

/**
 * Rings (180 after ring_ms); on the CANCEL answers the INVITE (200 OK, sent once: sipp holds a send after one it
 * retransmits), then the CANCEL (200); then requires the ACK and the BYE.
 */
const ANN_PHONE = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="phone answering as the ring-no-answer CANCEL comes">
  <Global variables="ring_ms" />
  <recv request="INVITE" crlf="true">
${SAVE_INVITE}
  </recv>
  <pause variable="ring" />
${sipReply({ status: '180 Ringing', tag: TAG, recordRoute: true, contact: 'ann' })}  <recv request="CANCEL" />
  <send>
    <![CDATA[
      SIP/2.0 200 OK
      [$vias]
      [last_From:]
      [last_To:];tag=${TAG}
      [last_Call-ID:]
      CSeq: [$invcseq] INVITE
      Record-Route: [$rr]
      Contact: <sip:ann@[local_ip]:[local_port]>
      Content-Length: 0

    ]]>
  </send>
${sipReply({ tag: TAG })}  <recv request="ACK" />
  <recv request="BYE" />
${sipReply()}</scenario>
`

describe("an agent's answer crossing Kamailio's ring-no-answer CANCEL", () => {
  it('is ACKed and ended with a BYE; the call stays queued and goes to the next agent', async () => {
    const runDir = keep.runDir()
    const annPhone = path.join(runDir, 'ann-phone.xml')
    writeFileSync(annPhone, ANN_PHONE)
    const s = keep(
      await startTelephonyStack({
        runDir,
        agents: [
          { id: 'ann', scenario: annPhone },
          { id: 'bob', ringMs: 200 },
        ],
        ronaMs: 1500,
        ready: false,
      }),
    )
    // ann alone is ready: the call rings her phone, and waits in the queue once her ring ran out
    await s.router.call('PUT', '/v1/agents/ann/state', { state: 'ready' })
    const callers = await s.call([callerCall({ startMs: 0, holdMs: 500 })])
    const view = await waitFor('the call', () => s.bridge.calls()[0], 10_000)
    const annFile = s.phones.find((p) => p.agent === 'ann')!.messageFile
    const received = (method: string) =>
      waitForMessages(annFile, request(method, view.callId), {
        direction: 'received',
        what: `the ${method} of ann's late answer`,
      })
    await received('ACK')
    await received('BYE')

    // nobody took the call: Kamailio holds it queued (ann's ring lost), the bridge too, and ann is not ready
    const held = [...(await s.kamailioRpc.heldCalls())].filter(([key]) => key.startsWith(`${view.callId}|`))
    expect(held).toHaveLength(1)
    expect(held[0]![1]).toMatchObject({
      state: 'queued',
      lost: { code: 408, agent: 'ann' },
    })
    expect(s.bridge.calls()[0]).toMatchObject({ state: 'queued' })
    const ann = await routerAgent(s, 'ann')
    expect(ann).toMatchObject({ state: 'not-ready', reason: 'no-answer' })
    // not busy: no call of hers counted (an empty load is none)
    expect(ann?.load.voice ?? 0).toBe(0)
    expect(s.bridge.figures()).toMatchObject({ answered: 0, ronas: 1 })
    expect(kamailioLogLines(s, /answered after its ring-no-answer/)).toHaveLength(1)

    // the next agent takes it as any queued call
    await s.router.call('PUT', '/v1/agents/bob/state', { state: 'ready' })
    expect(await callers.exited, callers.tail()).toBe(0)
    await waitFor('the call to end', () => s.bridge.figures().open === 0, 15_000)
    expect(s.bridge.calls()[0]).toMatchObject({ agent: 'bob', state: 'ended' })
    expect(s.bridge.figures()).toMatchObject({ answered: 1, ronas: 1, overlaps: 0 })
    expect(kamailioLogFaults(s)).toEqual([])
  }, 60_000)
})
