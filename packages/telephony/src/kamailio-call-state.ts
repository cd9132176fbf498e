// pure: what kamailio.cfg's `calls` and `ended` htables say of a call, parsed from their `|`-separated values.

/** The agent's answer as Kamailio saw it: enough for the bridge to take the call up as talking. */
export interface KamailioAnswer {
  agent: string
  /** When the agent's 200 OK came (ms since the epoch, Kamailio's clock). */
  answeredAt: number
  /** The agent phone's Contact (a release's BYE goes there) and the 200 OK's To header (with the agent's tag). */
  contact: string
  to: string
}

/** A call Kamailio holds now (its `calls` item). */
export type KamailioCallState =
  /** Held in a suspended transaction; `lost`: after the agent named did not take it (a ring-no-answer). */
  | { state: 'queued'; tindex: number; tlabel: number; lost?: { code: number; agent: string } }
  | { state: 'ringing'; agent: string }
  | ({ state: 'talking' } & KamailioAnswer)
  /** A value this bridge cannot read (an older config wrote only `queued` or `talking`). */
  | { state: 'unknown'; value: string }

/**
 * How a call that left `calls` lately ended (its `ended` item): after an answer (a BYE), or a CANCEL. `referred`: the
 * ended leg's REFER mark (base64, transfer-leg-data.ts), when a blind transfer sent it away; "" when the leg had none
 * (or its REFER failed); absent from an older config's item, which has no word of it.
 */
export type KamailioCallEnd =
  | { how: 'bye'; endedAt: number; answer?: KamailioAnswer; referred?: string }
  | { how: 'cancelled'; endedAt: number }

/** Kamailio's `<s.µs>` time in ms, or undefined when the text is none. */
export const seconds = (text: string | undefined): number | undefined => {
  const n = Number(text)
  return text !== undefined && text !== '' && Number.isFinite(n) ? Math.round(n * 1000) : undefined
}
const integer = (text: string | undefined): number | undefined => {
  const n = Number(text)
  return text !== undefined && /^\d+$/.test(text) ? n : undefined
}

/** `talking|<agent>|<answered s.µs>|<contact>|<To>`: the To header comes last, as it may hold a `|`. */
function parseAnswer(parts: readonly string[]): KamailioAnswer | undefined {
  const [agent, at, contact, ...to] = parts
  const answeredAt = seconds(at)
  if (!agent || answeredAt === undefined || !contact || to.length === 0) return undefined
  return { agent, answeredAt, contact, to: to.join('|') }
}

export function parseCallState(value: string): KamailioCallState {
  const [state, ...rest] = value.split('|')
  if (state === 'queued') {
    const tindex = integer(rest[0])
    const tlabel = integer(rest[1])
    const code = integer(rest[2])
    if (tindex !== undefined && tlabel !== undefined)
      return code !== undefined && rest[3]
        ? { state, tindex, tlabel, lost: { code, agent: rest.slice(3).join('|') } }
        : { state, tindex, tlabel }
  } else if (state === 'ringing' && rest.length > 0 && rest[0]) {
    return { state, agent: rest.join('|') }
  } else if (state === 'talking') {
    const answer = parseAnswer(rest)
    if (answer) return { state, ...answer }
  }
  return { state: 'unknown', value }
}

/** A REFER mark as kamailio.cfg keeps it (base64, "" for none): never a state word such as `talking` (7 letters). */
const MARK = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** `bye|<s.µs>|<REFER mark>|<calls value>`, `cancelled|<s.µs>[|over]`; an older config's `bye|<s.µs>|<calls value>` too. */
export function parseCallEnd(value: string): KamailioCallEnd | undefined {
  const [how, at, ...after] = value.split('|')
  const endedAt = seconds(at)
  if (endedAt === undefined) return undefined
  if (how === 'cancelled') return { how, endedAt }
  if (how !== 'bye') return undefined
  const marked = after.length > 1 && MARK.test(after[0] ?? '')
  const referred = marked ? after[0] : undefined
  const [state, ...rest] = marked ? after.slice(1) : after
  const answer = state === 'talking' ? parseAnswer(rest) : undefined
  return {
    how,
    endedAt,
    ...(answer ? { answer } : {}),
    // "" (no mark) is word too: the leg was not REFERed away, or its REFER failed
    ...(referred === undefined ? {} : { referred }),
  }
}
