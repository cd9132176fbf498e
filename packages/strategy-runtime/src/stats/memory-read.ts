// pure: turns a subject's running figures into the catalogue's statistics over a window.

import type { AgentCapacity } from '../selection/agent-capacity.ts'
import { readySinceOf, stateChangedAt } from './agent-media-rule.ts'
import type { ParsedStatistic } from './memory-names.ts'
import type { AgentSide, QueueFigures } from './memory-subject.ts'
import type { AgentStatus } from './provider.ts'

/** What a read needs besides the figures: the window start, the clock, policy constants. */
export interface ReadContext {
  now: number
  /** Start of the window; aggregates count what happened in `(from, now]`. */
  from: number
  defaultHandleTimeMs: number
  maxExpectedWaitSeconds: number
}

/** The sources a read may consult; absent parts read as an idle subject. */
export interface ReadSources {
  agents: AgentSide | undefined
  queue: QueueFigures | undefined
  /** Set when the subject is an agent. */
  agent: AgentStatus | undefined
  /** The agent's capacity: the media its agent-wide state covers (undefined: not known). */
  capacity?: AgentCapacity | undefined
}

function ratio(part: number, whole: number, empty: number): number {
  return whole > 0 ? part / whole : empty
}

function handleTimeMs(agents: AgentSide | undefined, ctx: ReadContext): number | undefined {
  if (!agents) return undefined
  const count = agents.completed(ctx.from, ctx.now)
  return count > 0 ? agents.handleMs(ctx.from, ctx.now) / count : undefined
}

/**
 * EWT = (interactions ahead of a new one + 1) x AHT / staffed agents, 0 when a ready agent is free for it.
 * "Ahead" counts waiting interactions beyond the ready agents; AHT falls back to the default before any completion.
 */
function expectedWaitSeconds(src: ReadSources, ctx: ReadContext): number {
  const waiting = src.queue?.waiting ?? 0
  const ready = src.agents?.readyFree ?? 0
  if (ready > waiting) return 0
  const staffed = src.agents?.staffed ?? 0
  if (staffed === 0) return ctx.maxExpectedWaitSeconds
  const aht = handleTimeMs(src.agents, ctx) ?? ctx.defaultHandleTimeMs
  const seconds = ((waiting - ready + 1) * aht) / staffed / 1000
  return Math.min(seconds, ctx.maxExpectedWaitSeconds)
}

function totalLoad(status: AgentStatus): number {
  let sum = 0
  for (const media in status.load) sum += status.load[media] ?? 0
  return sum
}

function secondsSince(at: number | undefined, now: number): number {
  return at === undefined ? 0 : Math.max(0, now - at) / 1000
}

/** Computes one statistic; the name is already checked against the catalogue. */
export function readStatistic(parsed: ParsedStatistic, src: ReadSources, ctx: ReadContext): number {
  const { agents, queue, agent } = src
  const { from, now } = ctx
  switch (parsed.info.name) {
    case 'AgentsLoggedIn':
      return agents?.loggedIn ?? 0
    case 'AgentsReady':
      return agents?.readyFree ?? 0
    case 'TimeInReadyState':
      return agent ? secondsSince(readySinceOf(agent, src.capacity), now) : 0
    case 'TimeInState':
      return agent ? secondsSince(stateChangedAt(agent.since, agent.mediaSince), now) : 0
    case 'Occupancy':
      if (!agents) return 0
      return ratio(agents.handlingMs(from, now), agents.loggedInMs(from, now), 0)
    case 'InteractionsHandled':
      return agents?.completed(from, now) ?? 0
    case 'CurrentLoad':
      return agent ? totalLoad(agent) : (agents?.totalLoad ?? 0)
    case 'InteractionsWaiting':
      return queue?.waiting ?? 0
    case 'OldestWaiting': {
      const since = queue?.oldestSince()
      return since === undefined ? 0 : Math.max(0, now - since) / 1000
    }
    case 'AverageHandleTime':
      return (handleTimeMs(agents, ctx) ?? 0) / 1000
    case 'AverageSpeedOfAnswer':
      if (!queue) return 0
      return ratio(queue.answers.sum(from, now), queue.answers.count(from, now), 0) / 1000
    case 'ExpectedWaitTime':
      return expectedWaitSeconds(src, ctx)
    case 'ServiceLevel': {
      if (!queue) return 1
      const offered = queue.answers.count(from, now) + queue.abandoned.between(from, now)
      return ratio(queue.within(parsed.thresholdMs ?? 20_000).between(from, now), offered, 1)
    }
    case 'AbandonRate': {
      if (!queue) return 0
      const abandoned = queue.abandoned.between(from, now)
      return ratio(abandoned, queue.answers.count(from, now) + abandoned, 0)
    }
    case 'Entered':
      return queue?.entered.between(from, now) ?? 0
    case 'OverflowOut':
      // an overflow taken back (it came back to the queue) may fall in the window without its count
      return Math.max(0, queue?.overflowOut.between(from, now) ?? 0)
    default:
      // the catalogue grew without this provider: say so rather than answer 0
      throw new Error(`The memory provider does not compute "${parsed.info.name}" yet.`)
  }
}
