// Request bodies checked at the door: a precompiled check answers the usual valid body of the busy routes (submit,
// confirm/reject with or without the reservation they answer, the empty body of complete, agent states, a batch's
// envelope) without zod's machinery; anything else, valid or not, goes to zod, so a bad body gets exactly zod's 400
// and its issues. A fast check only ever accepts what zod accepts, with the value zod would give
// (body-check.test.ts holds them side by side).
import { AGENT_STATES, mediaSchema } from '@routewright/strategy-dsl'
import type { z } from 'zod'
import { AGENT_STATE_CALLERS } from '../core/types.ts'
import {
  abandonBody,
  agentStateBody,
  batchBody,
  completeBody,
  confirmBody,
  emptyBody,
  MAX_BATCH_COMMANDS,
  rejectBody,
  reservationBody,
  submitBody,
} from './schemas.ts'
import { isSupervisorName } from './supervisor-name.ts'

/** The value zod would give, or undefined: ask zod. */
type FastCheck = (value: unknown) => Record<string, unknown> | undefined

const SUBMIT_KEYS = new Set(['id', 'strategy', 'media', 'ani', 'dnis', 'priority', 'data'])
const AGENT_STATE_KEYS = new Set(['state', 'media', 'at', 'reason', 'by', 'supervisor'])
const NO_KEYS: ReadonlySet<string> = new Set()
const RESERVATION_KEYS = new Set(['reservation'])
const STATES: ReadonlySet<unknown> = new Set(AGENT_STATES)
const BATCH_KEYS = new Set(['commands'])
const CALLERS: ReadonlySet<unknown> = new Set(AGENT_STATE_CALLERS)

/** A plain object (what JSON.parse makes of `{...}`), its keys all among `known`. */
function plainWithin(value: unknown, known: ReadonlySet<string>): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    return false
  for (const key in value) if (!known.has(key)) return false
  return true
}

const text = (value: unknown, min: number, max: number): value is string =>
  typeof value === 'string' && value.length >= min && value.length <= max
const isString = (value: unknown) => typeof value === 'string'
const absentOr = (value: unknown, check: (v: unknown) => boolean) => value === undefined || check(value)
const media = (value: unknown) => typeof value === 'string' && mediaSchema.safeParse(value).success

/** Attached data: a plain object whose keys are at most 200 characters (and none that a copy would lose). */
function data(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    return false
  for (const key in value) if (key.length > 200 || key === '__proto__') return false
  return true
}

function fastSubmit(body: unknown): Record<string, unknown> | undefined {
  if (!plainWithin(body, SUBMIT_KEYS)) return undefined
  const { id, strategy, priority } = body
  // no upper bound here: the router's limits (maxIdChars...) are checked after the schema, as zod leaves them
  if (!text(id, 1, Number.POSITIVE_INFINITY) || !text(strategy, 1, Number.POSITIVE_INFINITY)) return undefined
  // a media that is no media name passes, as zod passes it: the door's router check answers it 422 media-name
  if (!absentOr(body.media, isString) || !absentOr(body.data, data)) return undefined
  if (!absentOr(body.ani, isString) || !absentOr(body.dnis, isString)) return undefined
  if (
    !absentOr(
      priority,
      (v) => typeof v === 'number' && Number.isFinite(v) && v >= -1_000_000 && v <= 1_000_000,
    )
  )
    return undefined
  // zod's output: the schema's keys in its order, the absent ones left out
  const out: Record<string, unknown> = { id, strategy }
  for (const key of ['media', 'ani', 'dnis', 'priority', 'data'])
    if (body[key] !== undefined) out[key] = body[key]
  return out
}

function fastEmpty(body: unknown): Record<string, unknown> | undefined {
  return plainWithin(body, NO_KEYS) ? {} : undefined
}

function fastReservation(body: unknown): Record<string, unknown> | undefined {
  if (!plainWithin(body, RESERVATION_KEYS)) return undefined
  if (body.reservation === undefined) return {}
  return text(body.reservation, 1, 400) ? { reservation: body.reservation } : undefined
}

function fastAgentState(body: unknown): Record<string, unknown> | undefined {
  if (!plainWithin(body, AGENT_STATE_KEYS) || !STATES.has(body.state)) return undefined
  const at = body.at
  if (!absentOr(body.media, media) || !absentOr(at, (v) => Number.isSafeInteger(v) && (v as number) >= 0))
    return undefined
  // a reason with ready is zod's to refuse (400 with its issue)
  const reason = body.reason
  if (!absentOr(reason, (v) => text(v, 1, Number.POSITIVE_INFINITY) && body.state !== 'ready'))
    return undefined
  // who sets it (a supervisor from the Monitor's grid); a name without `by: "supervisor"` is zod's to refuse
  const { by, supervisor } = body
  if (!absentOr(by, (v) => CALLERS.has(v))) return undefined
  if (!absentOr(supervisor, (v) => by === 'supervisor' && isSupervisorName(v))) return undefined
  // zod's output: the schema's keys in its order
  const out: Record<string, unknown> = { state: body.state }
  if (body.media !== undefined) out.media = body.media
  if (at !== undefined) out.at = at
  if (reason !== undefined) out.reason = reason
  if (by !== undefined) out.by = by
  if (supervisor !== undefined) out.supervisor = supervisor
  return out
}

/** A batch's envelope: each command is checked again by its own route, so only `op` and `id` are looked at here. */
function fastBatch(body: unknown): Record<string, unknown> | undefined {
  if (!plainWithin(body, BATCH_KEYS)) return undefined
  const { commands } = body
  if (!Array.isArray(commands) || commands.length < 1 || commands.length > MAX_BATCH_COMMANDS)
    return undefined
  const out: Array<Record<string, unknown>> = []
  for (const command of commands) {
    if (
      typeof command !== 'object' ||
      command === null ||
      Object.getPrototypeOf(command) !== Object.prototype
    )
      return undefined
    if (
      typeof command.op !== 'string' ||
      !absentOr(command.id, isString) ||
      Object.hasOwn(command, '__proto__')
    )
      return undefined
    // zod's output: op and id first, then the other keys as sent
    const one: Record<string, unknown> = { op: command.op }
    if (command.id !== undefined) one.id = command.id
    for (const key in command) if (key !== 'op' && key !== 'id') one[key] = command[key]
    out.push(one)
  }
  return { commands: out }
}

const FAST = new Map<z.ZodType, FastCheck>([
  [submitBody, fastSubmit],
  [emptyBody, fastEmpty],
  [reservationBody, fastReservation],
  // a confirm naming only its reservation (the usual one) is a reservation body; one with a late time goes to zod
  [confirmBody, fastReservation],
  // a reject naming only its reservation (the usual one) is a reservation body; one with a reason goes to zod
  [rejectBody, fastReservation],
  // an abandon without a reason (an older host's) is an empty body; one with a reason goes to zod
  [abandonBody, fastEmpty],
  // a plain complete (the usual one) is an empty body; a transfer's goes to zod
  [completeBody, fastEmpty],
  [agentStateBody, fastAgentState],
  // the envelope of a batch (POST /v1/commands): zod would copy each of up to 1,000 commands through its object check
  [batchBody, fastBatch],
])

/** `schema.safeParse(value)`, answered without zod for the usual valid bodies of the busy routes. */
export function checkBody(schema: z.ZodType, value: unknown): z.ZodSafeParseResult<unknown> {
  const fast = FAST.get(schema)?.(value)
  return fast === undefined ? schema.safeParse(value) : { success: true, data: fast }
}
