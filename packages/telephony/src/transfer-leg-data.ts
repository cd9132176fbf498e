// pure: a transferred leg's screen pop that only its bridge makes (TransferredFrom: the agent it left;
// TransferFailed: why the agent it was sent to could not take it), kept in Kamailio with the call (the `leg-data`
// action) so a bridge that takes a queued leg over from one gone rings with it too (`taken`'s `legdata`). The router
// never hears these: Kamailio's copy is the one a taker reads, the bridge's call book the one its own bridge uses.

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
