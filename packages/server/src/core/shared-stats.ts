// One statistics provider for every strategy version of a server (the Stat Server outlives URS strategy loads): each
// version's router reads it and feeds its own interactions' events; host agent states are counted once, here.
import type { DirectoryDocument } from '@routewright/strategy-dsl'
import type {
  AgentEventInput,
  StatChange,
  StatEvent,
  StatFeed,
  StatProvider,
} from '@routewright/strategy-runtime'

/** A provider the server can share across versions; `updateDirectory` lets it follow a reload's directory. */
export type SharedStatProvider = StatProvider &
  Partial<StatFeed> & {
    updateDirectory?(directory: DirectoryDocument, keep?: readonly DirectoryDocument[]): void
  }

export interface SharedStats {
  readonly provider: SharedStatProvider
  /**
   * The provider as one version's router sees it. It reads every figure; it feeds the events of that router's
   * interactions and the agent states the router decides itself (not ready after a reservation was not answered),
   * but not the agent states the coordinator replays or mirrors into it (`mirrored`); it hears no agent changes
   * (agents' states reach routers from the coordinator, which shows agents held by another version busy) and offers
   * no `agentStatuses` (a new router learns them from the coordinator, not with another version's loads).
   */
  view(): StatProvider & StatFeed
  /** Runs a delivery of an agent state into a router that is not the host's own word for the provider (replay, mirror). */
  mirrored<T>(run: () => T): T
  /** The host's agent event, accepted: counted once, whichever versions' routers it reached. */
  hostAgentEvent(event: AgentEventInput, at: number): void
  /** The current version's directory, and the directories of versions still finishing interactions. */
  follow(current: DirectoryDocument, draining: readonly DirectoryDocument[]): void
}

/** `provider` was made for `directory` (the first version's). */
export function createSharedStats(provider: SharedStatProvider, directory: DirectoryDocument): SharedStats {
  let mirroring = 0
  let followed: { current: DirectoryDocument; draining: readonly DirectoryDocument[] } = {
    current: directory,
    draining: [],
  }

  function feed(event: StatEvent): void {
    // replays and mirrors of agent states are not the host's word: the host's own event is counted once
    if (mirroring > 0 && event.type === 'agent-state') return
    provider.record?.(event)
  }

  function view(): StatProvider & StatFeed {
    return {
      name: provider.name,
      read: (request) => provider.read(request),
      agentStatus: (agent) => provider.agentStatus(agent),
      record: feed,
      subscribe(listener) {
        return provider.subscribe((change: StatChange) => {
          if (change.kind !== 'agent') listener(change)
        })
      },
    }
  }

  return {
    provider,
    view,
    mirrored(run) {
      mirroring++
      try {
        return run()
      } finally {
        mirroring--
      }
    },
    hostAgentEvent(event, at) {
      try {
        provider.record?.({
          type: 'agent-state',
          agent: event.agent,
          state: event.state,
          ...(event.media === undefined ? {} : { media: event.media }),
          ...(event.reason === undefined ? {} : { reason: event.reason }),
          at,
        })
      } catch {
        // as a router does: a provider that cannot take an event keeps its figures stale; routing goes on
      }
    },
    follow(current, draining) {
      // the same directories again (a version retired with nothing to drop): nothing to move
      if (
        followed.current === current &&
        followed.draining.length === draining.length &&
        followed.draining.every((d, i) => d === draining[i])
      )
        return
      followed = { current, draining }
      provider.updateDirectory?.(current, draining)
    },
  }
}
