// pure: a transferred leg's screen pop that only its bridge makes (TransferredFrom: the agent it left;
// TransferFailed: why the agent it was sent to could not take it), kept in Kamailio with the call (the `leg-data`
// action) so a bridge that takes a queued leg over from one gone rings with it too (`taken`'s `legdata`). The router
// never hears these: Kamailio's copy is the one a taker reads, the bridge's call book the one its own bridge uses.
// A leg a blind transfer's REFER sent away is marked there the same way (`transfer-mark`), so its end is a transfer's
// at whichever bridge completes it.
import { MAX_TRANSFER_TO_CHARS } from '@routewright/server'

/** The keys a transfer adds to a leg's data (call-book.ts `carry`, direct-calls.ts), the only ones kept. */
const TRANSFER_KEYS = ['TransferredFrom', 'TransferFailed'] as const

/** Each value at most this long: kamailio.cfg keeps at most 4,096 base64 characters. */
const VALUE_MAX_CHARS = 1000

/** The `leg-data` command for leg `leg` (> 1) with `data`'s transfer keys, or undefined when it has none. */
export function legDataCommand(
  callId: string,
  leg: number,
  data: Readonly<Record<string, unknown>>,
): Record<string, unknown> | undefined {
  if (leg < 2) return undefined
  const kept: Record<string, string> = {}
  for (const key of TRANSFER_KEYS) {
    const value = data[key]
    if (typeof value === 'string') kept[key] = value.slice(0, VALUE_MAX_CHARS)
  }
  if (Object.keys(kept).length === 0) return undefined
  const encoded = Buffer.from(JSON.stringify(kept), 'utf8').toString('base64')
  return { action: 'leg-data', callid: callId, leg, data: encoded }
}

/** The transfer keys of `taken`'s `legdata` when it is leg `leg`'s (an earlier leg's is not this one's). */
export function legDataOf(legdata: unknown, leg: number): Record<string, string> {
  if (typeof legdata !== 'object' || legdata === null) return {}
  const { leg: kept, data } = legdata as { leg?: unknown; data?: unknown }
  if (kept !== leg || typeof data !== 'string') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(data, 'base64').toString('utf8'))
  } catch {
    return {}
  }
  if (typeof parsed !== 'object' || parsed === null) return {}
  const out: Record<string, string> = {}
  for (const key of TRANSFER_KEYS) {
    const value = (parsed as Record<string, unknown>)[key]
    if (typeof value === 'string') out[key] = value.slice(0, VALUE_MAX_CHARS)
  }
  return out
}

/** Base64 characters of a mark Kamailio keeps at most (kamailio.cfg's TRANSFER_MARK): a longer one is not kept at all. */
const MARK_MAX_CHARS = 1024

/**
 * The `transfer-mark` command: leg `leg` of `callId` was sent away by a blind transfer's REFER, to `to` (left out
 * when longer than serve takes), from agent `from` (the leg's agent), kept in Kamailio (the `referred` htable, by
 * Call-ID and leg) so a bridge that takes the leg's end over from this one completes it as a transfer too (`bye`'s
 * and `taken`'s `referred`, the `ended` item's mark), and one that gets the next leg's INVITE without having had this
 * leg knows whom the caller left (the `invite` event's `transfer`: TransferredFrom). The `refer` command carries the
 * same fields (marked before the REFER leaves); this one alone is sent again on linkUp. Without `to`: the mark taken
 * back (the REFER failed, the leg still talks).
 */
export function transferMarkCommand(
  callId: string,
  leg: number,
  to?: string,
  from?: string,
): Record<string, unknown> {
  if (to === undefined) return { action: 'transfer-mark', callid: callId, leg }
  const kept = to.length <= MAX_TRANSFER_TO_CHARS ? { to } : {}
  const encode = (mark: Record<string, string>) =>
    Buffer.from(JSON.stringify(mark), 'utf8').toString('base64')
  let encoded = encode(
    from === undefined || from === '' ? kept : { ...kept, from: from.slice(0, MAX_TRANSFER_TO_CHARS) },
  )
  // the agent left out rather than the whole mark refused by Kamailio (the transfer matters more than its source)
  if (encoded.length > MARK_MAX_CHARS) encoded = encode(kept)
  return { action: 'transfer-mark', callid: callId, leg, data: encoded }
}

/** A mark's JSON object, or undefined when `referred` is none or not what the bridge sent. */
function markObject(referred: unknown): Record<string, unknown> | undefined {
  if (typeof referred !== 'string' || referred === '') return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(referred, 'base64').toString('utf8'))
  } catch {
    return undefined
  }
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined
}

/**
 * Where a leg Kamailio marked (`referred`: the `transfer-mark`'s data, "" when none) was transferred to: '' when the
 * mark names no target (too long to send serve), undefined when there is no mark (a plain end).
 */
export function transferMarkOf(referred: unknown): string | undefined {
  const mark = markObject(referred)
  if (mark === undefined) return undefined
  const { to } = mark
  return typeof to === 'string' && to.length <= MAX_TRANSFER_TO_CHARS ? to : ''
}

/**
 * The agent a marked leg was transferred from (the mark's `from`), for the next leg's TransferredFrom; undefined when
 * there is no mark or it names no agent (a mark of an older bridge).
 */
export function transferSourceOf(referred: unknown): string | undefined {
  const from = markObject(referred)?.from
  return typeof from === 'string' && from !== '' ? from.slice(0, MAX_TRANSFER_TO_CHARS) : undefined
}
