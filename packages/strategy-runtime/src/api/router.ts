// The embedding API: a host submits interactions and reports agents, treatments and reservations; every
// problem becomes an event, never a throw.

import { quotedName } from '@routewright/node-support/printable'
import { AGENT_STATES, type Agent, agentSchema, type DirectoryDocument } from '@routewright/strategy-dsl'
import type { CompiledStrategy } from '../engine/compile.ts'
import { Engine } from '../engine/engine.ts'
import {
  cutText,
  type InputRefusal,
  refuseInteractionData,
  refuseInteractionFields,
  unknownStrategy,
  unknownStrategyProblem,
} from '../engine/input-limits.ts'
import { exportInteraction, releaseInteraction, resumeInteraction } from '../engine/persist.ts'
import type { EventBody } from '../engine/port.ts'
import { type InteractionRun, newRun, traceOf } from '../engine/run.ts'
import { checkInputs, describeValue, NO_VALUES } from '../engine/values.ts'
import { admitConnected } from '../nodes/admit-connected.ts'
import { type ConnectedData, type ConnectedDataRefusal, connectedDataOf } from '../nodes/connected-data.ts'
import { hostSetPriority, priorityOf } from '../nodes/priority-change.ts'
import { type Connection, connectAgent } from '../nodes/target-connect.ts'
import {
  confirmReservation,
  releaseReservation,
  reservationRejected,
  serveAgent,
  staleReservation,
} from '../nodes/target-select.ts'
import { waitingTreatmentDone } from '../nodes/target-wait.ts'
import { treatmentNodeDone } from '../nodes/treatment.ts'
import type { AgentRecord } from '../selection/agents.ts'
import { completePlace, countsOf, reservedTotal } from '../selection/capacity.ts'
import { NOT_READY_REASONS, type NotReadyReason, refuseStateReason } from '../selection/not-ready.ts'
import { message } from '../stats/stat-reader.ts'
import { emptyList } from '../util/small-array.ts'
import { abandonWhy } from './abandon-how.ts'
import { checkRouterDocuments, checkRouterOptions } from './check-options.ts'
import { connectProvider } from './provider-sync.ts'
import type {
  AbandonHow,
  AgentEventInput,
  AgentStateRead,
  ConfirmAnswer,
  ConnectAnswer,
  InteractionInput,
  InteractionSnapshot,
  PriorityChange,
  RejectAnswer,
  RejectReason,
  ReservationAnswer,
  Router,
  RouterErrorCode,
  RouterOptions,
  RouterSnapshot,
  TreatmentResult,
  WaitingRead,
} from './types.ts'

/** A confirm or reject refused before it changed anything: the error event it emits. */
type ReservationRefusal = EventBody & { type: 'error' }

const AGENT_STATE_SET = new Set<string>(AGENT_STATES)

/**
 * Creates a router: compiles the strategies once, indexes the directory's agents, loads their status from the
 * statistics provider, and routes interactions. Throws a RouterConfigError (with the diagnostics) when the
 * strategies or the directory do not validate, a TypeError naming the option when an option has the wrong shape
 * (a clock without `now`, a limit that is not a number, an `onEvent` that is not a function), and an Error when the
 * provider cannot be subscribed to.
 * @example
 * const router = createRouter({ strategies, directory, clock: createRealClock(), onEvent: console.log })
 * router.agentEvent({ agent: 'a17', state: 'ready' })
 * router.submit({ id: 'call-1', strategy: 'vip-support', media: 'voice', data: { customer_tier: 'gold' } })
 */
export function createRouter(options: RouterOptions): Router {
  checkRouterOptions(options)
  const strategies = checkRouterDocuments(options?.strategies ?? [], options?.directory)
  return buildRouter({ ...options, strategies }).router
}

/**
 * The router and its engine; the engine stays inside the package (testing/ reads it, hosts never see it).
 * `compiled`: the strategies compiled already from `options.strategies` (else compiled here).
 */
