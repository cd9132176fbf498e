// The one owner of an agent's places: free places per media, and the four moves that change them (reserve,
// confirm, release, complete). Every move re-lists the agent in its pools' ready indexes.
import type { AgentRecord } from './agents.ts'

/** Re-lists an agent after its places changed (the AgentIndex). */
export interface Relister {
  relist(agent: AgentRecord): void
}

/** Free places for `media`: capacity minus interactions handled and reserved. */
export function freeFor(agent: AgentRecord, media: string): number {
  return (agent.capacity[media] ?? 0) - (agent.load[media] ?? 0) - (agent.reserved[media] ?? 0)
}

/** Holds a place for an interaction about to be offered; throws when there is none (a router bug). */
export function reservePlace(index: Relister, agent: AgentRecord, media: string): void {
  if (freeFor(agent, media) <= 0) throw new Error(`Agent ${agent.id} has no free place for ${media}`)
  agent.reserved[media] = (agent.reserved[media] ?? 0) + 1
  index.relist(agent)
}

/** The agent took the interaction: the reserved place becomes work in progress. */
export function confirmPlace(index: Relister, agent: AgentRecord, media: string): void {
  agent.reserved[media] = Math.max(0, (agent.reserved[media] ?? 0) - 1)
  agent.load[media] = (agent.load[media] ?? 0) + 1
  index.relist(agent)
}

/** The reservation ended without the agent taking the interaction. */
export function releasePlace(index: Relister, agent: AgentRecord, media: string): void {
  agent.reserved[media] = Math.max(0, (agent.reserved[media] ?? 0) - 1)
  index.relist(agent)
}

/** The agent finished an interaction: its place frees up and its idle time on that media starts now. */
export function completePlace(index: Relister, agent: AgentRecord, media: string, at: number): void {
  agent.load[media] = Math.max(0, (agent.load[media] ?? 0) - 1)
  agent.idleSince[media] = at
  index.relist(agent)
}

/** Interactions in progress as a provider or a test reports them (a restarted router, a scenario's `load`). */
export function setLoad(index: Relister, agent: AgentRecord, load: Readonly<Record<string, number>>): void {
  agent.load = { ...load }
  index.relist(agent)
}

/** Places reserved over every media. */
export function reservedTotal(agent: AgentRecord): number {
  let n = 0
  for (const media in agent.reserved) n += agent.reserved[media] ?? 0
  return n
}
