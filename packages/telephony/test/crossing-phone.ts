// ann's phone answering just as a CANCEL comes to it (the ring-no-answer's, or the ring taken back at her sign-out):
// a sipp scenario that sends its 200 OK on the CANCEL, before answering the CANCEL, the crossing as Kamailio sees it;
// and a phone that answers late otherwise, after the CANCEL's 487 (answer-after-end, answer-after-unring); the stack
// these tests start around it, and the wait for the ACK and BYE with which Kamailio ends such an answer.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { expect } from 'vitest'
import { startTelephonyStack, type TelephonyStack } from '../src/index.ts'
import { receivedMessages } from '../src/phone-log.ts'
import { readTrace, request, waitForMessages } from './phone-trace.ts'
import { routerAgent } from './router-agents.ts'
import { sipReply } from './scripted-agent.ts'
import type { KeepStack } from './stack-report.ts'

/** ann's dialog: her phone's To tag. */
export const TAG = 'ann1'
/** ring_ms (sipp refuses a Global never used: it waits that long before its 180); the INVITE's every Via (sipp's header search gives the first only) and its route set, for the late 200 OK. */
export const SAVE_INVITE = `    <action>
      <assignstr assign_to="r" value="[$ring_ms]" />
      <todouble assign_to="ring" variable="r" />
      <ereg regexp="[0-9]+" search_in="hdr" header="CSeq:" assign_to="invcseq" />
      <ereg regexp="(Via:[^[:cntrl:]]*[[:space:]]+)*Via:[^[:cntrl:]]*" search_in="msg" assign_to="vias" />
      <ereg regexp=".*" search_in="hdr" header="Record-Route:" assign_to="rr" />
    </action>`

/**
 * The CANCEL's Via (Kamailio's only: a CANCEL has the one Via of the branch it ends), From, To and CSeq, as sipReply's
 * `saved` reads them: its 200 is sent after the ACK and BYE of the crossing answer, when the last message is the BYE.
 */
const SAVE_CANCEL = `    <action>
      <ereg regexp=".*" search_in="hdr" header="Via:" assign_to="via" />
      <ereg regexp=".*" search_in="hdr" header="From:" assign_to="from" />
      <ereg regexp=".*" search_in="hdr" header="To:" assign_to="to" />
      <ereg regexp=".*" search_in="hdr" header="CSeq:" assign_to="cancelcseq" />
    </action>`

/**
 * ann's reply `status` to the INVITE (its every Via and route set, as saved by SAVE_INVITE), the last message received
 * the CANCEL (`tagged`: its To gets ann's tag) or one of ann's dialog (its To has the tag already).
 */
export const inviteReply = (status: string, tagged: boolean) => `  <send>
    <![CDATA[
      SIP/2.0 ${status}
      [$vias]
      [last_From:]
      [last_To:]${tagged ? `;tag=${TAG}` : ''}
      [last_Call-ID:]
      CSeq: [$invcseq] INVITE
      Record-Route: [$rr]
      Contact: <sip:ann@[local_ip]:[local_port]>
      Content-Length: 0

    ]]>
  </send>
`

/** ann's 200 OK after the CANCEL (its To without ann's tag) or after Kamailio's BYE of the late answer (the same dialog). */
const answer = (after: 'cancel' | 'bye') => inviteReply('200 OK', after === 'cancel')

/**
 * Rings (180 after ring_ms); on the CANCEL answers the INVITE `answerAfterMs` later (200 OK, sent once: sipp holds a
 * send after one it retransmits; under Kamailio's 500 ms first retransmission of the CANCEL); requires the ACK and
 * the BYE, answers the BYE, then the CANCEL (200, from its saved headers). Kamailio ACKs and BYEs the answer at once,
 * so a CANCEL's 200 sent straight after the answer let them come while sipp sat at that send, where they were
 * unexpected (the call failed, the CANCEL unanswered). `resend`: then sends the 200 OK again, as a phone does whose ACK
 * was lost, and requires its ACK; a second BYE, if one comes within 3 s, is traced and answered 481.
 */
export const annPhone = (
  answerAfterMs: number,
  resend = false,
) => `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="phone answering as the ring-no-answer CANCEL comes">
  <Global variables="ring_ms" />
  <recv request="INVITE" crlf="true">
${SAVE_INVITE}
  </recv>
  <pause variable="ring" />
${sipReply({ status: '180 Ringing', tag: TAG, recordRoute: true, contact: 'ann' })}  <recv request="CANCEL">
${SAVE_CANCEL}
  </recv>
${answerAfterMs > 0 ? `  <pause milliseconds="${answerAfterMs}" />\n` : ''}${answer('cancel')}  <recv request="ACK" />
  <recv request="BYE" />
${sipReply()}${sipReply({ tag: TAG, saved: true, cseq: '[$cancelcseq]' })}${
  resend
    ? `${answer('bye')}  <recv request="ACK" />
  <recv request="BYE" timeout="3000" ontimeout="done" />
