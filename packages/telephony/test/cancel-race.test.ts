// The caller's CANCEL racing the agent's answer, made deterministic: a scripted agent side (sipp UAS) sends the
// replies that follow a CANCEL back to back, in each order SIP allows, and checks the caller ends the call right.
import { describe, expect, it } from 'vitest'
import { callScriptedAgent, sipReply } from './scripted-agent.ts'

const AGENT_DIALOG = { cseq: '1 INVITE', tag: 'agent1', saved: true }
// every reply from the INVITE's saved Via, From and To: in the early-ACK branch the last message is the ACK
const REPLIES = {
  answer: sipReply({ ...AGENT_DIALOG, contact: 'agent' }),
  cancelled: sipReply({ cseq: '1 CANCEL', tag: 'proxy1', saved: true }),
  terminated: sipReply({ ...AGENT_DIALOG, status: '487 Request Terminated' }),
  /** A 487 that lost its Via on the way (as the phones' did): the ACK takes the Via of the CANCEL's 200. */
  terminatedNoVia: sipReply({ ...AGENT_DIALOG, status: '487 Request Terminated', via: false }),
}

/** The BYE of the agent's dialog (its tag in To, else the call fails), then its 200. */
const BYE_CHECK = `    <action>
      <ereg regexp="tag=agent1" search_in="hdr" header="To:" check_it="true" assign_to="dialog" />
    </action>`
const BYE_OK = sipReply({ headers: ['X-Dialog: [$dialog]'] })

/**
 * The agent side: rings, waits for the CANCEL, then sends `order` (`gapMs` apart, else at once); after an answer it
 * requires the ACK and the BYE of that dialog, after a 487 the ACK. sipp takes messages between two sends, so the
 * caller's ACK of a first final reply (and the BYE after it) can come before the second reply is sent: the global
 * receives take them there, send the second reply, and go on as if they came after it.
 */
function agentSide(order: Array<keyof typeof REPLIES>, gapMs = 0): string {
  const answered = order.includes('answer')
  const [first, second] = order.map((name) => REPLIES[name])
  const gap = gapMs > 0 ? `  <pause milliseconds="${gapMs}" />\n` : ''
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="scripted agent">
  <recv request="INVITE" crlf="true">
    <action>
      <ereg regexp=".*" search_in="hdr" header="Via:" assign_to="via" />
      <ereg regexp=".*" search_in="hdr" header="From:" assign_to="from" />
      <ereg regexp=".*" search_in="hdr" header="To:" assign_to="to" />
    </action>
  </recv>
${sipReply({ ...AGENT_DIALOG, status: '180 Ringing', contact: 'agent' })}  <recv request="ACK" optional="global" next="early_ack" />
${answered ? `  <recv request="BYE" optional="global" next="early_bye">\n${BYE_CHECK}\n  </recv>\n` : ''}  <recv request="CANCEL" />
${first}${gap}${second}  <recv request="ACK" />
  <label id="acked" />
${answered ? `  <recv request="BYE">\n${BYE_CHECK}\n  </recv>\n${BYE_OK}` : ''}  <nop next="done" />
  <label id="early_ack" />
${second}  <nop next="acked" />
  <label id="early_bye" />
${answered ? `${second}${BYE_OK}` : ''}  <label id="done" />
</scenario>
`
}

// patience 300 ms: the caller cancels while the agent side rings
const race = (order: Array<keyof typeof REPLIES>, gapMs = 0) =>
  callScriptedAgent('cancel-race', agentSide(order, gapMs), {
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
  )

  // the caller's ACK (and BYE) reaching the agent side before its second reply went: seen on a loaded machine
  it.each([[['answer', 'cancelled']], [['terminated', 'cancelled']]] as Array<[Array<keyof typeof REPLIES>]>)(
    '%j with 300 ms between the replies: the caller acts on the first, and takes the second in silence',
    async (order) => {
      const result = await race(order, 300)
      expect(result, result.log).toMatchObject({ caller: 0, agent: 0 })
    },
  )

  it.each([
    [['cancelled', 'terminated']],
    [['terminated', 'cancelled']],
    [['terminatedNoVia', 'cancelled']],
  ] as Array<[Array<keyof typeof REPLIES>]>)('%j: ACKs the 487, no failed call', async (order) => {
    const result = await race(order)
    expect(result, result.log).toMatchObject({ caller: 0, agent: 0 })
  })
})
