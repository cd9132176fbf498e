// One caller (the example's sipp caller scenario) against a scripted agent side (a sipp UAS scenario given as XML):
// how the SIP race tests replay an exact order of messages.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { testFolder } from '@routewright/node-support/testing'
import { type CallerCall, startCallers } from '../src/sipp.ts'
import { startSipp } from '../src/sipp-process.ts'
import { messageTrace } from './phone-trace.ts'

/** Runs `call` against the agent side `agentXml` until both sipp processes exit: their exit codes (or signals), log tails. */
export async function callScriptedAgent(
  name: string,
  agentXml: string,
  call: CallerCall,
): Promise<{ caller: number | string; agent: number | string; log: string }> {
  const runDir = testFolder(`routewright-${name}-`)
  const scenario = path.join(runDir, 'agent.xml')
  writeFileSync(scenario, agentXml)
  const agentMessages = path.join(runDir, 'agent.messages.log')
  const agentErrors = path.join(runDir, 'agent.errors.log')
  const { child: agent, port } = await startSipp(
    'agent',
    [
      ...['-sf', scenario, '-m', '1', '-timeout', '20s'],
      ...['-trace_msg', '-message_file', agentMessages, '-trace_err', '-error_file', agentErrors],
    ],
    path.join(runDir, 'agent.log'),
    runDir,
    { probe: false },
  )
  const caller = await startCallers([call], `127.0.0.1:${port}`, runDir)
  try {
    const codes = { caller: await caller.exited, agent: await agent.exited }
    await Promise.all([caller.logged, agent.logged])
    // a failure names what each side saw and why sipp gave up, not only the statistics screens
    const log = [
      `caller messages:\n${messageTrace(caller.messageFile)}`,
      `agent messages:\n${messageTrace(agentMessages)}`,
      `agent errors:\n${readIfThere(agentErrors) || '(none)'}`,
      `caller log tail:\n${caller.tail()}`,
    ].join('\n')
    return { ...codes, log }
  } finally {
    await Promise.all([caller.stop(), agent.stop()])
  }
}

function readIfThere(file: string): string {
  return existsSync(file) ? readFileSync(file, 'latin1').trim() : ''
}

/** A SIP response a scripted side sends (see sipReply). By default a 200 OK to the last request, its headers echoed. */
export interface SipReply {
  /** The status code and phrase. Default '200 OK'. */
  status?: string
  /** The To tag that the reply adds: the scripted side's dialog. None on a reply inside a dialog. */
  tag?: string
  /** The CSeq header's value (`1 INVITE`). Default: the last request's. */
  cseq?: string
  /** Via, From and To as saved from the INVITE in $via, $from, $to, not the last message's (a late copy of its reply). */
  saved?: boolean
  /** false: no Via at all (a reply that lost it on the way). */
  via?: boolean
  /** The request's Record-Route echoed (a dialog-forming reply through the proxy). */
  recordRoute?: boolean
  /** The Contact's user part (`agent` gives `Contact: <sip:agent@…>`). None when absent. */
  contact?: string
  /** Header lines added at the end. */
  headers?: readonly string[]
  /** sipp's retransmission interval (ms) for a reply sent again until it is acknowledged. */
  retrans?: number
}

/** A sipp `<send>` of one SIP response: the one builder of the replies the race tests script. */
export function sipReply(reply: SipReply = {}): string {
  const saved = reply.saved === true
  const to = saved ? 'To: [$to]' : '[last_To:]'
  const lines = [
    `SIP/2.0 ${reply.status ?? '200 OK'}`,
    ...(reply.via === false ? [] : [saved ? 'Via: [$via]' : '[last_Via:]']),
    saved ? 'From: [$from]' : '[last_From:]',
    reply.tag === undefined ? to : `${to};tag=${reply.tag}`,
    '[last_Call-ID:]',
    reply.cseq === undefined ? '[last_CSeq:]' : `CSeq: ${reply.cseq}`,
    ...(reply.recordRoute ? ['[last_Record-Route:]'] : []),
    ...(reply.contact === undefined ? [] : [`Contact: <sip:${reply.contact}@[local_ip]:[local_port]>`]),
    ...(reply.headers ?? []),
    'Content-Length: 0',
  ]
  const retrans = reply.retrans === undefined ? '' : ` retrans="${reply.retrans}"`
  return `  <send${retrans}>
    <![CDATA[
${lines.map((line) => `      ${line}\n`).join('')}
    ]]>
  </send>
`
}

