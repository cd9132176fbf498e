// After-call work (wrap-up): with BridgeOptions.wrapUp, a routed call's end holds its `complete` to serve until the
// agent picks a disposition on the desktop, the wrap-up seconds run out, or the agent logs out. This owns the held
// completes and their timers; the agent's state (after-call work, then ready) is the desktop's to set (desktop-api.ts),
// told through `listen`.
import { MAX_DISPOSITION_CHARS, refuseDisposition } from '@routewright/server'
import type { CallView, WrapUpConfig, WrapUpView } from './call-control.ts'
import type { Timers } from './timers.ts'

/** The longest wrap-up a bridge takes: an hour (an agent who walked off is freed by then). */
export const MAX_WRAP_UP_SECONDS = 3600
/** The most dispositions a wrap-up offers: a short list an agent reads at a glance, not a catalogue. */
export const MAX_DISPOSITIONS = 50
const MAX_LABEL_CHARS = 80

/** Checks BridgeOptions.wrapUp; throws a RangeError that names what is wrong. */
export function checkWrapUp(config: WrapUpConfig | undefined): void {
  if (config === undefined) return
  const { seconds, dispositions } = config
  if (!(Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_WRAP_UP_SECONDS))
    throw new RangeError(
      `wrapUp.seconds must be a whole number from 1 to ${MAX_WRAP_UP_SECONDS} (got ${JSON.stringify(seconds)})`,
    )
  if (!Array.isArray(dispositions) || dispositions.length > MAX_DISPOSITIONS)
    throw new RangeError(`wrapUp.dispositions must be a list of at most ${MAX_DISPOSITIONS} {code, label}`)
  const seen = new Set<string>()
  dispositions.forEach((d, i) => {
    const code = (d as { code?: unknown })?.code
    const label = (d as { label?: unknown })?.label
    if (typeof code !== 'string' || code === '')
      throw new RangeError(`wrapUp.dispositions[${i}].code must be a non-empty string, e.g. "resolved"`)
    // serve refuses (422) a disposition it would not keep: a code it cannot take would lose the complete
    const refused = refuseDisposition(code)
    if (refused !== undefined)
      throw new RangeError(
        `wrapUp.dispositions[${i}].code: ${refused.error.replace(/^complete: /, '')} (at most ${MAX_DISPOSITION_CHARS})`,
      )
    if (seen.has(code)) throw new RangeError(`wrapUp.dispositions[${i}].code "${code}" is listed twice`)
    seen.add(code)
    if (typeof label !== 'string' || label.trim() === '' || label.length > MAX_LABEL_CHARS)
      throw new RangeError(
        `wrapUp.dispositions[${i}].label must be a non-empty string of at most ${MAX_LABEL_CHARS} characters`,
      )
  })
}

/** Why a wrap-up POST was refused, as the desktop API answers it. */
export type WrapUpRefusal = { status: 404 | 422; error: string }

/** What a wrap-up holds of a call: the bridge's CallRecord, or a test's stand-in for it. */
export interface WrappedCall {
  view: Pick<CallView, 'callId' | 'interaction'>
}

export interface WrapUpsOptions<R extends WrappedCall> {
  config: WrapUpConfig
  now: () => number
  timers: Timers
  /** Sends the held complete of `rec` to serve, with the agent's disposition when one was picked. */
  complete(rec: R, disposition: string | undefined): void
  log: (message: string, fields?: Record<string, unknown>) => void
}

interface Held<R> {
  rec: R
  view: WrapUpView
  timer: unknown
}

export function createWrapUps<R extends WrappedCall>(options: WrapUpsOptions<R>) {
  const { config, now, timers, log } = options
  const held = new Map<string, Held<R>>()
  const listeners = new Set<(view: WrapUpView) => void>()
  const counts = { wrapUpsDone: 0, wrapUpsTimedOut: 0, wrapUpsLoggedOut: 0 }

  function tell(view: WrapUpView): void {
    for (const listener of listeners) listener(view)
  }

  /** A routed call ended with its agent: the complete waits for the wrap-up. */
  function begin(rec: R, agent: string): void {
    const interaction = rec.view.interaction
    // the same interaction ended twice (a late BYE): its wrap-up is already running
    if (held.has(interaction)) return
    const startedAt = now()
    const view: WrapUpView = {
      callId: rec.view.callId,
      interaction,
      agent,
      startedAt,
      endsAt: startedAt + config.seconds * 1000,
      dispositions: config.dispositions.map((d) => ({ code: d.code, label: d.label })),
    }
    const timer = timers.setTimeout(() => finish(interaction, 'timed-out', undefined), config.seconds * 1000)
    held.set(interaction, { rec, view, timer })
    tell(view)
  }

  function finish(interaction: string, outcome: NonNullable<WrapUpView['outcome']>, disposition?: string) {
    const entry = held.get(interaction)
    if (entry === undefined) return
    held.delete(interaction)
    timers.clearTimeout(entry.timer)
    options.complete(entry.rec, disposition)
    if (outcome === 'done') counts.wrapUpsDone++
    else if (outcome === 'timed-out') counts.wrapUpsTimedOut++
    else counts.wrapUpsLoggedOut++
    if (outcome !== 'done')
      log('wrap-up ended without a disposition', { interaction, agent: entry.view.agent, outcome })
    tell({ ...entry.view, outcome, ...(disposition === undefined ? {} : { disposition }) })
  }

  /** The agent's disposition for the wrap-up of call `callId`: completed with it, or why not. */
  function done(callId: string, agent: string, disposition: unknown): WrapUpRefusal | undefined {
    const entry = [...held.values()].find((h) => h.view.callId === callId && h.view.agent === agent)
    if (entry === undefined)
      return { status: 404, error: `You have no wrap-up of call "${callId}" (it may have timed out)` }
    const codes = config.dispositions.map((d) => d.code)
    if (disposition === undefined && codes.length === 0) {
      finish(entry.view.interaction, 'done')
      return undefined
    }
    if (typeof disposition !== 'string' || !codes.includes(disposition))
      return {
        status: 422,
        error: `Pick one of the dispositions: ${codes.map((c) => `"${c}"`).join(', ')} (got ${JSON.stringify(disposition)?.slice(0, 80) ?? 'none'})`,
      }
    finish(entry.view.interaction, 'done', disposition)
    return undefined
  }

  /** The agent logged out: each wrap-up of theirs is completed with no disposition, nothing left held. */
  function loggedOut(agent: string): void {
    for (const entry of [...held.values()])
      if (entry.view.agent === agent) finish(entry.view.interaction, 'logged-out')
  }

  return {
    begin,
    done,
    loggedOut,
    views: (agent?: string): WrapUpView[] =>
      [...held.values()].map((h) => h.view).filter((v) => agent === undefined || v.agent === agent),
    listen(listener: (view: WrapUpView) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    counts: () => ({ ...counts, wrapUpsHeld: held.size }),
  }
}

export type WrapUps<R extends WrappedCall> = ReturnType<typeof createWrapUps<R>>
