// The router and its statistics provider: subscribe, load every agent's status at start and after a reconnect,
// check what a (custom) provider says before using it, and re-key statistic rules when figures move.
import { quotedName } from '@routewright/node-support/printable'
import { AGENT_STATES } from '@routewright/strategy-dsl'
import type { Engine } from '../engine/engine.ts'
import { serveAgent, trySelect } from '../nodes/target-select.ts'
import { type AgentRecord, setIdleSince } from '../selection/agents.ts'
import { setLoad } from '../selection/capacity.ts'
import type { AgentStatus, StatChange } from '../stats/provider.ts'
import { message } from '../stats/stat-reader.ts'

const STATES = new Set<string>(AGENT_STATES)

/** The status if it is well formed, else what is wrong with it. */
export function checkStatus(value: unknown): AgentStatus | string {
  const s = value as Partial<AgentStatus> | null | undefined
  if (!s || typeof s !== 'object') return `status is ${JSON.stringify(value)}, not an object`
  if (typeof s.state !== 'string' || !STATES.has(s.state))
    return `state ${JSON.stringify(s.state)} is not one of ${AGENT_STATES.join(', ')}`
  if (typeof s.since !== 'number' || !Number.isFinite(s.since))
    return `since ${JSON.stringify(s.since)} is not a time in ms`
  const load = s.load ?? {}
  if (typeof load !== 'object' || Array.isArray(load)) return `load ${JSON.stringify(load)} is not an object`
  for (const [media, n] of Object.entries(load))
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
      return `load of ${media} is ${JSON.stringify(n)}, not a count`
  if (s.idleSince !== undefined)
    for (const [media, t] of Object.entries(s.idleSince))
      if (typeof t !== 'number' || !Number.isFinite(t)) return `idleSince of ${media} is not a time in ms`
  if (s.mediaStates !== undefined) {
    if (!s.mediaStates || typeof s.mediaStates !== 'object' || Array.isArray(s.mediaStates))
      return `mediaStates ${JSON.stringify(s.mediaStates)} is not an object of states by media`
    for (const [media, state] of Object.entries(s.mediaStates))
      if (!STATES.has(state))
        return `media state of ${media} is ${JSON.stringify(state)}, not one of ${AGENT_STATES.join(', ')}`
  }
  if (s.mediaSince !== undefined) {
    if (!s.mediaSince || typeof s.mediaSince !== 'object' || Array.isArray(s.mediaSince))
      return `mediaSince ${JSON.stringify(s.mediaSince)} is not an object of times by media`
    for (const [media, t] of Object.entries(s.mediaSince))
      if (typeof t !== 'number' || !Number.isFinite(t)) return `mediaSince of ${media} is not a time in ms`
  }
  return {
    state: s.state,
    since: s.since,
    load,
    ...(s.idleSince ? { idleSince: s.idleSince } : {}),
    ...(s.mediaStates ? { mediaStates: s.mediaStates } : {}),
    ...(s.mediaSince ? { mediaSince: s.mediaSince } : {}),
  }
}

export interface ProviderSync {
  stop(): void
}

export function connectProvider(
  engine: Engine,
  report: (problem: string, agent?: string) => void,
): ProviderSync {
  const name = engine.stats.name ?? 'unnamed'
  // a provider may call back after unsubscribe (a message in flight, a bug): a stopped router hears nothing
  let stopped = false
  const listener = (change: StatChange) => {
    if (engine.feeding || stopped) return
    if (typeof change !== 'object' || change === null)
      return report(`Statistics provider "${name}" sent ${String(change)}, not a change; ignored`)
    try {
      if (change.kind === 'agent') applyStatus(engine, change.agent, change.status, false, report)
      else if (change.kind === 'statistic') {
        if (change.subject.kind === 'agent') {
          const agent = engine.agents.agents.get(change.subject.id)
          if (agent) engine.agents.refreshStatistics(agent)
        }
        retryThresholds(engine)
      } else if (change.kind === 'reconnected') loadStatuses(engine, report, () => stopped)
      // a custom provider's change outside StatChange is its bug: said, not silently dropped
      else
        report(
          `Statistics provider "${name}" sent a change of unknown kind ${JSON.stringify((change as { kind?: unknown }).kind)}; ignored`,
        )
    } catch (error) {
      report(`Statistics provider "${name}": a change could not be applied: ${message(error)}`)
    }
  }
  let unsubscribe: unknown
  try {
    unsubscribe = engine.stats.subscribe(listener)
  } catch (error) {
    throw new Error(`Statistics provider "${name}" failed in subscribe(): ${message(error)}`)
  }
  if (typeof unsubscribe !== 'function')
    throw new Error(`Statistics provider "${name}": subscribe() must return a function that unsubscribes`)
  // its own events' changes it ignores (engine.feeding): a provider that takes `from` need not even make them
  engine.feedListener = listener
  loadStatuses(engine, report, () => stopped)
  return {
    stop: () => {
      if (stopped) return
      stopped = true
      if (engine.feedListener === listener) engine.feedListener = undefined
      try {
        ;(unsubscribe as () => void)()
      } catch (error) {
        report(`Statistics provider "${name}": its unsubscribe function threw: ${message(error)}`)
      }
    },
  }
}