export function buildRouter(
  options: RouterOptions,
  compiled?: ReadonlyMap<string, CompiledStrategy>,
): { router: Router; engine: Engine } {
  const engine = new Engine(options, compiled)
  const provider = connectProvider(engine, engine.report)

  // an id that is not a string (plain JavaScript) is named in an error event, never read as a run by emit
  const badId = (id: unknown, action: string) =>
    engine.emit('', {
      type: 'error',
      reason: `${action}: the interaction id must be a string (got ${describeInput(id)})`,
    })
  const active = (id: string, action: string): InteractionRun | undefined => {
    if (typeof id !== 'string') return void badId(id, action)
    const run = engine.runs.get(id)
    if (!run) {
      const finished = engine.finished.get(id)
      // a finished run's refusal has a code (a wrong state the host can act on); an unknown id has none here. The id is
      // the caller's: quoted printable and cut (it reaches the event stream and logs), as serve quotes it
      const quoted = quotedName(id)
      engine.emit(
        id,
        finished
          ? {
              type: 'error',
              reason: `${action}: interaction ${quoted} already finished (${finished.outcome})`,
              code: 'run-finished',
            }
          : { type: 'error', reason: `${action}: unknown interaction ${quoted}` },
      )
    }
    return run
  }
  // each method catches on its own (no closure per call): a fault inside the router becomes an error event
  const failed = (id: string, what: string, error: unknown) =>
    engine.emit(typeof id === 'string' ? id : '', {
      type: 'error',
      reason: `${what} failed inside the router: ${message(error)}`,
    })
  const complain = (id: string, reason: string, code?: RouterErrorCode) =>
    engine.emit(
      typeof id === 'string' ? id : '',
      code === undefined ? { type: 'error', reason } : { type: 'error', reason, code },
    )

  let stopped = false
  // a stopped router's provider is unsubscribed and its timers released: it takes no new interaction
  const refuseStopped = (id: string, action: string) =>
    complain(id, `${action}: the router is stopped; give the interaction to a running router`)
  const router: Router = {
    submit(input: InteractionInput) {
      try {
        if (stopped) return refuseStopped(typeof input?.id === 'string' ? input.id : '', 'submit')
        submit(engine, input)
      } catch (error) {
        failed(typeof input?.id === 'string' ? input.id : '', 'submit', error)
      }
    },
    agentEvent(event: AgentEventInput) {
      try {
        agentEvent(engine, event)
      } catch (error) {
        failed(event?.agent ?? '', 'agentEvent', error)
      }
    },
    treatmentDone(id: string, result: TreatmentResult = {}) {
      try {
        const run = active(id, 'treatmentDone')
        if (!run) return
        const wrong = wrongTreatmentResult(result)
        if (wrong !== undefined)
          return complain(id, `treatmentDone: ${wrong}; nothing changed, the treatment is still awaited`)
        const frame = run.frames[run.frames.length - 1]
        if (frame?.waitingFor === 'treatment') treatmentNodeDone(engine, frame, result)
        // a wait whose treatments stopped (reserved, or none left) awaits none: refused, not taken silently
        else if (!(run.wait && waitingTreatmentDone(engine, run)))
          complain(
            id,
            `treatmentDone: interaction ${quotedName(id)} is not waiting for a treatment`,
            'no-treatment',
          )
      } catch (error) {
        failed(id, 'treatmentDone', error)
      }
    },
    confirmReservation(id: string, answer?: ConfirmAnswer) {
      try {
        // the run just reserved (the usual confirmation) is live under its id: no look-up in the map of them all
        const last = engine.lastReserved
        const run = last !== undefined && last.id === id ? last : active(id, 'confirmReservation')
        if (!run) return
        const stale = answered(engine, run, answer, 'confirmReservation')
        if (stale !== undefined) return engine.emit(id, stale)
        const r = run.reservation
        if (!r)
          return complain(
            id,
            `confirmReservation: interaction ${quotedName(id)} has no reservation`,
            'no-reservation',
          )
        const at = answer?.at
        const late =
          at === undefined
            ? undefined
            : answerTime(engine, at, r.at, 'its routed event', 'confirmReservation')
        if (typeof late === 'string') return complain(id, late, 'answer-time')
        confirmReservation(engine, run, late)
      } catch (error) {
        failed(id, 'confirmReservation', error)
      }
    },
    connectAgent(id: string, answer: ConnectAnswer) {
      try {
        const run = active(id, 'connectAgent')
        if (!run) return
        const connection = connectionOf(engine, answer, run.startedAt, 'connectAgent')
        if (!('agent' in connection)) return complain(id, connection.reason, connection.code)
        const refused = connectAgent(engine, run, connection)
        if (refused !== undefined) complain(id, refused.reason, refused.code)
      } catch (error) {
        failed(id, 'connectAgent', error)
      }
    },
    rejectReservation(id: string, answer?: RejectAnswer) {
      try {
        const run = active(id, 'rejectReservation')
        if (!run) return
        const stale = answered(engine, run, answer, 'rejectReservation')
        if (stale !== undefined) return engine.emit(id, stale)
        const why = rejectReasonOf(answer)
        if (typeof why !== 'object') return complain(id, why)
        const r = run.reservation
        if (!r)
          return complain(
            id,
            `rejectReservation: interaction ${quotedName(id)} has no reservation`,
            'no-reservation',
          )
        reservationRejected(engine, run, r, why.reason, why.how === 'withdrawn', why.notReady)
        releaseReservation(engine, run, why.how, why.notReady)
      } catch (error) {
        failed(id, 'rejectReservation', error)
      }
    },
    abandon(id: string, how?: AbandonHow) {
      try {
        const run = active(id, 'abandon')
        if (!run) return
        const why = abandonWhy(how)
        if (typeof why !== 'object') return complain(id, why)
        // one that queued and left unanswered (a time-out, then a treatment) was offered there and not answered: the
        // provider counts it where it last waited, as the report does (history docs/figures.md); one never queued, nowhere
        const waits = run.reservation !== undefined || run.wait?.waiting === true
        if (waits || run.firstQueuedAt !== undefined)
          engine.feed({
            type: 'interaction-abandoned',
            interaction: id,
            // where it last waited, for a provider that did not see it leave (one taken over from another process)
            targets: waits ? [] : (run.leftQueue ?? []),
            at: engine.clock.now(),
            ref: engine.feedRef(run),
          })
        engine.finish(run, 'abandoned', {
          reason: why.text,
          ...(why.reason === undefined ? {} : { abandonReason: why.reason }),
          ...(why.note === undefined ? {} : { note: why.note }),
        })
      } catch (error) {
        failed(id, 'abandon', error)
      }
    },
    complete(id: string) {
      try {
        if (typeof id !== 'string') return badId(id, 'complete')
        complete(engine, id)
      } catch (error) {
        failed(id, 'complete', error)
      }
    },
    setPriority(id: string, priority: number | PriorityChange) {
      try {
        const run = active(id, 'setPriority')
        if (!run) return
        const change = priorityOf(run.priority, priority)
        if (!('to' in change))
          return complain(id, change.reason, change.outOfRange ? 'over-limit' : undefined)
        hostSetPriority(engine, run, change.to)
      } catch (error) {
        failed(id, 'setPriority', error)
      }
    },
    updateAgent(id: string, definition: Agent) {
      try {
        const agent = engine.agents.agents.get(id)
        const wrong = agent ? wrongAgent(engine.directory, definition) : undefined
        if (!agent || wrong !== undefined || !engine.agents.updateAgent(id, definition)) {
          engine.emit('', {
            type: 'error',
            agent: String(id),
            reason:
              wrong === undefined
                ? `updateAgent: unknown agent ${quotedName(String(id))}`
                : `updateAgent: agent ${quotedName(String(id))}: ${wrong}; nothing changed`,
          })
          return
        }
        if (engine.agents.listed(agent)) serveAgent(engine, agent)
      } catch (error) {
        failed(id, 'updateAgent', error)
      }
    },
    snapshot: () => snapshot(engine),
    waiting: () => waitingOf(engine),
    waitingInAnyOrder: () => waitingInAnyOrderOf(engine),
    agentStates: () => agentStatesOf(engine),
    agent(id: string) {
      const agent = typeof id === 'string' ? engine.agents.agents.get(id) : undefined
      return agent && agentOf(agent)
    },
    trace(id: string) {
      const run = engine.runs.get(id) ?? engine.finished.get(id)
      return run ? traceOf(run) : undefined
    },
    exportInteraction(id: string, opts: { release?: boolean } = {}): InteractionSnapshot | undefined {
      try {
        const run = active(id, 'exportInteraction')
        if (!run) return undefined
        const result = exportInteraction(engine, run)
        if (typeof result === 'string') {
          complain(id, `exportInteraction: ${quotedName(id)} cannot move: ${result}`, 'not-movable')
          return undefined
        }
        if (opts.release) releaseInteraction(engine, run)
        return result
      } catch (error) {
        failed(id, 'exportInteraction', error)
        return undefined
      }
    },
    resumeInteraction(snapshot: InteractionSnapshot) {
      const id = typeof snapshot?.id === 'string' ? snapshot.id : ''
      try {
        if (stopped) return refuseStopped(id, 'resumeInteraction')
        const problem = resumeInteraction(engine, snapshot)
        if (problem) complain(id, problem)
      } catch (error) {
        failed(id, 'resumeInteraction', error)
      }
    },
    stop() {
      stopped = true
      provider.stop()
      for (const run of [...engine.runs.values()])
        engine.finish(run, 'error', { reason: 'The router stopped' })
      // no reservation or wait is pending now: the clock timers the lanes kept between records go too
      engine.releaseLaneTimers()
    },
  }
  return { router, engine }
}