/** A reply to the caller's INVITE (`tag`: the agent's dialog), from its headers saved by `recvInvite`. */
export const answerInvite = (tag: string, cseq: string): string =>
  sipReply({ tag, cseq: `${cseq} INVITE`, saved: true, contact: 'agent' })

/** A sipp receive of the INVITE whose request line matches `check`, saving its Via, From and To. */
export const recvInvite = (check: string): string => `  <recv request="INVITE" crlf="true">
    <action>
      <ereg regexp="${check}" search_in="msg" check_it="true" assign_to="line" />
      <ereg regexp=".*" search_in="hdr" header="Via:" assign_to="via" />
      <ereg regexp=".*" search_in="hdr" header="From:" assign_to="from" />
      <ereg regexp=".*" search_in="hdr" header="To:" assign_to="to" />
    </action>
  </recv>
`

/** The agent's REFER of the caller to dan; `branch` fixed makes each send byte for byte the same (a retransmission). */
export const referToDan = (branch = '[branch]'): string => `  <send>
    <![CDATA[
      REFER sip:caller@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=${branch}
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

/** The agent (dialog `tag`) hanging up the caller, and the caller's 200. */
export const byeFromAgent = (tag: string): string => `  <send>
    <![CDATA[
      BYE sip:caller@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: [$to];tag=${tag}
      To: [$from]
      [last_Call-ID:]
      CSeq: 1 BYE
      Content-Length: 0

    ]]>
  </send>
  <recv response="200" />
`

/** The agent side's end of a blind transfer to dan: takes the caller's INVITE to dan, answers it and hangs up. */
export const danLegAnsweredAndEnded = (): string =>
  `${recvInvite('^INVITE sip:dan@')}${answerInvite('agent2', '30')}  <recv request="ACK" />\n${byeFromAgent('agent2')}`

/** A caller's call from `ani` that waits and talks long enough for a scripted agent's transfer (a minute each). */
export const transferredCall = (ani: string): CallerCall => ({
  dnis: '5000',
  patienceMs: 60_000,
  holdMs: 60_000,
  startMs: 0,
  ani,
})

const PHONE_TAG = '[pid]phone[call_number]'

/**
 * A registered agent phone (sipp UAS, started with ring_ms) that rings for ring_ms, answers, and answers a BYE
 * `byeAfterMs` after it came (under Kamailio's 500 ms first retransmission, so the BYE is not sent again), or never:
 * the call then stays 10 s, taking the BYE's retransmissions in silence until Kamailio gives the BYE up.
 */
export function phoneScenario(byeAfterMs: number | 'never'): string {
  const dialog = { tag: PHONE_TAG, recordRoute: true, contact: 'phone' }
  const bye =
    byeAfterMs === 'never'
      ? '  <pause milliseconds="10000" />\n'
      : `  <pause milliseconds="${byeAfterMs}" />\n${sipReply()}`
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="phone answering a BYE after ${byeAfterMs} ms">
  <Global variables="ring_ms" />
  <recv request="INVITE" crlf="true">
    <action>
      <assignstr assign_to="r" value="[$ring_ms]" />
      <todouble assign_to="ring" variable="r" />
    </action>
  </recv>
${sipReply({ ...dialog, status: '180 Ringing' })}  <pause variable="ring" />
${sipReply({ ...dialog, retrans: 500 })}  <recv request="ACK" />
  <recv request="BYE" />
${bye}</scenario>
`
}