/** Loads every agent's state and load from the provider (a restarted router routes at once). */
function loadStatuses(
  engine: Engine,
  report: (problem: string, agent?: string) => void,
  stopped: () => boolean,
): void {
  const provider = engine.stats
  if (!provider.agentStatuses) return
  const name = provider.name
  let answer: unknown
  try {
    answer = provider.agentStatuses()
  } catch (error) {
    report(`Statistics provider "${name}": agentStatuses() threw: ${message(error)}`)
    return
  }
  const apply = (all: unknown) => {
    if (stopped()) return
    if (!all || typeof all !== 'object') {
      report(
        `Statistics provider "${name}": agentStatuses() gave ${JSON.stringify(all)}, not an object by agent`,
      )
      return
    }
    for (const [id, status] of Object.entries(all as Record<string, unknown>))
      applyStatus(engine, id, status, true, report)
  }
  if (answer && typeof (answer as PromiseLike<unknown>).then === 'function')
    (answer as PromiseLike<unknown>).then(apply, (error: unknown) =>
      report(`Statistics provider "${name}": agentStatuses() failed: ${message(error)}`),
    )
  else apply(answer)
}

function applyStatus(
  engine: Engine,
  id: string,
  raw: unknown,
  bulk: boolean,
  report: (problem: string, agent?: string) => void,
): void {
  const agent = engine.agents.agents.get(id)
  const name = engine.stats.name
  if (!agent) {
    if (!bulk)
      report(
        `Statistics provider "${name}" reported agent ${quotedName(id)}, who is not in the directory`,
        id,
      )
    return
  }
  const status = checkStatus(raw)
  if (typeof status === 'string') {
    report(
      `Statistics provider "${name}" sent a bad status for agent ${quotedName(id)}: ${status}; ignored`,
      id,
    )
    return
  }
  // a feeder's clock ahead of the router's counts as now, as agentEvent's `at` does: kept, it would make the host's
  // own events for the agent look older than its last and be refused
  const since = Math.min(status.since, engine.clock.now())
  if (since < agent.lastEventAt) return
  // the same state again changes nothing (its time included): the router's own events are newer
  if (agent.state !== status.state || agent.mediaState) engine.agents.setState(agent, status.state, since)
  // per-media states after the agent-wide one (which clears them): ready for voice alone stays routable for voice
  if (status.mediaStates)
    for (const [media, state] of Object.entries(status.mediaStates)) {
      // each per-media state keeps its own time (longest idle for voice counts from voice's ready)
      const at = Math.max(since, Math.min(status.mediaSince?.[media] ?? since, engine.clock.now()))
      engine.agents.setState(agent, state, at, media)
    }
  if (bulk) restoreWork(engine, agent, status)
  if (engine.agents.listed(agent)) serveAgent(engine, agent)
}

/** A snapshot's load and idle times; interactions this router itself has with the agent stay counted. */
function restoreWork(engine: Engine, agent: AgentRecord, status: AgentStatus): void {
  if (status.idleSince)
    for (const [media, at] of Object.entries(status.idleSince)) setIdleSince(agent, media, at)
  let reserved = 0
  for (const m in agent.reserved) reserved += agent.reserved[m] ?? 0
  if (reserved === 0) setLoad(engine.agents, agent, status.load)
  else engine.agents.relist(agent)
}

/** A statistic moved: interactions waiting behind a threshold may now pass it. */
function retryThresholds(engine: Engine): void {
  // a copy: a run selected here leaves the queue's list
  for (const run of engine.queue.waits.map((w) => w.frame.run)) {
    if (run.wait?.waiting && run.wait.threshold) trySelect(engine, run, 'statistic changed')
  }
}