/**
 * Why a host's confirm or reject may not apply, as the error event to emit: it names a reservation that is not the
 * one pending now (code `stale-reservation`, with the current one), or names none properly. Without a reservation
 * named, the answer is for the current one (the one-argument form embedders use).
 */
function answered(
  engine: Engine,
  run: InteractionRun,
  answer: ReservationAnswer | undefined,
  action: string,
): ReservationRefusal | undefined {
  const named = answer?.reservation
  if (named === undefined) return undefined
  if (typeof named !== 'string')
    return {
      type: 'error',
      reason: `${action}: "reservation" must be the string id of a routed event (got ${typeof named})`,
    }
  const stale = staleReservation(engine, run, named, action)
  return stale && { type: 'error', reason: stale.reason, code: 'stale-reservation', current: stale.current }
}

/**
 * A host's late answer time (`at` of a confirm or connect) as the time the statistics count from, or why it is refused:
 * a clock time not in the future and not before `floor` (when `what` happened). Now itself needs no late time.
 */
function answerTime(
  engine: Engine,
  at: unknown,
  floor: number,
  what: string,
  action: string,
): number | undefined | string {
  const now = engine.clock.now()
  if (typeof at !== 'number' || !Number.isFinite(at))
    return `${action}: "at" must be a clock time in ms (got ${JSON.stringify(at)}); nothing changed`
  if (at > now)
    return `${action}: "at" (${at}) is ${at - now} ms in the future of the router's clock (${now}); nothing changed: send the time the agent answered, at most now`
  if (at < floor)
    return `${action}: "at" (${at}) is ${floor - at} ms before ${what} (${floor}); nothing changed: send the time the agent answered`
  return at < now ? at : undefined
}

