// A submit's request as a fingerprint kept with its interaction (in memory and in Redis, open and ended alike), so a
// retried submit (the host lost the answer) is answered with the interaction, and another request with its id refused.
import { hash } from 'node:crypto'
import type { InteractionInput } from '@routewright/strategy-runtime'
import type { InteractionRecord } from './interaction-book.ts'
import { quotedId } from './quoted-id.ts'
import type { CommandResult, InteractionView, SubmittedInput } from './types.ts'

/** The fields compared, in the fingerprint's order (the id is the key itself). */
const FIELDS = ['strategy', 'media', 'ani', 'dnis', 'priority', 'data', 'connectedTo'] as const
type Field = (typeof FIELDS)[number]

/** Bumped when the normalisation changes: a fingerprint of another format compares as unknown, never as different. */
const FORMAT = 'r1'

/** JSON with object keys sorted at every depth: `{a,b}` and `{b,a}` are one request. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  const keys = Object.keys(value).sort()
  const parts: string[] = []
  for (const key of keys) {
    const item = (value as Record<string, unknown>)[key]
    if (item !== undefined) parts.push(`${JSON.stringify(key)}:${canonical(item)}`)
  }
  return `{${parts.join(',')}}`
}

/** The request's value of a field, a default (`voice`, priority 0) as if absent: the router reads them alike. */
function normalised(input: InteractionInput, field: Field): unknown {
  const value = input[field]
  if (field === 'media') return value === 'voice' ? undefined : value
  if (field === 'priority') return value === 0 ? undefined : value
  return value
}

/**
 * The fingerprint of a submit's normalised body: one short SHA-256 per field (so a refusal can say which differs,
 * and no address or data is kept in clear beside the view), `r1:` first.
 */
export function requestFingerprint(input: InteractionInput): string {
  let out = FORMAT
  for (const field of FIELDS) {
    const value = normalised(input, field)
    // an absent (or default) field hashes to nothing: most submits give few, and each hash costs about a microsecond
    out += value === undefined ? '.' : `.${hash('sha256', canonical(value), 'base64url').slice(0, 12)}`
  }
  return out
}

/**
 * The fields of a submit a strategy reads, as given (the route refused any over the router's limits), kept with its
 * record so its view shows what it arrived with; undefined when it gave none of them.
 */
export function submittedOf(input: InteractionInput): SubmittedInput | undefined {
  const out: SubmittedInput = {}
  if (input.media !== undefined) out.media = input.media
  if (input.ani !== undefined) out.ani = input.ani
  if (input.dnis !== undefined) out.dnis = input.dnis
  if (input.priority !== undefined) out.priority = input.priority
  if (input.data !== undefined) out.data = input.data
  return Object.keys(out).length === 0 ? undefined : out
}

/** The first field whose hash differs, or undefined when the two fingerprints are one request. */
function differing(kept: string, given: string): Field | undefined {
  const a = kept.split('.')
  const b = given.split('.')
  for (let i = 0; i < FIELDS.length; i++) if (a[i + 1] !== b[i + 1]) return FIELDS[i]
  return undefined
}

/**
 * A submit of an id already known (open, or ended with its view still kept): the same request is answered with the
 * interaction as it is now, marked `replayed` (nothing runs again); another request, or one the view keeps no
 * fingerprint of (written by an older server), is refused 409 `duplicate-id`.
 */
export function answerRetried(
  kept: Pick<InteractionRecord, 'id' | 'state' | 'request'>,
  given: string,
  view: () => InteractionView,
): CommandResult<InteractionView> {
  const { id, state } = kept
  if (kept.request === undefined || !kept.request.startsWith(`${FORMAT}.`))
    return duplicate(
      `Interaction ${quotedId(id)} exists (${state}) and ids must be unique; its view was written by an older server, which kept no fingerprint of its request, so a retried submit cannot be told from another: read GET /v1/interactions/${encodeURIComponent(id)} instead`,
    )
  const field = differing(kept.request, given)
  if (field !== undefined)
    return duplicate(
      `Interaction ${quotedId(id)} exists (${state}) from another request: its "${field}" differs; ids must be unique (a submit retried with the same body answers the interaction instead)`,
    )
  const out = view()
  // its first answer was 422 (the strategy refused the input before entering a node): the retry hears the same
  if (out.state === 'failed' && out.path.length === 0 && out.reason !== undefined)
    return { ok: false, status: 422, error: out.reason }
  out.replayed = true
  return { ok: true, value: out }
}

function duplicate(error: string): CommandResult<never> {
  return { ok: false, status: 409, error, code: 'duplicate-id' }
}
