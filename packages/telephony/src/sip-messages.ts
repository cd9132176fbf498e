// pure: the SIP text the bridge hands Kamailio (X- headers of attached data, the headers of a REFER and of a BYE).
import { replaceControlCharacters } from '@routewright/strategy-dsl/control-characters'

const space = () => ' '

/** `CustomerTier` -> `X-CustomerTier`; anything outside a SIP token's letters becomes `-`. */
export function headerName(key: string): string {
  return `X-${key.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 64)}`
}

/** A value fit for one header line: no CR/LF or other controls (C1 too: NEL breaks lines), at most 256 characters. */
export function headerValue(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '')
  return replaceControlCharacters(text, space).slice(0, 256)
}

/** A quoted-string's content (RFC 3261 25.1): one line, `"` and `\` escaped. */
const quoted = (text: string) => headerValue(text).replace(/["\\]/g, '\\$&')

/**
 * The Warning (399: miscellaneous, from routewright) and Reason (RFC 3326) lines of a final refusal to the caller,
 * each ending CRLF: a carrier's or an SBC's log then shows why, not a bare code. `reason`: the Reason's text
 * (default the warning's).
 */
export function refusalHeaders(code: number, warning: string, reason = warning): string {
  return `Warning: 399 routewright "${quoted(warning)}"\r\nReason: SIP;cause=${code};text="${quoted(reason)}"\r\n`
}

/** The Retry-After line of a 503 (ending CRLF), or nothing without `seconds` (retry-after.ts bounds them). */
export function retryAfterLine(seconds: number | undefined): string {
  return seconds === undefined ? '' : `Retry-After: ${seconds}\r\n`
}

/** Attached data as the strings the desktop and the X- headers show. */
export function attachedStrings(data: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(data)) out[key] = headerValue(value)
  return out
}

/** The header block appended to the INVITE towards the agent (each line ends with CRLF). */
export function xHeaders(attached: Record<string, string>, interaction: string): string {
  const lines = [`X-Routewright-Interaction: ${headerValue(interaction)}`]
  for (const [key, value] of Object.entries(attached)) lines.push(`${headerName(key)}: ${headerValue(value)}`)
  return `${lines.join('\r\n')}\r\n`
}

export interface DialogSides {
  callId: string
  /** The caller's From header (with its tag), as the INVITE carried it. */
  callerFrom: string
  /** The agent side's To header (with the tag of its 200 OK). */
  agentTo: string
}

/** A header's value: `From: <sip:a@b>;tag=1` -> `<sip:a@b>;tag=1`. */
const headerBody = (header: string) => header.replace(/^[A-Za-z-]+:\s*/, '')

/** Headers of the in-dialog REFER sent to the caller for a blind transfer to `target` (a SIP URI). */
export function referHeaders(dialog: DialogSides, target: string, contact: string, cseq: number): string {
  return [
    `From: ${headerBody(dialog.agentTo)}`,
    `To: ${headerBody(dialog.callerFrom)}`,
    `Call-ID: ${dialog.callId}`,
    `CSeq: ${cseq} REFER`,
    `Contact: <${contact}>`,
    `Refer-To: <${target}>`,
    `Referred-By: <${contact}>`,
    'Event: refer',
    'Max-Forwards: 70',
    '',
  ].join('\r\n')
}

/**
 * Headers of the BYE that ends the call at one side (a release): sent to `side` as if from the other one, with a
 * CSeq above any that other side used in the dialog.
 */
export function byeHeaders(dialog: DialogSides, side: 'agent' | 'caller', cseq: number): string {
  const [from, to] =
    side === 'agent' ? [dialog.callerFrom, dialog.agentTo] : [dialog.agentTo, dialog.callerFrom]
  return [
    `From: ${headerBody(from)}`,
    `To: ${headerBody(to)}`,
    `Call-ID: ${dialog.callId}`,
    `CSeq: ${cseq} BYE`,
    'Max-Forwards: 70',
    '',
  ].join('\r\n')
}

/**
 * Headers of the in-dialog re-INVITE that holds or takes back the caller (sent as if from the agent's phone, whose
 * Contact it keeps: the caller's next requests still reach that phone). Its SDP body goes with it.
 */
export function reinviteHeaders(dialog: DialogSides, agentContact: string, cseq: number): string {
  return [
    `From: ${headerBody(dialog.agentTo)}`,
    `To: ${headerBody(dialog.callerFrom)}`,
    `Call-ID: ${dialog.callId}`,
    `CSeq: ${cseq} INVITE`,
    `Contact: <${agentContact}>`,
    'Content-Type: application/sdp',
    'Max-Forwards: 70',
    '',
  ].join('\r\n')
}
