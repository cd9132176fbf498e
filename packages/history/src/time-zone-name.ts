// A report's --tz checked against the zones Intl knows, with a close name when one was misspelt.
import { closest } from '@routewright/strategy-dsl'
import { shortened } from '@routewright/strategy-dsl/cut-text'

/** A time zone a report cannot use: the message names a close zone when there is one. */
export class TimeZoneError extends Error {
  override name = 'TimeZoneError'
  constructor(
    message: string,
    /** The zone meant, when one is close: a `fix:` line's "Change ... to ...". */
    readonly near?: string,
  ) {
    super(message)
  }
}

/**
 * The zone's canonical IANA name (`europe/london` -> `Europe/London`), or a TimeZoneError saying what to give: a
 * close name when one exists (`Europe/Londn` -> `Europe/London`, `London` -> `Europe/London`).
 */
export function resolveTimeZone(zone: string): string {
  const name = zone.trim()
  if (name !== '' && name.length <= 64) {
    try {
      return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone
    } catch {
      // unknown: suggest below
    }
  }
  const known = Intl.supportedValuesOf('timeZone')
  const city = known.find(
    (z) => z.split('/').pop()?.toLowerCase() === name.toLowerCase().replaceAll(' ', '_'),
  )
  const near = city ?? closest(name.slice(0, 64), known)
  throw new TimeZoneError(
    // a caller's text of any length: the message quotes its start only
    `"${shortened(zone, 67, '...')}" is not an IANA time zone: ${near ? `did you mean ${near}?` : 'give one such as Europe/London, America/New_York or UTC'}`,
    near,
  )
}
