// The embedding API: a host submits interactions and reports agents, treatments and reservations; every
// problem becomes an event, never a throw.
import { AGENT_STATES, type Agent } from '@routewright/strategy-dsl'
import { Engine } from './engine.ts'
import { treatmentNodeDone } from './node-run.ts'
import type { InteractionRun } from './run.ts'
import { message } from './stat-reader.ts'
import type { AgentStatus } from './stats/provider.ts'
import { trySelect } from './target-node.ts'
import type {
  AgentEventInput,
  InteractionInput,
  Router,
  RouterOptions,
  RouterSnapshot,
  TreatmentResult,
} from './types.ts'
import { checkInputs } from './values.ts'
import { confirmReservation, installVirtualQueue, serveAgent, waitingTreatmentDone } from './virtual-queue.ts'

const AGENT_STATE_SET = new Set<string>(AGENT_STATES)

/**
 * Creates a router: compiles the strategies once, indexes the directory's agents, and routes interactions.
 * @example
 * const router = createRouter({ strategies, directory, clock: createRealClock(), onEvent: console.log })
 * router.agentEvent({ agent: 'a17', state: 'ready' })
 * router.submit({ id: 'call-1', strategy: 'vip-support', media: 'voice', data: { customer_tier: 'gold' } })
 */
export function createRouter(options: RouterOptions): Router & { readonly engine: Engine } {
  const engine = new Engine(options)
  installVirtualQueue(engine)
  engine.applyProviderStatus = (id, status) => applyStatus(engine, id, status)
  engine.onStatisticChange = () => retryThresholds(engine)

  const active = (id: string, action: string): InteractionRun | undefined => {
    const run = engine.runs.get(id)
    if (!run) {
      const finished = engine.finished.get(id)
      engine.emit(id, {
        type: 'error',
        reason: finished
          ? `${action}: interaction "${id}" already finished (${finished.outcome})`
          : `${action}: unknown interaction "${id}"`,
      })
    }
    return run
  }

  const guard = (id: string, what: string, fn: () => void) => {
    try {
      fn()
    } catch (error) {
      engine.emit(id, { type: 'error', reason: `${what} failed inside the router: ${message(error)}` })
    }
  }

  return {
    engine,
    submit(input: InteractionInput) {
      const id = typeof input?.id === 'string' ? input.id : ''
      guard(id, 'submit', () => submit(engine, input))
    },
    agentEvent(event: AgentEventInput) {
      guard(event?.agent ?? '', 'agentEvent', () => agentEvent(engine, event))
    },
    treatmentDone(id: string, result: TreatmentResult = {}) {
      guard(id, 'treatmentDone', () => {
        const run = active(id, 'treatmentDone')
        if (!run) return
        const pending = run.treatmentFrame
        if (pending && pending.frame.token === pending.token && pending.frame.waitingFor === 'treatment') {
          run.treatmentFrame = undefined
          treatmentNodeDone(engine, pending.frame, result)
          return
        }
        if (run.wait) {
          waitingTreatmentDone(engine, run)
          return
        }
        engine.emit(id, {
          type: 'error',
          reason: `treatmentDone: interaction "${id}" is not waiting for a treatment`,
        })
      })
    },
    confirmReservation(id: string) {
      guard(id, 'confirmReservation', () => {
        const run = active(id, 'confirmReservation')
        if (run && !confirmReservation(engine, run))
          engine.emit(id, {
            type: 'error',
            reason: `confirmReservation: interaction "${id}" has no reservation`,
          })
      })
    },
    rejectReservation(id: string) {
      guard(id, 'rejectReservation', () => {
        const run = active(id, 'rejectReservation')
        if (!run) return
        const r = run.reservation
        if (!r) {
          engine.emit(id, {
            type: 'error',
            reason: `rejectReservation: interaction "${id}" has no reservation`,
          })
          return
        }
        engine.emit(run, { type: 'reservation-rejected', agent: r.agent.id, reason: 'rejected by the host' })
        engine.releaseReservation(run, true)
      })
    },
    abandon(id: string) {
      guard(id, 'abandon', () => {
        const run = active(id, 'abandon')
        if (!run) return
        if (run.reservation)
          engine.feed({ type: 'interaction-abandoned', interaction: id, targets: [], at: engine.clock.now() })
        else if (run.wait?.waiting)
          engine.feed({ type: 'interaction-abandoned', interaction: id, targets: [], at: engine.clock.now() })
        engine.finish(run, 'abandoned', { reason: 'The caller hung up' })
      })
    },
    complete(id: string) {
      guard(id, 'complete', () => {
        const run = engine.handled.get(id)
        if (!run?.handledBy) {
          engine.emit(id, { type: 'error', reason: `complete: interaction "${id}" is not with an agent` })
          return
        }
        const { agent, media } = run.handledBy
        engine.handled.delete(id)
        run.handledBy = undefined
        agent.load[media] = Math.max(0, (agent.load[media] ?? 0) - 1)
        engine.agents.relist(agent)
        engine.feed({
          type: 'interaction-completed',
          interaction: id,
          agent: agent.id,
          media,
          at: engine.clock.now(),
        })
        serveAgent(engine, agent)
      })
    },
    updateAgent(id: string, definition: Agent) {
      guard(id, 'updateAgent', () => {
        const agent = engine.agents.agents.get(id)
        if (!agent || !engine.agents.updateAgent(id, definition)) {
          engine.emit('', {
            type: 'error',
            agent: String(id),
            reason: `updateAgent: unknown agent "${String(id)}"`,
          })
          return
        }
        if (engine.agents.listed(agent)) serveAgent(engine, agent)
      })
    },
    snapshot(): RouterSnapshot {
      return snapshot(engine)
    },
    trace(id: string) {
      const run = engine.runs.get(id) ?? engine.finished.get(id)
      return run ? [...run.trace] : undefined
    },
    stop() {
      engine.stop()
    },
  }
}

