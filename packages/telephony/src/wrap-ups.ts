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

/**
 * A held wrap-up as a bridge keeps it for the next bridge started under its id (a restart, a crash): what completes
 * it at serve. `leg` and `transferredTo` as the call record had them (its complete says a transfer).
 */
export interface KeptWrapUp {
  callId: string
  interaction: string
  agent: string
  startedAt: number
  endsAt: number
  leg: number
  transferredTo?: string
}

/** Where a bridge keeps its held wrap-ups (BridgeOptions.wrapUpStore; startBridgeLink's `wrapUpFile`). */
export interface WrapUpStore {
  /** What the last bridge under this id held when it stopped: taken up at the start. */
  kept: readonly unknown[]
  /** The wrap-ups held now, after each start and end (the store writes the latest; a failure is its to log). */
  save(held: KeptWrapUp[]): void
}

/** Caps a kept list read back: a store is a file an operator may have edited, not the bridge's own memory. */
const MAX_KEPT = 10_000
const MAX_ID_CHARS = 512

/** A kept item as read back, or undefined when it is not one this bridge wrote (checked, bounded). */
export function keptWrapUp(item: unknown, now: number): KeptWrapUp | undefined {
  if (typeof item !== 'object' || item === null) return undefined
  const k = item as Record<string, unknown>
  const id = (v: unknown): v is string => typeof v === 'string' && v !== '' && v.length <= MAX_ID_CHARS
  const time = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
  if (!(id(k.callId) && id(k.interaction) && id(k.agent) && time(k.startedAt) && time(k.endsAt)))
    return undefined
  if (!(Number.isInteger(k.leg) && (k.leg as number) >= 1)) return undefined
  if (k.transferredTo !== undefined && typeof k.transferredTo !== 'string') return undefined
  return {
    callId: k.callId,
    interaction: k.interaction,
    agent: k.agent,
    startedAt: k.startedAt,
    // a deadline past the longest wrap-up from now was not written by a bridge: held that long at most
    endsAt: Math.min(k.endsAt, now + MAX_WRAP_UP_SECONDS * 1000),
    leg: k.leg as number,
    ...(k.transferredTo === undefined
      ? {}
      : { transferredTo: (k.transferredTo as string).slice(0, MAX_ID_CHARS) }),
  }
}

export interface WrapUpsOptions<R extends WrappedCall> {
  config: WrapUpConfig
  /** Keeps the held wrap-ups for the next bridge under this id, which takes up the ones kept (`restore`). */
  store?: WrapUpStore | undefined
  /** What of `rec` the store keeps beside its view (its leg, its transfer). */
  keptOf?: (rec: R) => Pick<KeptWrapUp, 'leg' | 'transferredTo'>
  /** The record a kept wrap-up completes through (the call itself ended with the bridge that held it). */
  restore?: (kept: KeptWrapUp) => R
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
  kept: Pick<KeptWrapUp, 'leg' | 'transferredTo'>
}

export function createWrapUps<R extends WrappedCall>(options: WrapUpsOptions<R>) {
  const { config, now, timers, log } = options
  const held = new Map<string, Held<R>>()
  const listeners = new Set<(view: WrapUpView) => void>()
  const counts = { wrapUpsDone: 0, wrapUpsTimedOut: 0, wrapUpsLoggedOut: 0 }

  let stopped = false

  function tell(view: WrapUpView): void {
    for (const listener of listeners) listener(view)
  }

  function save(): void {
    if (stopped || options.store === undefined) return
    options.store.save(
      [...held.values()].map(({ view, kept }) => ({
        callId: view.callId,
        interaction: view.interaction,
        agent: view.agent,
        startedAt: view.startedAt,
        endsAt: view.endsAt,
        ...kept,
      })),
    )
  }

  /** Holds `rec`'s complete until `view.endsAt` (at once when past: the seconds ran out while no bridge held it). */
  function hold(rec: R, view: WrapUpView, kept: Held<R>['kept']): void {
    const ms = Math.max(0, view.endsAt - now())
    const timer = timers.setTimeout(() => finish(view.interaction, 'timed-out', undefined), ms)
    held.set(view.interaction, { rec, view, timer, kept })
  }

  /** A routed call ended with its agent: the complete waits for the wrap-up. */
  function begin(rec: R, agent: string): void {
    // a stopped bridge holds nothing more: its calls' ends are the next bridge's
    if (stopped) return
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
    hold(rec, view, options.keptOf?.(rec) ?? { leg: 1 })
    log('wrap-up started: the complete is held', { interaction, agent, endsAt: view.endsAt })
    save()
    tell(view)
  }

  function finish(interaction: string, outcome: NonNullable<WrapUpView['outcome']>, disposition?: string) {
    const entry = held.get(interaction)
    if (entry === undefined) return
    held.delete(interaction)
    timers.clearTimeout(entry.timer)
    options.complete(entry.rec, disposition)
    save()
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

  // the wrap-ups the last bridge under this id held when it stopped: ended here as it would have (its deadline kept)
  const restore = options.restore
  if (options.store !== undefined && restore !== undefined) {
    const kept = options.store.kept.slice(0, MAX_KEPT)
    for (const item of kept) {
      const k = keptWrapUp(item, now())
      if (k === undefined || held.has(k.interaction)) continue
      const { leg, transferredTo, ...view } = k
      const dispositions = config.dispositions.map((d) => ({ code: d.code, label: d.label }))
      hold(
        restore(k),
        { ...view, dispositions },
        { leg, ...(transferredTo === undefined ? {} : { transferredTo }) },
      )
    }
    if (options.store.kept.length > 0)
      log('wrap-ups kept by the last bridge under this id taken up', {
        kept: options.store.kept.length,
        held: held.size,
      })
    save()
  }

  /**
   * The bridge stops: its wrap-ups' timers end and nothing more is completed or saved here; the store keeps them for
   * the next bridge under this id (one owner: a stopped bridge acts no more). Without a store nobody would ever
   * complete them (their calls ended in Kamailio, no takeover finds them): completed now with no disposition.
   */
  function stop(): void {
    if (options.store === undefined && held.size > 0) {
      log('bridge stopping with no wrap-up store: held wrap-ups completed now with no disposition', {
        held: held.size,
      })
      for (const entry of [...held.values()]) finish(entry.view.interaction, 'timed-out')
    }
    stopped = true
    for (const entry of held.values()) timers.clearTimeout(entry.timer)
    held.clear()
  }

  return {
    begin,
    done,
    loggedOut,
    stop,
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