/**
 * A host's connect answer (connectAgent, submit's connectedTo) checked: the agent, its late answer time (not before
 * `floor`) and note; else why it is refused (nothing changed).
 */
function connectionOf(
  engine: Engine,
  answer: ConnectAnswer,
  floor: number,
  action: string,
): Connection | { reason: string; code?: RouterErrorCode } {
  const name = answer?.agent
  const agent = typeof name === 'string' ? engine.agents.agents.get(name) : undefined
  if (!agent)
    return {
      reason: `${action}: unknown agent ${typeof name === 'string' ? quotedName(name) : JSON.stringify(name)} (not in directory "${engine.directory.directory}"); nothing changed`,
    }
  const note = answer.note
  if (note !== undefined && (typeof note !== 'string' || note.length > MAX_NOTE))
    return { reason: `${action}: "note" must be a string of at most ${MAX_NOTE} characters; nothing changed` }
  const late =
    answer.at === undefined
      ? undefined
      : answerTime(engine, answer.at, floor, 'the interaction arrived', action)
  if (typeof late === 'string') return { reason: late, code: 'answer-time' }
  return { agent, answeredAt: late, note }
}

/** Longest note a host's reject may carry: it goes into events, traces and history records. */
const MAX_NOTE = 200

/** The event's text of each reason a host may give, before its note. */
const REJECT_TEXT: Readonly<Record<RejectReason, string>> = {
  declined: 'rejected by the host',
  'no-answer': 'not answered (host)',
  withdrawn: 'withdrawn by the host',
}

/**
 * A reject's reason and note as the event's text, how the reservation ends and the agent's not-ready reason (a
 * host's `no-answer` is the router's own RONA reason); a string: why the answer is refused.
 */
