// A blind transfer on a loaded machine, made deterministic: the caller's ACK left late, so the agent's phone sent
// its 200 OK again, and that copy reached the caller after the REFER, while it waited for the answer to its BYE.
// The caller took it for the BYE's answer, then found the BYE's real 200 unexpected and aborted the call: the
// transfer target was never called (the blind-transfer test timed out waiting for leg 3 to be talking).
import { describe, expect, it } from 'vitest'
import { callScriptedAgent, sipReply } from './scripted-agent.ts'

/** A reply to the caller's INVITE (`tag`: the agent's dialog), from its headers saved by `invite`. */
const answer = (tag: string, cseq: string) =>
  sipReply({ tag, cseq: `${cseq} INVITE`, saved: true, contact: 'agent' })
const invite = (check: string) => `  <recv request="INVITE" crlf="true">
    <action>
      <ereg regexp="${check}" search_in="msg" check_it="true" assign_to="line" />
      <ereg regexp=".*" search_in="hdr" header="Via:" assign_to="via" />
      <ereg regexp=".*" search_in="hdr" header="From:" assign_to="from" />
      <ereg regexp=".*" search_in="hdr" header="To:" assign_to="to" />
    </action>
  </recv>
`

/**
 * The agent side: answers, transfers the caller to dan (REFER), and when the caller's BYE comes sends its INVITE's
 * 200 OK once more right before the BYE's 200 (both in one instant, as on the loaded machine); then it takes the
 * caller's INVITE to dan (the call fails otherwise), answers it and hangs up.
 */
const AGENT = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="agent transferring with a late ACK">
${invite('^INVITE sip:5000@')}${answer('agent1', '1')}  <recv request="ACK" />
  <send>
    <![CDATA[
      REFER sip:caller@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: [$to];tag=agent1
      To: [$from]
      [last_Call-ID:]
      CSeq: 101 REFER
      Contact: <sip:agent@[local_ip]:[local_port]>
      Refer-To: <sip:dan@[local_ip]:[local_port]>
      Content-Length: 0

    ]]>
  </send>
  <recv response="202" />
  <recv request="BYE" />
${answer('agent1', '1')}${sipReply()}${invite('^INVITE sip:dan@')}${answer('agent2', '30')}  <recv request="ACK" />
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

describe('a blind transfer whose 200 OK came again after the REFER', () => {
  it('passes that copy over, waits for the BYE answer, then calls the transfer target', async () => {
    const result = await callScriptedAgent('transfer-race', AGENT, {
      dnis: '5000',
      patienceMs: 60_000,
      holdMs: 60_000,
      startMs: 0,
      ani: '+12125550177',
    })
    expect(result, result.log).toMatchObject({ caller: 0, agent: 0 })
  }, 30_000)
})
