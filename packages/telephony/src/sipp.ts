// sipp for a stack: agents' phones (UAS, one process per agent), their registration with Kamailio, and callers
// (UAC) fed one line per call from an injection file.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Child } from './processes.ts'
import { startSipp } from './sipp-process.ts'

export const SIPP_SCENARIOS = path.resolve(import.meta.dirname, '../../../examples/telephony/sipp')
export { SIPP_BINARY } from './sipp-process.ts'

export interface Phone {
  agent: string
  port: number
  /** sipp's message trace: every SIP message the phone sent and received. */
  messageFile: string
  child: Child
}

export interface CallerCall {
  /** The routing point dialled. */
  dnis: string
  patienceMs: number
  holdMs: number
  /** When the INVITE goes out, from the start of the callers' run. */
  startMs: number
  ani: string
  /** A transfer's REFER answered with the next leg's INVITE before the old leg's BYE (default: the BYE first). */
  inviteFirst?: boolean
  /**
   * With `inviteFirst`: the old leg's BYE is never sent; the phone waits for Kamailio's on that dialog (a release of
   * the old leg) and answers it, so a release lands between the next leg's INVITE and the old leg's end.
   */
  oldLegReleased?: boolean
  /** A phone that will not be transferred: its REFER answered 603 Declined, the call talking on. */
  referRefused?: boolean
  /** A phone that never answers the REFER (nor its retransmissions): Kamailio's fr_timer ends it, the call talks on. */
  referUnanswered?: boolean
  /** How many of its first re-INVITEs (hold or retrieve) the phone refuses, 488 Not Acceptable Here (default 0). */
  holdRefusals?: number
  /**
   * The transport its Contact names (`transport=`): Kamailio sends the dialog's requests (a hold's re-INVITE, a
   * release's BYE) over it. Default `udp`, the one the caller calls on.
   */
  contactTransport?: string
  /**
   * A transfer's next leg keeps the old leg's From tag (as some phones do; default: a tag of its own), so both legs
   * share Kamailio's `calls` key (Call-ID|caller's tag).
   */
  nextLegKeepsTag?: boolean
}

/**
 * The injection file's transfer order field: 0 the BYE first, 1 the next INVITE first, 2 that and a release's BYE,
 * 3 the REFER refused, 4 the REFER never answered.
 */
function transferOrder(c: CallerCall): number {
  if (c.referUnanswered) return 4
  if (c.referRefused) return 3
  if (!c.inviteFirst) return 0
  return c.oldLegReleased ? 2 : 1
}

/**
 * Starts an agent's phone; `ringMs` before answering (Infinity: it never answers, a ring-no-answer). Resolves once
 * it answers SIP. `scenario`: another sipp UAS scenario (tests script exact replies with one; it declares ring_ms).
 */
export async function startPhone(
  agent: string,
  ringMs: number,
  runDir: string,
  scenario = path.join(SIPP_SCENARIOS, 'agent-phone.xml'),
): Promise<Phone> {
  const messageFile = path.join(runDir, `phone-${agent}.messages.log`)
  const ring = Number.isFinite(ringMs) ? Math.max(0, Math.round(ringMs)) : 1_000_000_000
  const { child, port } = await startSipp(
    `phone ${agent}`,
    ['-sf', scenario, '-set', 'ring_ms', String(ring), '-trace_msg', '-message_file', messageFile],
    path.join(runDir, `phone-${agent}.log`),
    runDir,
  )
  return { agent, port, messageFile, child }
}

/** Registers each phone as sip:<agent>@kamailio with its port as Contact; resolves when all got 200. */
export async function registerPhones(
  phones: readonly Phone[],
  kamailio: string,
  runDir: string,
): Promise<void> {
  const file = path.join(runDir, `register-${Date.now()}.csv`)
  writeFileSync(file, `SEQUENTIAL\n${phones.map((p) => `${p.agent};${p.port};`).join('\n')}\n`)
  const { child } = await startSipp(
    'register',
    [
      kamailio,
      '-sf',
      path.join(SIPP_SCENARIOS, 'register.xml'),
      '-inf',
      file,
      '-m',
      String(phones.length),
      '-r',
      '50',
      '-timeout',
      '30s',
    ],
    path.join(runDir, 'register.log'),
    runDir,
  )
  const code = await child.exited
  if (code !== 0) throw new Error(`registering the phones failed (sipp exit ${code}):\n${child.tail()}`)
}

/** The injection file of a callers' run: one line per call, in start order. */
export function callerInjection(calls: readonly CallerCall[], launchRate: number): string {
  const lines = calls.map((c, i) => {
    // sipp launches call i at i / launchRate seconds; the scenario's first pause shifts it to its start time
    const delay = Math.max(0, Math.round(c.startMs - (i * 1000) / launchRate))
    return `${c.dnis};${Math.round(c.patienceMs)};${Math.round(c.holdMs)};${delay};${c.ani};${transferOrder(c)};${c.holdRefusals ?? 0};${c.contactTransport ?? 'udp'};${c.nextLegKeepsTag ? '' : 't'};`
  })
  return `SEQUENTIAL\n${lines.join('\n')}\n`
}

/** Starts the callers; `exited` resolves with 0 when every call went through its scenario (none failed). */
export async function startCallers(
  calls: readonly CallerCall[],
  kamailio: string,
  runDir: string,
  name = 'callers',
): Promise<Child & { messageFile: string }> {
  const launchRate = 50
  const file = path.join(runDir, `${name}.csv`)
  writeFileSync(file, callerInjection(calls, launchRate))
  const messageFile = path.join(runDir, `${name}.messages.log`)
  const { child } = await startSipp(
    name,
    [
      kamailio,
      '-sf',
      path.join(SIPP_SCENARIOS, 'caller.xml'),
      '-inf',
      file,
      '-m',
      String(calls.length),
      '-r',
      String(launchRate),
      '-l',
      String(calls.length),
      '-trace_msg',
      '-message_file',
      messageFile,
    ],
    path.join(runDir, `${name}.log`),
    runDir,
  )
  return Object.assign(child, { messageFile })
}
