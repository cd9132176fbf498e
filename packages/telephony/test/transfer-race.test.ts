// A blind transfer on a loaded machine, made deterministic: the caller's ACK left late, so the agent's phone sent
// its 200 OK again, and that copy reached the caller after the REFER, while it waited for the answer to its BYE.
// The caller took it for the BYE's answer, then found the BYE's real 200 unexpected and aborted the call: the
// transfer target was never called (the blind-transfer test timed out waiting for leg 3 to be talking).
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

/**
 * The agent side: answers, transfers the caller to dan (REFER), and when the caller's BYE comes sends its INVITE's
 * 200 OK once more right before the BYE's 200 (both in one instant, as on the loaded machine); then it takes the
 * caller's INVITE to dan (the call fails otherwise), answers it and hangs up.
 */
const AGENT = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="agent transferring with a late ACK">
${recvInvite('^INVITE sip:5000@')}${answerInvite('agent1', '1')}  <recv request="ACK" />
${referToDan()}  <recv response="202" />
  <recv request="BYE" />
${answerInvite('agent1', '1')}${sipReply()}${danLegAnsweredAndEnded()}</scenario>
`

describe('a blind transfer whose 200 OK came again after the REFER', () => {
  it('passes that copy over, waits for the BYE answer, then calls the transfer target', async () => {
    const result = await callScriptedAgent('transfer-race', AGENT, transferredCall('+12125550177'))
    expect(result, result.log).toMatchObject({ caller: 0, agent: 0 })
  })
})
