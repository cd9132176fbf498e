// pure: reads a sipp phone's message trace (-trace_msg): the INVITEs it received with their headers, and the most
// calls it had at once (an INVITE it received opens a call; its answer to the BYE or CANCEL that ends it closes it).

export interface ReceivedInvite {
  callId: string
  headers: Record<string, string>
}

export interface PhoneLog {
  invites: ReceivedInvite[]
  cancels: string[]
  /**
   * The most calls the phone had at once. A call lasts until the phone answered the BYE or CANCEL that ended it
   * (or got the answer to its own BYE): an INVITE that came between that BYE and its answer found the phone busy.
   */
  maxConcurrent: number
  /** Calls the trace leaves open: no BYE or CANCEL ended them (yet). */
  open: string[]
}

interface TracedMessage {
  sent: boolean
  text: string
}

// sipp 3.6 writes `sent (N bytes):` and `received [N] bytes :`; later versions `sent [N] bytes:`, `received [N] bytes:`
/** A message's direction line, the direction captured (split keeps it). */
const DIRECTION_LINE = /^.*message (received \[\d+\] bytes ?:|sent \(\d+ bytes\):|sent \[\d+\] bytes ?:)\s*$/m
/** A message's head: its separator line, its direction line (the byte count captured), a blank line. */
const HEAD =
  /-{20,}[^\n]*\n[^\n]*message (?:received \[(\d+)\] bytes ?:|sent \((\d+) bytes\):|sent \[(\d+)\] bytes ?:)\n\n/y
/** The start of the next separator line: whatever comes before it sipp has written whole. */
const NEXT = /\n(?=-{20,})/g

/** Splits the trace into messages, in the order the phone handled them (sipp writes a line before each). */
function tracedMessages(text: string): TracedMessage[] {
  const out: TracedMessage[] = []
  const parts = text.split(DIRECTION_LINE)
  // split keeps the captured direction: [before, direction, message, direction, message, ...]
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const part = parts[i + 1]!
    const end = part.search(/^-{20,}/m)
    out.push({ sent: parts[i]!.startsWith('sent'), text: (end >= 0 ? part.slice(0, end) : part).trim() })
  }
  return out
}

/**
 * The part of a sipp trace that holds whole messages only. sipp writes its trace while it runs (a sent message after
 * it went out), and a read can end inside a message (`SIP/2.0 603 De`). A message is whole once its head's count of
 * bytes and the newline sipp ends it with are there, or once the next separator line follows it.
 */
export function completeTrace(bytes: Uint8Array): string {
  // latin1 keeps one character per byte, so a head's byte count measures the text; the result is decoded as UTF-8
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
  let end = 0
  for (;;) {
    NEXT.lastIndex = end
    const next = NEXT.exec(text)?.index
    HEAD.lastIndex = end
    const head = HEAD.exec(text)
    const whole = head === null ? -1 : HEAD.lastIndex + Number(head[1] ?? head[2] ?? head[3]) + 1
    if (
      whole > 0 &&
      whole <= text.length &&
      text[whole - 1] === '\n' &&
      (next === undefined || whole <= next + 1)
    )
      end = whole
    // a line sipp adds between messages (`Discarded message ...`), or a message shorter than its head said
    else if (next !== undefined) end = next + 1
    else break
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, end).toString('utf8')
}

/** The messages a sipp trace says it received, as their text, in order. */
export function receivedMessages(text: string): string[] {
  return tracedMessages(text)
    .filter((m) => !m.sent)
    .map((m) => m.text)
}

/** The messages a sipp trace says it sent, as their text, in order. */
export function sentMessages(text: string): string[] {
  return tracedMessages(text)
    .filter((m) => m.sent)
    .map((m) => m.text)
}

function headersOf(message: string): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const line of message.split(/\r?\n/).slice(1)) {
    if (line.trim() === '') break
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return headers
}

export function readPhoneLog(text: string): PhoneLog {
  const invites: ReceivedInvite[] = []
  const cancels: string[] = []
  const open = new Set<string>()
  const answered = new Set<string>()
  let maxConcurrent = 0
  for (const { sent, text: message } of tracedMessages(text)) {
    const headers = headersOf(message)
    const callId = headers['call-id'] ?? ''
    const status = /^SIP\/2\.0 (\d{3})/.exec(message)?.[1]
    if (status !== undefined) {
      const method = /^\d+\s+([A-Z]+)/.exec(headers.cseq ?? '')?.[1]
      const final = Number(status) >= 200
      if (method === 'INVITE' && sent && status.startsWith('2')) answered.add(callId)
      // a final answer to a BYE (the phone's to the one it received, or the one to its own BYE) ends the call; so
      // does the phone's answer to a CANCEL, unless its 200 OK had crossed that CANCEL (the call goes on then)
      const ends = method === 'BYE' || (method === 'CANCEL' && sent && !answered.has(callId))
      if (ends && final) open.delete(callId)
      continue
    }
    if (sent) continue
    const method = /^([A-Z]+) sip:/.exec(message)?.[1]
    if (method === 'INVITE') {
      if (open.has(callId)) continue // a retransmission
      answered.delete(callId)
      invites.push({ callId, headers })
      open.add(callId)
      maxConcurrent = Math.max(maxConcurrent, open.size)
    } else if (method === 'CANCEL') cancels.push(callId)
  }
  return { invites, cancels, maxConcurrent, open: [...open] }
}
