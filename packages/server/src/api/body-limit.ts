// pure: serve's request body limit, from the router's limits: the largest body a submit within them can take, so a
// body the router would refuse for its size is answered 413 before it is read whole, and one it takes never is.
import { MEDIA_NAME_MAX } from '@routewright/strategy-dsl'
import type { RouterLimits } from '@routewright/strategy-runtime'

/** Bytes of JSON a character of text may take at most: `\u001f`. */
const BYTES_PER_CHAR = 6
/** Bytes of JSON around an entry at most: quotes, colon, comma, a 24-character number, indentation 8 levels deep. */
const BYTES_PER_ENTRY = 64
/** The body's own keys, quotes and a priority. */
const BODY_FRAME = 4096

/** The largest request body (bytes) that a submit within `limits` can take; default limits give about 1 MB. */
export function bodyLimitFor(limits: RouterLimits): number {
  const text = limits.maxDataChars + 2 * limits.maxIdChars + 2 * limits.maxAddressChars + MEDIA_NAME_MAX
  return BYTES_PER_CHAR * text + BYTES_PER_ENTRY * limits.maxDataEntries + BODY_FRAME
}
