// A blind transfer whose REFER reached the caller before the agent's 200 OK did: the bridge sends the REFER once the
// agent answered, and on a loaded machine Kamailio's REFER (one worker) overtook its relay of that 200 (another) to
// the caller. The caller's sipp, still waiting for its answer, took the REFER as unexpected and cancelled the call.
// The caller now passes over a REFER that comes before its answer: Kamailio sends it again after 500 ms, and that
// copy finds the call talking and is taken as the transfer.
import { describe, expect, it } from 'vitest'
import {
  answerInvite,
  callScriptedAgent,
  danLegAnsweredAndEnded,
  recvInvite,
  referToDan,
  sipReply,
  transferredCall,
} from './scripted-agent.ts'

/** The REFER, byte for byte the same each time it is sent (its branch fixed), as Kamailio's retransmission is. */
const REFER = referToDan('z9hG4bK-refer-early')

/**
 * The agent side: rings, sends the REFER before its 200 OK (as the caller reads them when Kamailio's REFER overtakes
 * the 200), answers, takes the ACK, then sends the REFER again (Kamailio's retransmission); it takes that one's 202
 * and the caller's BYE of its leg, then the caller's INVITE to dan, answers it and hangs up. A cancelled call (sipp's
 * answer to an unexpected message) would come where it waits for the ACK: its scenario would fail.
 */
const AGENT = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="agent whose REFER overtook its answer">
${recvInvite('^INVITE sip:5000@')}${sipReply({ status: '180 Ringing', tag: 'agent1', cseq: '1 INVITE', saved: true })}${REFER}${answerInvite('agent1', '1')}  <recv request="ACK" />
${REFER}  <recv response="202" />
  <recv request="BYE" />
${sipReply()}${danLegAnsweredAndEnded()}</scenario>
`

describe("a blind transfer whose REFER came before the agent's answer", () => {
  it('passes the early REFER over, talks on the answer, then takes the REFER sent again and calls the target', async () => {
    const result = await callScriptedAgent('refer-before-answer', AGENT, transferredCall('+12125550179'))
    expect(result, result.log).toMatchObject({ caller: 0, agent: 0 })
  })
})