function rejectReasonOf(
  answer: RejectAnswer | undefined,
): { reason: string; how: 'declined' | 'withdrawn'; notReady: NotReadyReason } | string {
  const reason = answer?.reason ?? 'declined'
  const note = answer?.note
  if (typeof reason !== 'string' || !Object.hasOwn(REJECT_TEXT, reason))
    return `rejectReservation: "reason" must be "declined", "no-answer" or "withdrawn" (got ${JSON.stringify(reason)}); nothing changed`
  if (note !== undefined && (typeof note !== 'string' || note.length > MAX_NOTE))
    return `rejectReservation: "note" must be a string of at most ${MAX_NOTE} characters; nothing changed`
  const text = REJECT_TEXT[reason as RejectReason]
  return {
    reason: note ? `${text}: ${note}` : text,
    how: reason === 'withdrawn' ? 'withdrawn' : 'declined',
    notReady: reason === 'no-answer' ? NOT_READY_REASONS.timedOut : NOT_READY_REASONS.declined,
  }
}

/** The agent finished the interaction: its place frees up, and the first in line it could serve is offered. */
function complete(engine: Engine, id: string): void {
  const handling = engine.handled.take(id)
  if (!handling) {
    engine.emit(id, {
      type: 'error',
      reason: `complete: interaction ${quotedName(id)} is not with an agent`,
      code: 'not-connected',
    })
    return
  }
  const { agent, media, feedRef } = handling
  // read: the record goes back for the next confirmation
  engine.handled.release(handling)
  completePlace(engine.agents, agent, media, engine.clock.now())
  if (engine.feeds) {
    engine.feed({
      type: 'interaction-completed',
      interaction: id,
      agent: agent.id,
      media,
      at: engine.clock.now(),
      ref: feedRef,
    })
    engine.releaseFeedRef(feedRef)
  }
  serveAgent(engine, agent)
}

function submit(engine: Engine, input: InteractionInput): void {
  const now = engine.clock.now()
  if (!input || typeof input.id !== 'string' || input.id === '') {
    engine.emit('', { type: 'error', reason: 'submit: an interaction needs a non-empty string "id"' })
    return
  }
  const refused = refuseInteractionFields(input, engine.limits)
  // a text field over its limit is kept in no run (a run keeps its fields, its events carry them): refused as a whole
  if (refused !== undefined && refused.code !== 'wrong-type') {
    engine.emit('', { type: 'error', code: refused.code, reason: `submit: ${refused.message}` })
    return
  }
  const id = input.id
  if (engine.live.has(id)) {
    engine.emit(id, {
      type: 'error',
      reason: `submit: interaction ${quotedName(id)} is already being routed; ids must be unique`,
    })
    return
  }
  // only a kept finished run of that id goes (no look-up when none are kept, as in a simulation)
  if (engine.finished.size > 0) engine.finished.delete(id)
  const strategy = engine.strategies.get(input.strategy)
  // an unknown strategy is refused as a whole too: no run, no started or finished event for a host to record
  if (strategy === undefined && refused === undefined) {
    const problem = unknownStrategyProblem(input.strategy, engine.strategies.keys())
    engine.emit(id, {
      type: 'error',
      code: 'unknown-strategy',
      reason: `submit: ${problem.message}`,
      ...(problem.fix ? { fix: problem.fix } : {}),
    })
    return
  }
  const connectedTo = input.connectedTo
  const connection =
    connectedTo === undefined
      ? undefined
      : typeof connectedTo !== 'object' || connectedTo === null
        ? {
            reason: `submit: "connectedTo" must be { agent, at?, note? } (got ${describeInput(connectedTo)}); nothing created`,
          }
        : connectionOf(engine, connectedTo, Number.NEGATIVE_INFINITY, 'submit: connectedTo')
  if (connection !== undefined && !('agent' in connection)) {
    const { reason, code } = connection
    engine.emit(id, code === undefined ? { type: 'error', reason } : { type: 'error', reason, code })
    return
  }
  // a connected interaction is admitted whole or not at all: a wrong field fails no run of its own
  if (connection !== undefined && refused !== undefined) {
    engine.emit(id, { type: 'error', reason: `submit: ${refused.message}; nothing created` })
    return
  }
  let direct: ConnectedData | undefined
  if (connection !== undefined) {
    // checked as any submit's data, before anything changes: a wrong one refuses the call whole, as a wrong agent
    let checked: ConnectedData | ConnectedDataRefusal
    try {
      checked = connectedDataOf(strategy!.document, input.data, engine.limits)
    } catch (error) {
      checked = {
        reason: `submit: its data cannot be read: ${message(error)}; nothing created`,
        code: 'wrong-input',
      }
    }
    if ('reason' in checked) {
      engine.emit(id, { type: 'error', reason: checked.reason, code: checked.code })
      return
    }
    direct = checked
  }
  const run = newRun(
    {
      id,
      strategy: input.strategy,
      media: input.media ?? 'voice',
      ani: input.ani ?? '',
      dnis: input.dnis ?? '',
      data: direct?.data ?? NO_VALUES,
      priority: typeof input.priority === 'number' && Number.isFinite(input.priority) ? input.priority : 0,
      // arrived connected and answered earlier (heard late): it arrived then
      startedAt: connection?.answeredAt ?? now,
      firstQueuedAt: undefined,
      leftQueue: undefined,
      steps: 0,
      path: emptyList(),
      treatments: emptyList(),
      trace: emptyList(),
    },
    engine.spares.takeRun(),
  )
  if (connection !== undefined) {
    const refusal = admitConnected(engine, run, connection, direct?.attached)
    if (refusal !== undefined) {
      engine.emit(id, {
        type: 'error',
        reason: refusal.reason,
        ...(refusal.code ? { code: refusal.code } : {}),
      })
    }
    return
  }
  engine.runs.add(run)
  try {
    startRun(engine, run, strategy, input, refused)
  } catch (error) {
    // registered already: a throw (a getter in the data, a value no check can print) fails it, never leaves it live
    engine.fail(run, `submit failed inside the router: ${message(error)}`)
  }
}

