// The caller's CANCEL racing the agent's answer, made deterministic: a scripted agent side (sipp UAS) sends the
// replies that follow a CANCEL back to back, in each order SIP allows, and checks the caller ends the call right.
import { describe, expect, it } from 'vitest'
import { callScriptedAgent, sipReply } from './scripted-agent.ts'

const AGENT_DIALOG = { cseq: '1 INVITE', tag: 'agent1' }
const REPLIES = {
  answer: sipReply({ ...AGENT_DIALOG, contact: 'agent' }),
  cancelled: sipReply({ cseq: '1 CANCEL', tag: 'proxy1' }),
  terminated: sipReply({ ...AGENT_DIALOG, status: '487 Request Terminated' }),
  /** A 487 that lost its Via on the way (as the phones' did): the ACK takes the Via of the CANCEL's 200. */
  terminatedNoVia: sipReply({ ...AGENT_DIALOG, status: '487 Request Terminated', via: false }),
}

/** The agent side: rings, waits for the CANCEL, then sends `order` at once; after an answer it requires the ACK
 * and the BYE of that dialog (the agent's tag, else the call fails), after a 487 the ACK. */
function agentSide(order: Array<keyof typeof REPLIES>): string {
  const answered = order.includes('answer')
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="scripted agent">
  <recv request="INVITE" crlf="true" />
${sipReply({ ...AGENT_DIALOG, status: '180 Ringing', contact: 'agent' })}  <recv request="CANCEL" />
${order.map((name) => REPLIES[name]).join('')}  <recv request="ACK" />
${
  answered
    ? `  <recv request="BYE">
    <action>
      <ereg regexp="tag=agent1" search_in="hdr" header="To:" check_it="true" assign_to="dialog" />
    </action>
  </recv>
${sipReply({ headers: ['X-Dialog: [$dialog]'] })}`
    : ''
}</scenario>
`
}

// patience 300 ms: the caller cancels while the agent side rings
const race = (order: Array<keyof typeof REPLIES>) =>
  callScriptedAgent('cancel-race', agentSide(order), {
    dnis: '5000',
    patienceMs: 300,
    holdMs: 1000,
    startMs: 0,
    ani: '+12125550100',
  })

describe('a caller hanging up as the agent answers (CANCEL crossing 200 OK)', () => {
  it.each([[['answer', 'cancelled']], [['cancelled', 'answer']]] as Array<[Array<keyof typeof REPLIES>]>)(
    '%j: ACKs the 200 and ends the call with BYE, no failed call',
    async (order) => {
      const result = await race(order)
      expect(result, result.log).toMatchObject({ caller: 0, agent: 0 })
    },
    30_000,
  )

  it.each([
    [['cancelled', 'terminated']],
    [['terminated', 'cancelled']],
    [['terminatedNoVia', 'cancelled']],
  ] as Array<[Array<keyof typeof REPLIES>]>)(
    '%j: ACKs the 487, no failed call',
    async (order) => {
      const result = await race(order)
      expect(result, result.log).toMatchObject({ caller: 0, agent: 0 })
    },
    30_000,
  )
})
