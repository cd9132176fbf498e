// A blind transfer whose REFER came twice: Kamailio sends a REFER again after 500 ms without an answer, and on a
// loaded machine the caller's sipp read both before it answered the first. It took the copy for a new transfer
// (sipp's own retransmission check only covers a receive followed by one send; the 202 is followed by the BYE), so
// it answered 202 and sent its BYE again, and the copy of the BYE's 200 then came as the next leg's answer: the
// call was aborted on an unexpected message. The caller now passes a REFER over while it waits for its BYE's 200.
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

/** The REFER, byte for byte the same each time it is sent (its branch fixed), as a retransmission is. */
const REFER = referToDan('z9hG4bK-refer-once')

/**
 * The agent side: answers, sends the REFER, takes its 202 and the caller's BYE of its leg, then sends the REFER's
 * copy (as Kamailio's retransmission crossing the 202 reaches the caller) before the BYE's 200; then it takes the
 * caller's INVITE to dan (the call fails otherwise), answers it and hangs up. A second 202 or BYE would come where
 * it waits for that INVITE: its scenario would fail.
 */
const AGENT = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="agent whose REFER went out twice">
${recvInvite('^INVITE sip:5000@')}${answerInvite('agent1', '1')}  <recv request="ACK" />
${REFER}  <recv response="202" />
  <recv request="BYE" />
${REFER}${sipReply()}${danLegAnsweredAndEnded()}</scenario>
`

describe('a blind transfer whose REFER came twice', () => {
  it('answers the REFER once, ends the old leg once, then calls the transfer target', async () => {
    const result = await callScriptedAgent('refer-copy', AGENT, transferredCall('+12125550178'))
    expect(result, result.log).toMatchObject({ caller: 0, agent: 0 })
  })
})
