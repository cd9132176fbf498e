// pure: reads a sipp phone's message trace (-trace_msg): the INVITEs it received with their headers, and the most
// calls it had at once (an INVITE opens a call; the CANCEL or BYE it received closes it).

export interface ReceivedInvite {
  callId: string
  headers: Record<string, string>
}

export interface PhoneLog {
  invites: ReceivedInvite[]
  cancels: string[]
  maxConcurrent: number
}

/** Splits the trace into received messages (sipp writes "message received [N] bytes :" before each). */
function receivedMessages(text: string): string[] {
  const out: string[] = []
  const parts = text.split(/^.*message received \[\d+\] bytes :\s*$/m)
  for (const part of parts.slice(1)) {
    const end = part.search(/^-{20,}/m)
    out.push((end >= 0 ? part.slice(0, end) : part).trim())
  }
  return out
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
  let maxConcurrent = 0
  for (const message of receivedMessages(text)) {
    const method = /^([A-Z]+) sip:/.exec(message)?.[1]
    if (!method) continue
    const headers = headersOf(message)
    const callId = headers['call-id'] ?? ''
    if (method === 'INVITE') {
      if (open.has(callId)) continue // a retransmission
      invites.push({ callId, headers })
      open.add(callId)
      maxConcurrent = Math.max(maxConcurrent, open.size)
    } else if (method === 'CANCEL' || method === 'BYE') {
      if (method === 'CANCEL') cancels.push(callId)
      open.delete(callId)
    }
  }
  return { invites, cancels, maxConcurrent }
}
