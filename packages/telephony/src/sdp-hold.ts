// pure: the SDP of a hold or retrieve re-INVITE to the caller: the agent phone's SDP with one direction for every
// media stream (RFC 3264 section 8.4: `sendonly` holds, `sendrecv` takes back) and its session version raised.

export type HoldDirection = 'sendonly' | 'sendrecv'

const DIRECTION = /^a=(sendrecv|sendonly|recvonly|inactive)$/

/** `sdp` with `direction` on each media stream and the o= line's session version set to `version`; undefined if no o= line. */
export function withDirection(sdp: string, direction: HoldDirection, version: number): string | undefined {
  const lines = sdp.split(/\r?\n/).filter((line) => line !== '' && !DIRECTION.test(line))
  const origin = lines.findIndex((line) => line.startsWith('o='))
  const fields = origin < 0 ? [] : lines[origin]!.slice(2).split(' ')
  if (fields.length < 6) return undefined
  fields[2] = String(version)
  lines[origin] = `o=${fields.join(' ')}`
  const out: string[] = []
  let inMedia = false
  for (const line of lines) {
    if (line.startsWith('m=') && inMedia) out.push(`a=${direction}`)
    if (line.startsWith('m=')) inMedia = true
    out.push(line)
  }
  out.push(`a=${direction}`)
  return `${out.join('\r\n')}\r\n`
}

/** The o= line's session version, to raise from (0 when it cannot be read). */
export function sessionVersion(sdp: string): number {
  const origin = /^o=\S+ \S+ (\d+) /m.exec(sdp)
  return origin === null ? 0 : Number(origin[1])
}
