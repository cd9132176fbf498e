// How the one-process coordinator calls its routers and what their events become: collected per call (a command
// learns it was refused), folded into the agent and interaction books, and given to listeners with their version.
import type { AgentEventInput, RouterEvent } from '@routewright/strategy-runtime'
import type { AgentBook } from './agent-book.ts'
import type { InteractionBook } from './interaction-book.ts'
import type { DeployedVersions } from './local-versions.ts'
import type { AgentStateBy, AgentStateEvent, CommandRefusal, ServerEvent } from './types.ts'

export interface RouterEventsOptions {
  monotonicMs: () => number
  /** A routing decision was made inside a host call that took `seconds` (the decision-latency histogram). */
  onDecision: ((seconds: number, event: RouterEvent & { type: 'routed' }) => void) | undefined
  /** A version's router set an agent's state itself; every version has heard it. */
  onAgentDecided: ((event: AgentEventInput & { at: number }) => void) | undefined
}

export interface RouterEvents {
  /** What a version's router emits (its `onEvent`). */
  onEvent(version: string, event: RouterEvent): void
  /** Runs a router call, collecting the events it emits synchronously. */
  call(run: () => void): RouterEvent[]
  /**
   * Gives a host's agent event to `version`'s router (`run`); answers whether that router refused it (not another
   * version's router refusing what the event caused, such as a busy shown to it when this one reserves the agent).
   */
  hear(version: string, run: () => void): string | undefined
  /** Runs a router call whose events for interaction `id` reach no listener (a run the book has already closed). */
  muted(id: string, run: () => void): void
  subscribe(listener: (event: ServerEvent) => void): () => boolean
  /**
   * `event`, accepted, changed the agent's last word (`agents.changes` asked before it was recorded): its
   * `agent-state` goes to the listeners of onAgentState.
   */
  agentStateChanged(event: AgentEventInput & { at: number }, by: AgentStateBy, supervisor?: string): void
  onAgentState(listener: (event: AgentStateEvent) => void): () => boolean
  stop(): void
}

/** The 409 (422: its input) a command answers when the router refused it (the error event's code kept), from its call's events. */
export function refusal(events: RouterEvent[], id: string): CommandRefusal | undefined {
  for (const e of events)
    if (e.type === 'error' && (e.interaction === id || e.interaction === '')) {
      // what is wrong with the host's input itself (a direct call's data) is a 422, as any submit's input
      const status = e.code === 'wrong-input' || e.code === 'over-limit' ? 422 : 409
      const refused: CommandRefusal = { ok: false, status, error: e.reason }
      if (e.code !== undefined) refused.code = e.code
      if (e.code === 'stale-reservation') refused.current = e.current ?? null
      return refused
    }
  return undefined
}

export function createRouterEvents(
  book: InteractionBook,
  agents: AgentBook,
  versions: DeployedVersions,
  options: RouterEventsOptions,
): RouterEvents {
  const listeners = new Set<(event: ServerEvent) => void>()
  const agentStateListeners = new Set<(event: AgentStateEvent) => void>()
  /** Events the current call produced for its interaction: how a command learns it was refused. */
  let captured: RouterEvent[] | undefined
  /** Inside a host's agent event given to `version`'s router: whether that router refused it. */
  let hearing: { version: string; refused?: string } | undefined
  /** An interaction whose router events the listeners must not hear: its end was already told. */
  let mutedId: string | undefined

  function onEvent(version: string, event: RouterEvent): void {
    // exportWaiting asks the router whether an interaction moves (serve is its only exporter): the refusal is that
    // answer, which exportWaiting's undefined already gives, not a fault to tell
    if (event.type === 'error' && event.code === 'not-movable') return
    captured?.push(event)
    if (hearing?.version === version && event.type === 'error' && event.interaction === '')
      hearing.refused ??= event.reason
    if (event.type === 'routed') agents.hold(event.interaction, event.agent, version)
    const strategy = book.get(event.interaction)?.strategy
    const closed = book.apply(event)
    // copied and then added to, not spread into a literal with more properties: on Node 20 that gives every event a
    // hidden class of its own (a new map and descriptor array per event, 4-7 us, and all code reading events
    // megamorphic); assigned, all events of a type share one
    const out: ServerEvent = Object.assign({}, event, { version })
    if (strategy !== undefined) out.strategy = strategy
    if (mutedId === undefined || event.interaction !== mutedId)
      for (const listener of listeners) listener(out)
    // the router sets the agent not ready for every media after a rejected or unanswered reservation (RONA): the
    // other versions hear it too, before the release shows them the agent's last word again (a withdrawn offer
    // leaves the agent as it was, and one who logged out meanwhile stays logged out: no notReady)
    if (event.type === 'reservation-rejected' && !event.withdrawn && event.notReady !== undefined)
      agentDecided(
        version,
        event.agent,
        event.at,
        event.notReady,
        event.timedOut === true ? 'timeout' : 'router',
      )
    // after the listeners: another version may route to the agent at once, and its events come after this one
    if (event.type === 'reservation-rejected' || (event.type === 'finished' && event.outcome !== 'routed'))
      agents.release(event.interaction)
    if (closed) versions.retireDrained()
  }

  /** A state `version`'s router set for `agent` itself: its last word for every version, and the leader's. */
  function agentDecided(
    version: string,
    agent: string,
    at: number,
    reason: string | undefined,
    by: AgentStateBy,
  ): void {
    // with the router's reason (no-answer, declined): the other versions and the next leader show it too
    const event = { agent, state: 'not-ready' as const, at, ...(reason === undefined ? {} : { reason }) }
    const changed = agents.changes(event)
    agents.decided(version, event)
    if (changed) agentStateChanged(event, by)
    options.onAgentDecided?.(event)
  }

  function agentStateChanged(
    event: AgentEventInput & { at: number },
    by: AgentStateBy,
    supervisor?: string,
  ): void {
    if (agentStateListeners.size === 0) return
    // one per state change, never per routed interaction: spread for the fields' order on the wire
    const out: AgentStateEvent = {
      type: 'agent-state',
      agent: event.agent,
      ...(event.media === undefined ? {} : { media: event.media }),
      state: event.state,
      ...(event.reason === undefined ? {} : { reason: event.reason }),
      by,
      ...(supervisor === undefined ? {} : { supervisor }),
      at: event.at,
    }
    for (const listener of agentStateListeners) listener(out)
  }

  function call(run: () => void): RouterEvent[] {
    const outer = captured
    const mine: RouterEvent[] = []
    captured = mine
    const started = options.monotonicMs()
    try {
      run()
    } finally {
      captured = outer
      outer?.push(...mine)
    }
    if (options.onDecision && outer === undefined) {
      const seconds = (options.monotonicMs() - started) / 1000
      for (const e of mine) if (e.type === 'routed' && !e.direct) options.onDecision(seconds, e)
    }
    return mine
  }

  return {
    onEvent,
    call,
    hear(version, run) {
      const outer = hearing
      const heard: { version: string; refused?: string } = { version }
      hearing = heard
      try {
        call(run)
      } finally {
        hearing = outer
      }
      return heard.refused
    },
    muted(id, run) {
      const outer = mutedId
      mutedId = id
      try {
        call(run)
      } finally {
        mutedId = outer
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    agentStateChanged,
    onAgentState(listener) {
      agentStateListeners.add(listener)
      return () => agentStateListeners.delete(listener)
    },
    stop() {
      listeners.clear()
      agentStateListeners.clear()
    },
  }
}