/** The checks of a registered run's input, then its strategy's first node; a refusal fails the run. */
export function startRun(
  engine: Engine,
  run: InteractionRun,
  strategy: CompiledStrategy | undefined,
  input: InteractionInput,
  refused: InputRefusal | undefined,
): void {
  if (refused !== undefined) {
    engine.fail(run, refused.message)
    return
  }
  if (!strategy) {
    engine.fail(run, unknownStrategy(input.strategy, engine.strategies.keys()))
    return
  }
  // the data walk runs here, inside submit's try: a getter that throws in the data fails the run, never the router
  const wrongData = refuseInteractionData(input.data, engine.limits)
  if (wrongData !== undefined) {
    engine.fail(run, wrongData.message)
    return
  }
  const checked = checkInputs(strategy.document, input.data)
  if ('error' in checked) {
    engine.fail(run, checked.error)
    return
  }
  run.data = checked.data
  if (!strategy.startIsNode) {
    engine.fail(
      run,
      `Strategy "${strategy.id}" starts at "${strategy.document.start}", which is not one of its nodes`,
    )
    return
  }
  engine.startFrame(run, strategy)
}

/** Why a host's treatment result is not `{ digits?: string }` or `{ error: string }`, or undefined. */
function wrongTreatmentResult(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null || Array.isArray(result))
    return `the result must be { digits?: string } or { error: string } (got ${describeInput(result)})`
  const { digits, error } = result as { digits?: unknown; error?: unknown }
  if (digits !== undefined && typeof digits !== 'string')
    return `"digits" must be a string of the digits collected (got ${describeInput(digits)})`
  if ('error' in result && typeof error !== 'string')
    return `"error" must be a string saying why the treatment failed (got ${describeInput(error)})`
  return undefined
}

/**
 * Why an agent definition given to updateAgent cannot apply (the directory's agent schema, groups and capacity rule
 * it names), or undefined: applied half-way, `groups: 'sales'` made pools of its letters and `null` broke the agent.
 */
function wrongAgent(directory: DirectoryDocument, definition: unknown): string | undefined {
  const parsed = agentSchema.safeParse(definition)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const at = issue?.path.length ? `${issue.path.join('.')}: ` : ''
    return `the definition does not fit the directory's agent format (${at}${issue?.message ?? 'invalid'})`
  }
  const unknown = (parsed.data.groups ?? []).find((g) => !Object.hasOwn(directory.groups ?? {}, g))
  if (unknown !== undefined) return `group "${unknown}" is not in directory "${directory.directory}"`
  const rule = parsed.data.capacityRule
  if (rule !== undefined && !Object.hasOwn(directory.capacityRules ?? {}, rule))
    return `capacity rule "${rule}" is not in directory "${directory.directory}"`
  return undefined
}

function describeInput(value: unknown): string {
  return value === undefined ? 'nothing' : describeValue(value)
}

