// A blind transfer whose REFER reached the caller before the agent's 200 OK did: the bridge sends the REFER once the
// agent answered, and on a loaded machine Kamailio's REFER (one worker) overtook its relay of that 200 (another) to
// the caller. The caller's sipp, still waiting for its answer, took the REFER as unexpected and cancelled the call.
// The caller now passes over a REFER that comes before its answer: Kamailio sends it again after 500 ms, and that
// copy finds the call talking and is taken as the transfer.
import { describe, expect, it } from 'vitest'
import { callScriptedAgent, sipReply } from './scripted-agent.ts'

const invite = (check: string) => `  <recv request="INVITE" crlf="true">
    <action>
      <ereg regexp="${check}" search_in="msg" check_it="true" assign_to="line" />
      <ereg regexp=".*" search_in="hdr" header="Via:" assign_to="via" />
      <ereg regexp=".*" search_in="hdr" header="From:" assign_to="from" />
      <ereg regexp=".*" search_in="hdr" header="To:" assign_to="to" />
    </action>
  </recv>
`
/** A reply to the caller's INVITE (`tag`: the agent's dialog), from its headers saved by `invite`. */
const answer = (tag: string, cseq: string) =>
  sipReply({ tag, cseq: `${cseq} INVITE`, saved: true, contact: 'agent' })
/** The REFER, byte for byte the same each time it is sent (its branch fixed), as Kamailio's retransmission is. */
const REFER = `  <send>
    <![CDATA[
      REFER sip:caller@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=z9hG4bK-refer-early
      From: [$to];tag=agent1
      To: [$from]
      [last_Call-ID:]
      CSeq: 101 REFER
      Contact: <sip:agent@[local_ip]:[local_port]>
      Refer-To: <sip:dan@[local_ip]:[local_port]>
      Content-Length: 0

    ]]>
  </send>
`

/**
 * The agent side: rings, sends the REFER before its 200 OK (as the caller reads them when Kamailio's REFER overtakes
 * the 200), answers, takes the ACK, then sends the REFER again (Kamailio's retransmission); it takes that one's 202
 * and the caller's BYE of its leg, then the caller's INVITE to dan, answers it and hangs up. A cancelled call (sipp's
 * answer to an unexpected message) would come where it waits for the ACK: its scenario would fail.
 */
const AGENT = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="agent whose REFER overtook its answer">
${invite('^INVITE sip:5000@')}${sipReply({ status: '180 Ringing', tag: 'agent1', cseq: '1 INVITE', saved: true })}${REFER}${answer('agent1', '1')}  <recv request="ACK" />
${REFER}  <recv response="202" />
  <recv request="BYE" />
${sipReply()}${invite('^INVITE sip:dan@')}${answer('agent2', '30')}  <recv request="ACK" />
  <send>
    <![CDATA[
      BYE sip:caller@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: [$to];tag=agent2
      To: [$from]
      [last_Call-ID:]
      CSeq: 1 BYE
      Content-Length: 0

    ]]>
  </send>
  <recv response="200" />
</scenario>
`

describe("a blind transfer whose REFER came before the agent's answer", () => {
  it('passes the early REFER over, talks on the answer, then takes the REFER sent again and calls the target', async () => {
    const result = await callScriptedAgent('refer-before-answer', AGENT, {
      dnis: '5000',
      patienceMs: 60_000,
      holdMs: 60_000,
      startMs: 0,
      ani: '+12125550179',
    })
    expect(result, result.log).toMatchObject({ caller: 0, agent: 0 })
  }, 60_000)
})
