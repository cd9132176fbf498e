// Reading a sipp message trace (-trace_msg) in a test: whole messages only, and waits for messages a sipp that is
// still running has yet to write (it writes its trace in pieces while it runs).
import { existsSync, readFileSync } from 'node:fs'
import type { TelephonyStack } from '../src/index.ts'
import {
  completeTrace,
  type PhoneLog,
  type ReceivedInvite,
  readPhoneLog,
  receivedMessages,
  sentMessages,
} from '../src/phone-log.ts'
import { waitFor } from '../src/processes.ts'

/** The whole messages of the trace `file` (none if sipp has not created it yet). */
export function readTrace(file: string): string {
  return existsSync(file) ? completeTrace(readFileSync(file)) : ''
}

/** Which of its messages a trace is searched in: those sipp sent, those it received, or both. */
export type TraceDirection = 'sent' | 'received' | 'both'

function messagesOf(trace: string, direction: TraceDirection): string[] {
  if (direction === 'sent') return sentMessages(trace)
  if (direction === 'received') return receivedMessages(trace)
  // sent and received interleave in the file; their order does not matter for a count
  return [...sentMessages(trace), ...receivedMessages(trace)]
}

/** sipp's trace in brief: each message's time, first line and CSeq. */
export function messageTrace(file: string): string {
  const text = existsSync(file) ? readFileSync(file, 'latin1').trim() : ''
  const brief = text.split(/\r?\n/).filter((line) => /^(-{10,} \d|[A-Z]+ sip:|SIP\/2\.0 \d|CSeq:)/.test(line))
  return brief.map((line) => line.replace(/^-+ /, '  at ')).join('\n') || '(none)'
}

/**
 * What a wait on a trace failed on: waitFor's `timeout` message told again with the file's last messages and any
 * half written one; why the wait ended (nothing moved in the stack, or its cap) and what moved last come after them.
 */
function traceFailure(file: string, what: string, timeout: string): Error {
  const raw = existsSync(file) ? readFileSync(file) : Buffer.alloc(0)
  const whole = Buffer.byteLength(completeTrace(raw))
  const brief = messageTrace(file).split('\n').slice(-24).join('\n')
  const partial =
    raw.length > whole ? `\n(and ${raw.length - whole} bytes of a message still being written)` : ''
  // "Timed out after N ms waiting for WHAT" then, when a stack was running, " (why); last seen: ..."
  const waiting = ` waiting for ${what}`
  const at = timeout.indexOf(waiting)
  const why = timeout.slice(at + waiting.length).trim()
  return new Error(
    `${timeout.slice(0, at)}${waiting} in ${file}; its last messages:\n${brief}${partial}${why ? `\n${why}` : ''}`,
  )
}

/**
 * Waits until the trace `file` holds whole messages that make `check` true; resolves with that trace. For a sipp
 * still running: a read may catch a message half written, or before sipp wrote it at all.
 */
export async function waitForTrace(
  file: string,
  what: string,
  check: (trace: string) => boolean,
  timeoutMs = 10_000,
): Promise<string> {
  try {
    return await waitFor(
      what,
      () => {
        const trace = readTrace(file)
        return check(trace) && trace
      },
      timeoutMs,
    )
  } catch (error) {
    // waitFor's own timeout, told again with the trace; a check that threw is passed on as it is
    if (!(error instanceof Error && error.message.startsWith('Timed out'))) throw error
    throw traceFailure(file, what, error.message)
  }
}

/**
 * Waits until the trace `file` holds `count` whole messages that `match` (a pattern, without the g flag, tried on
 * each message's text: a half written message never matches), among those sipp sent, received or both (the
 * default); resolves with the trace.
 */
export function waitForMessages(
  file: string,
  match: RegExp | ((message: string) => boolean),
  options: { count?: number; direction?: TraceDirection; timeoutMs?: number; what?: string } = {},
): Promise<string> {
  const { count = 1, direction = 'both', timeoutMs = 10_000 } = options
  const test = typeof match === 'function' ? match : (message: string) => match.test(message)
  const among = direction === 'both' ? '' : ` ${direction}`
  const what = `${count} whole${among} message${count === 1 ? '' : 's'}: ${options.what ?? String(match)}`
  const found = (trace: string) => messagesOf(trace, direction).filter(test).length >= count
  return waitForTrace(file, what, found, timeoutMs)
}

/** A check for `waitForMessages`: the request `method` (`INVITE`, `BYE` ...) in the dialog `callId`. */
export function request(method: string, callId: string): (message: string) => boolean {
  return (message) =>
    message.startsWith(`${method} `) && message.split(/\r?\n/).some((line) => line === `Call-ID: ${callId}`)
}

/**
 * The re-INVITEs that `match` picks among what the caller's sipp trace `file` received, once `count` of them are in
 * it whole (a sipp still running may not have written the last one whole yet): each one's SDP direction
 * (`sendonly`, `sendrecv`) and CSeq (`201 INVITE`), in order.
 */
export async function reinvitesReceived(
  file: string,
  match: (message: string) => boolean,
  count: number,
): Promise<{ directions: Array<string | undefined>; cseqs: Array<string | undefined> }> {
  const trace = await waitForMessages(file, match, { count, direction: 'received', what: 'the re-INVITEs' })
  const reinvites = receivedMessages(trace).filter(match)
  return {
    directions: reinvites.map((m) => /^a=(\w+)$/m.exec(m)?.[1]),
    cseqs: reinvites.map((m) => /^CSeq: (.*)$/m.exec(m)?.[1]?.trim()),
  }
}

/** The last INVITE of `callId` that `agent`'s phone received (its X- headers are the attached data), once whole. */
export async function inviteAt(
  stack: Pick<TelephonyStack, 'phones'>,
  agent: string,
  callId: string,
): Promise<ReceivedInvite | undefined> {
  const file = stack.phones.find((p) => p.agent === agent)!.messageFile
  const trace = await waitForMessages(file, request('INVITE', callId), {
    direction: 'received',
    what: `the INVITE of ${callId}`,
  })
  return readPhoneLog(trace)
    .invites.filter((i) => i.callId === callId)
    .at(-1)
}

/**
 * Waits until `agent`'s phone received the caller's BYE of its leg: a blind transfer's REFER went out and the caller
 * left that agent (up to 20 s: the REFER, the caller's next leg and its BYE on a loaded machine); resolves with the trace.
 */
export function callerByeAt(stack: Pick<TelephonyStack, 'phones'>, agent: string): Promise<string> {
  const file = stack.phones.find((p) => p.agent === agent)!.messageFile
  const what = "the caller's BYE (the REFER went out)"
  return waitForMessages(file, /^BYE sip:/, { direction: 'received', timeoutMs: 20_000, what })
}

/** Waits until the phone whose trace is `file` has no call open: it answered the BYE or CANCEL of each. */
export function phoneIdle(file: string): Promise<string> {
  return waitForTrace(file, 'no call open on the phone', (trace) => readPhoneLog(trace).open.length === 0)
}

/** The log of the phone whose trace is `file` once it holds `count` calls' INVITEs whole (retransmissions aside). */
export async function phoneWithInvites(file: string, count: number): Promise<PhoneLog> {
  const what = `${count} call${count === 1 ? "'s INVITE" : "s' INVITEs"} at the phone`
  return readPhoneLog(await waitForTrace(file, what, (trace) => readPhoneLog(trace).invites.length >= count))
}