${sipReply({ status: '481 Call/Transaction Does Not Exist' })}  <label id="done" />
`
    : ''
}</scenario>
`

/**
 * Rings (180 after ring_ms); on a CANCEL (the caller's, or the bridge's `unring`) answers it (200) and the INVITE
 * (487), takes the 487's ACK, then `lateMs` later sends a 200 OK to that INVITE (once: sipp holds a send after one it
 * retransmits), and requires its ACK and BYE.
 */
export const lateAnswerPhone = (lateMs: number) => `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="phone answering after its ring ended">
  <Global variables="ring_ms" />
  <recv request="INVITE" crlf="true">
${SAVE_INVITE}
  </recv>
  <pause variable="ring" />
${sipReply({ status: '180 Ringing', tag: TAG, recordRoute: true, contact: 'ann' })}  <recv request="CANCEL" />
${sipReply({ tag: TAG })}${inviteReply('487 Request Terminated', true)}  <recv request="ACK" />
  <pause milliseconds="${lateMs}" />
${inviteReply('200 OK', false)}  <recv request="ACK" />
  <recv request="BYE" />
${sipReply()}</scenario>
`

/**
 * A stack kept by `keep`, nobody ready: ann's phone runs the sipp `scenario` (written into the run folder), bob's
 * rings `bobRingMs` and answers, and a ring runs out after `ronaMs`; tm keeps a completed INVITE `tmWaitMs` (5 s).
 */
export async function annScriptedAndBob(
  keep: KeepStack,
  scenario: string,
  options: { bobRingMs: number; ronaMs: number; tmWaitMs?: number },
): Promise<TelephonyStack> {
  const runDir = keep.runDir()
  const file = path.join(runDir, 'ann-phone.xml')
  writeFileSync(file, scenario)
  return keep(
    await startTelephonyStack({
      runDir,
      agents: [
        { id: 'ann', scenario: file },
        { id: 'bob', ringMs: options.bobRingMs },
      ],
      ready: false,
      ronaMs: options.ronaMs,
      ...(options.tmWaitMs === undefined ? {} : { tmWaitMs: options.tmWaitMs }),
    }),
  )
}

/**
 * Waits until ann's phone received the ACK and the BYE that end her answer `what` of `callId`. `after487`: her answer
 * came after her 487 (lateAnswerPhone), so the ACKs are two, the 487's and the answer's, and only ann's dialog counts.
 */
export async function annAnswerEnded(
  s: TelephonyStack,
  callId: string,
  what: string,
  options: { timeoutMs?: number | undefined; after487?: boolean } = {},
): Promise<void> {
  const file = s.phones.find((p) => p.agent === 'ann')!.messageFile
  const { timeoutMs, after487 = false } = options
  for (const method of ['ACK', 'BYE'])
    await waitForMessages(
      file,
      after487 ? (m) => request(method, callId)(m) && m.includes(`;tag=${TAG}`) : request(method, callId),
      {
        ...(after487 && method === 'ACK' ? { count: 2 } : {}),
        direction: 'received',
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        what: `the ${method} of ${what}`,
      },
    )
}

/** The 200 OKs of ann's dialog (her tag) that the caller's sipp received: none where her answer never reached it. */
export function annAnswersAtCaller(callers: { messageFile: string }): string[] {
  return receivedMessages(readTrace(callers.messageFile)).filter(
    (m) => /^SIP\/2\.0 200 /m.test(m) && m.includes(`;tag=${TAG}`),
  )
}

/** The CANCELs of `callId` that bob's phone received: none where his ring went on. */
export function cancelsAtBob(s: TelephonyStack, callId: string): string[] {
  return receivedMessages(readTrace(s.phones.find((p) => p.agent === 'bob')!.messageFile)).filter(
    request('CANCEL', callId),
  )
}

/** ann in `expected` at serve and not busy: no call of hers counted (an empty load is none). */
export async function expectAnnNotBusy(
  s: TelephonyStack,
  expected: { state: string; reason?: string },
): Promise<void> {
  const ann = await routerAgent(s, 'ann')
  expect(ann).toMatchObject(expected)
  expect(ann?.load.voice ?? 0).toBe(0)
}

/**
 * bob's part of each call as the bridge told it, change by change (a state repeated in a row kept once): his ring
 * going on through ann's late answer is read from this, not from one look once that answer ended, which a loaded
 * host made after his phone, ringing a second or a few, had answered. Listens from now until `stop`.
 */
export function bobStates(s: TelephonyStack): { of(callId: string): string[]; stop(): void } {
  const seen: Array<{ callId: string; state: string }> = []
  const stop = s.bridge.onCall((c) => {
    if (c.agent === 'bob') seen.push({ callId: c.callId, state: c.state })
  })
  return {
    of: (callId) =>
      seen
        .filter((c) => c.callId === callId)
        .map((c) => c.state)
        .filter((state, i, all) => i === 0 || all[i - 1] !== state),
    stop,
  }
}