function submit(engine: Engine, input: InteractionInput): void {
  const now = engine.clock.now()
  if (!input || typeof input.id !== 'string' || input.id === '') {
    engine.emit('', { type: 'error', reason: 'submit: an interaction needs a non-empty string "id"' })
    return
  }
  const id = input.id
  if (engine.runs.has(id) || engine.handled.has(id)) {
    engine.emit(id, {
      type: 'error',
      reason: `submit: interaction "${id}" is already being routed; ids must be unique`,
    })
    return
  }
  engine.finished.delete(id)
  const strategy = engine.strategies.get(input.strategy)
  const run: InteractionRun = {
    id,
    strategy: input.strategy,
    media: input.media ?? 'voice',
    ani: input.ani ?? '',
    dnis: input.dnis ?? '',
    data: {},
    priority: typeof input.priority === 'number' && Number.isFinite(input.priority) ? input.priority : 0,
    startedAt: now,
    steps: 0,
    path: [],
    treatments: [],
    trace: [],
    frames: [],
    finished: false,
    outcome: undefined,
    wait: undefined,
    reservation: undefined,
    handledBy: undefined,
    treatmentFrame: undefined,
    lastExplanation: undefined,
    target: undefined,
    agent: undefined,
    destination: undefined,
    values: undefined,
  }
  engine.runs.set(id, run)
  if (!strategy) {
    const known = [...engine.strategies.keys()].join(', ') || 'none'
    engine.fail(run, `Unknown strategy "${input.strategy}" (loaded: ${known})`)
    return
  }
  if (
    input.data !== undefined &&
    (input.data === null || typeof input.data !== 'object' || Array.isArray(input.data))
  ) {
    engine.fail(run, 'Interaction data must be an object of key-value pairs')
    return
  }
  const checked = checkInputs(strategy.document, input.data ?? {})
  if ('error' in checked) {
    engine.fail(run, checked.error)
    return
  }
  run.data = checked.data
  if (!strategy.nodes.has(strategy.document.start)) {
    engine.fail(
      run,
      `Strategy "${strategy.id}" starts at "${strategy.document.start}", which is not one of its nodes`,
    )
    return
  }
  engine.startFrame(run, strategy, undefined)
}

function agentEvent(engine: Engine, event: AgentEventInput): void {
  const agent = engine.agents.agents.get(event?.agent)
  if (!agent) {
    engine.emit('', {
      type: 'error',
      agent: String(event?.agent),
      reason: `agentEvent: unknown agent "${String(event?.agent)}" (not in directory "${engine.directory.directory}")`,
    })
    return
  }
  if (!AGENT_STATE_SET.has(event.state)) {
    engine.emit('', {
      type: 'error',
      agent: agent.id,
      reason: `agentEvent: unknown state "${String(event.state)}"; use one of ${AGENT_STATES.join(', ')}`,
    })
    return
  }
  const now = engine.clock.now()
  const at = typeof event.at === 'number' && Number.isFinite(event.at) ? event.at : now
  if (at < agent.lastEventAt) {
    engine.emit('', {
      type: 'error',
      agent: agent.id,
      reason: `agentEvent: event for "${agent.id}" at ${at} is older than its last event (${agent.lastEventAt}); ignored as out of order`,
    })
    return
  }
  engine.agents.setState(agent, event.state, at)
  engine.feed({
    type: 'agent-state',
    agent: agent.id,
    state: event.state,
    ...(event.media ? { media: event.media } : {}),
    at,
  })
  if (engine.agents.listed(agent)) serveAgent(engine, agent)
}

function applyStatus(engine: Engine, id: string, status: AgentStatus): void {
  const agent = engine.agents.agents.get(id)
  if (!agent || agent.state === status.state) return
  engine.agents.setState(agent, status.state, status.since)
  if (engine.agents.listed(agent)) serveAgent(engine, agent)
}

/** A statistic moved: interactions waiting behind a threshold may now pass it. */
function retryThresholds(engine: Engine): void {
  for (const run of [...engine.runs.values()]) {
    if (run.wait?.waiting && run.wait.threshold) trySelect(engine, run, 'statistic changed')
  }
}

function snapshot(engine: Engine): RouterSnapshot {
  const waiting: RouterSnapshot['waiting'] = []
  for (const run of engine.runs.values()) {
    const w = run.wait
    if (w?.waiting)
      waiting.push({
        interaction: run.id,
        node: w.node.id,
        priority: w.priority,
        since: w.enqueuedAt,
        targets: w.targets.map((t) => t.label),
      })
  }
  return {
    at: engine.clock.now(),
    agents: [...engine.agents.agents.values()].map((a) => ({
      id: a.id,
      state: a.state,
      since: a.since,
      load: { ...a.load },
      reserved: Object.values(a.reserved).reduce((s, v) => s + v, 0),
    })),
    waiting,
    active: engine.runs.size,
  }
}
