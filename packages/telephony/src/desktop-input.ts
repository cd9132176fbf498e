// pure: checks what the agent desktop sends (agent ids, media, states, reasons, transfer targets) and says what is
// wrong in words an agent or a host developer can act on.
import { controlAt, idSchema, mediaSchema } from '@routewright/strategy-dsl'

export type Checked<T> =
  | { ok: true; value: T }
  | { ok: false; status: 400 | 404 | 409 | 413 | 415; error: string }

/** The states an agent sets from the desktop; the router sets reserved and busy itself. */
export const DESKTOP_STATES = ['ready', 'not-ready', 'after-call-work'] as const
export type DesktopState = (typeof DESKTOP_STATES)[number]

export interface StateChange {
  media: string
  state: DesktopState
  reason?: string
}

/** A blind-transfer target: a routing point's number or an agent of the directory. */
export type TransferTarget = { kind: 'routing-point'; number: string } | { kind: 'agent'; agent: string }

/**
 * Whether `id` is an agent id (a login's, a transfer's): the directory's own rule, so every agent serve lists (all are
 * the directory's) is one; an id another build of serve lists outside it is left out of the transfer search.
 */
export const isAgentId = (id: string): boolean => idSchema.safeParse(id).success

const ROUTING_POINT = /^[0-9]{2,20}$/
const REASON_MAX = 60

function bad<T>(error: string): Checked<T> {
  return { ok: false, status: 400, error }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function unknownKeys(body: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  const extra = Object.keys(body).filter((k) => !allowed.includes(k))
  return extra.length > 0
    ? `Unknown field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')}; send only ${allowed.map((k) => `"${k}"`).join(', ')}`
    : undefined
}

/** An agent id's shape (whether the directory has it is asked of serve). */
export function checkAgentId(value: unknown): Checked<string> {
  if (typeof value !== 'string' || value.trim() === '') return bad('Give your agent id, e.g. "ann"')
  const id = value.trim()
  if (!isAgentId(id))
    return bad(
      `"${id.slice(0, 80)}" is not an agent id: use letters, digits, "_" or "-", starting with a letter (at most 64)`,
    )
  return { ok: true, value: id }
}

export function checkLogin(body: unknown): Checked<string> {
  if (!isObject(body)) return bad('Send {"agent": "<agent id>"}')
  const extra = unknownKeys(body, ['agent'])
  return extra === undefined ? checkAgentId(body.agent) : bad(extra)
}

/** A state change for one media; `media` must be one the desktop offers (`offered`). */
export function checkStateChange(body: unknown, offered: readonly string[]): Checked<StateChange> {
  if (!isObject(body)) return bad('Send {"media": "voice", "state": "ready"} (reason with not-ready)')
  const extra = unknownKeys(body, ['media', 'state', 'reason'])
  if (extra !== undefined) return bad(extra)
  const media = mediaSchema.safeParse(body.media)
  if (!media.success)
    return bad(`"media" must be a media name such as voice: ${media.error.issues[0]?.message}`)
  if (!offered.includes(media.data))
    return bad(`Media "${media.data}" is not handled here; use one of ${offered.join(', ')}`)
  const state = body.state
  if (typeof state !== 'string' || !(DESKTOP_STATES as readonly string[]).includes(state))
    return bad(
      `"state" must be one of ${DESKTOP_STATES.join(', ')} (the router sets reserved and busy itself)`,
    )
  const reason = body.reason
  if (state !== 'not-ready') {
    if (reason !== undefined) return bad(`A reason goes with not-ready only, not with ${state}`)
    return { ok: true, value: { media: media.data, state: state as DesktopState } }
  }
  if (typeof reason !== 'string' || reason.trim() === '')
    return bad('Not ready needs a reason, e.g. "Break" or "Training"')
  const trimmed = reason.trim()
  // one line: no control character (the runtime's one rule) and no Unicode line or paragraph separator
  if (trimmed.length > REASON_MAX || controlAt(trimmed) >= 0 || /[\u2028\u2029]/.test(trimmed))
    return bad(`The reason must be one line of at most ${REASON_MAX} characters`)
  return { ok: true, value: { media: media.data, state: 'not-ready', reason: trimmed } }
}

/** The longest transfer search the desktop takes: an agent id's longest. */
export const SEARCH_MAX = 64

/** A transfer search (`?q=`): empty for the first suggestions, else part of an agent id (nothing else can match). */
export function checkSearch(value: string | null): Checked<string> {
  const q = (value ?? '').trim()
  if (q.length > SEARCH_MAX || !/^[A-Za-z0-9_-]*$/.test(q))
    return bad(
      `Search for part of an agent id: letters, digits, "_" or "-", at most ${SEARCH_MAX} (a routing point number is typed whole)`,
    )
  return { ok: true, value: q }
}

/** The shape of a transfer target; an agent target is then checked against the directory. */
export function checkTransfer(body: unknown): Checked<TransferTarget> {
  if (!isObject(body)) return bad('Send {"to": "<routing point number or agent id>"}')
  const extra = unknownKeys(body, ['to'])
  if (extra !== undefined) return bad(extra)
  if (typeof body.to !== 'string' || body.to.trim() === '')
    return bad('Say where to transfer the call: a routing point number such as 7000, or an agent id')
  const to = body.to.trim()
  if (ROUTING_POINT.test(to)) return { ok: true, value: { kind: 'routing-point', number: to } }
  if (isAgentId(to)) return { ok: true, value: { kind: 'agent', agent: to } }
  return bad(`"${to.slice(0, 80)}" is neither a routing point number (2 to 20 digits) nor an agent id`)
}

/** A call id from the URL: what SIP Call-IDs are made of, bounded. */
export function checkCallId(value: string): Checked<string> {
  return /^[\x21-\x7e]{1,200}$/.test(value)
    ? { ok: true, value }
    : bad('The call id must be 1 to 200 visible ASCII characters')
}