function agentEvent(engine: Engine, event: AgentEventInput): boolean {
  const agent = engine.agents.agents.get(event?.agent)
  // what the host sent is echoed cut to the id limit: an unknown 1 MB agent id is not copied into the error event
  const shown = (value: unknown) => cutText(String(value), engine.limits.maxIdChars)
  const refuse = (reason: string, id = shown(event?.agent)): false => {
    engine.emit('', { type: 'error', agent: id, reason })
    return false
  }
  if (!agent)
    return refuse(
      `agentEvent: unknown agent ${quotedName(shown(event?.agent))} (not in directory "${engine.directory.directory}")`,
    )
  if (!AGENT_STATE_SET.has(event.state))
    return refuse(
      `agentEvent: unknown state "${shown(event.state)}"; use one of ${AGENT_STATES.join(', ')}`,
      agent.id,
    )
  if (event.media !== undefined && (typeof event.media !== 'string' || !agent.media.includes(event.media)))
    return refuse(
      `agentEvent: agent ${quotedName(agent.id)} has no capacity for media "${shown(event.media)}" (has ${agent.media.join(', ')})`,
      agent.id,
    )
  const wrongReason = refuseStateReason(event.reason, event.state, engine.limits.maxIdChars)
  if (wrongReason !== undefined) return refuse(wrongReason.message, agent.id)
  const now = engine.clock.now()
  // a time ahead of the router's clock (a switch's clock ahead, Date.now() against a simulated clock) counts as now:
  // kept as given, every later event of the agent would be refused as older and its state frozen
  const at = typeof event.at === 'number' && Number.isFinite(event.at) ? Math.min(event.at, now) : now
  if (at < agent.lastEventAt)
    return refuse(
      `agentEvent: event for "${agent.id}" at ${at} is older than its last event (${agent.lastEventAt}); ignored as out of order`,
      agent.id,
    )
  engine.agents.setState(agent, event.state, at, event.media, event.reason)
  if (engine.feeds)
    engine.feed({
      type: 'agent-state',
      agent: agent.id,
      state: event.state,
      ...(event.media ? { media: event.media } : {}),
      ...(event.reason ? { reason: event.reason } : {}),
      at,
    })
  if (engine.agents.listed(agent)) serveAgent(engine, agent)
  return true
}

function waitingOf(engine: Engine): RouterSnapshot['waiting'] {
  // the queue's own list (the live runs are many more than those waiting), in line order: priority, then age, then
  // arrival, as the queue serves them (one put back keeps its place)
  return [...engine.queue.waits]
    .sort((a, b) => b.priority - a.priority || a.enqueuedAt - b.enqueuedAt || a.seq - b.seq)
    .map((w) => ({
      interaction: w.frame.run.id,
      node: w.node.id,
      priority: w.priority,
      since: w.enqueuedAt,
      targets: w.targets.map((t) => t.label),
    }))
}

function waitingInAnyOrderOf(engine: Engine): WaitingRead[] {
  // the queue's list in its slot order, unsorted: a fresh entry per wait, so the caller owns the array it gets
  const waits = engine.queue.waits
  const out = new Array<WaitingRead>(waits.length)
  for (let i = 0; i < waits.length; i++) {
    const w = waits[i]!
    out[i] = {
      interaction: w.frame.run.id,
      node: w.node.id,
      priority: w.priority,
      since: w.enqueuedAt,
      targets: w.targets.map((t) => t.label),
      arrival: w.seq,
    }
  }
  return out
}

function agentOf(a: AgentRecord): RouterSnapshot['agents'][number] {
  return {
    id: a.id,
    state: a.state,
    since: a.since,
    ...(a.reason === undefined ? {} : { reason: a.reason }),
    load: countsOf(a.load),
    idleSince: { ...a.idleSince },
    reserved: reservedTotal(a),
    reservations: countsOf(a.reserved),
    ...(a.mediaState ? { media: structuredClone(a.mediaState) } : {}),
  }
}

function agentStatesOf(engine: Engine): AgentStateRead[] {
  const out: AgentStateRead[] = []
  for (const a of engine.agents.agents.values()) {
    const read: AgentStateRead = { id: a.id, state: a.state }
    if (a.mediaState) {
      read.media = {}
      for (const media in a.mediaState) read.media[media] = a.mediaState[media]!.state
    }
    out.push(read)
  }
  return out
}

function snapshot(engine: Engine): RouterSnapshot {
  const waiting = waitingOf(engine)
  return {
    at: engine.clock.now(),
    agents: [...engine.agents.agents.values()].map(agentOf),
    waiting,
    active: engine.runs.size,
  }
}
