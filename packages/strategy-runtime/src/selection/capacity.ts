// The one owner of an agent's places: whether it may take one more interaction of a media (its capacity rule:
// per-media limits and allowed combinations), and the four moves that change its places (reserve, confirm,
// release, complete). Every move re-lists the agent in its pools' ready indexes.
import { fitsCapacity } from '@routewright/strategy-dsl'
import { type AgentRecord, NO_PLACES, setIdleSince } from './agents.ts'

/** Re-lists an agent after its places changed (the AgentIndex). */
export interface Relister {
  relist(agent: AgentRecord): void
}

/**
 * May the agent take one more interaction of `media` now, counting what it handles and has reserved?
 * Genesys capacity rules and TaskRouter's per-channel capacity: "1 voice, or up to 3 chats, or 1 voice and 1 email".
 */
export function canTake(agent: AgentRecord, media: string): boolean {
  return fitsCapacity(agent.rule, agent.used, media)
}

/**
 * Would the agent have a free place for `media` if the reservations of `released` (one media each) ended? Pure:
 * what a host's connect asks before it withdraws pending offers to make room (nothing moves unless it fits).
 */
export function canTakeWithout(agent: AgentRecord, media: string, released: readonly string[]): boolean {
  if (released.length === 0) return canTake(agent, media)
  const used: Record<string, number> = { ...agent.used }
  for (const m of released) used[m] = Math.max(0, (used[m] ?? 0) - 1)
  return fitsCapacity(agent.rule, used, media)
}

/**
 * `record` with `media` at `n`: the shared empty record (agents that never worked) is replaced, not written. A
 * count that falls to 0 stays as 0: deleting the key would turn the record into a slow dictionary on every
 * completion, and every reader counts a missing media and a 0 alike (snapshots leave the zeros out).
 */
function placed(record: Record<string, number>, media: string, n: number): Record<string, number> {
  if (record === NO_PLACES) {
    if (n === 0) return record
    record = {}
  }
  record[media] = n
  return record
}

// one function per record (no record chosen by a key string, a slow keyed access on the agent); `busy` follows
// load and reserved by what they actually moved (a count never goes below 0)
function moveLoad(agent: AgentRecord, media: string, delta: number): void {
  const old = agent.load[media] ?? 0
  const n = Math.max(0, old + delta)
  agent.load = placed(agent.load, media, n)
  agent.busy += n - old
}

function moveReserved(agent: AgentRecord, media: string, delta: number): void {
  const old = agent.reserved[media] ?? 0
  const n = Math.max(0, old + delta)
  agent.reserved = placed(agent.reserved, media, n)
  agent.busy += n - old
}

function moveUsed(agent: AgentRecord, media: string, delta: number): void {
  agent.used = placed(agent.used, media, Math.max(0, (agent.used[media] ?? 0) + delta))
}

/** The counts above 0 of a place record, as snapshots show them. */
export function countsOf(record: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const media in record) if ((record[media] ?? 0) > 0) out[media] = record[media]!
  return out
}

/** Holds a place for an interaction about to be offered; throws when there is none (a router bug). */
export function reservePlace(index: Relister, agent: AgentRecord, media: string): void {
  if (!canTake(agent, media)) throw new Error(`Agent ${agent.id} has no free place for ${media}`)
  moveReserved(agent, media, 1)
  moveUsed(agent, media, 1)
  index.relist(agent)
}

/**
 * The agent took the interaction: the reserved place becomes work in progress. Nothing its ready indexes rank by
 * moves (its used places, busy count and idle time stay), so it is not re-listed.
 */
export function confirmPlace(agent: AgentRecord, media: string): void {
  moveReserved(agent, media, -1)
  moveLoad(agent, media, 1)
}

/** The reservation ended without the agent taking the interaction. */
export function releasePlace(index: Relister, agent: AgentRecord, media: string): void {
  moveReserved(agent, media, -1)
  moveUsed(agent, media, -1)
  index.relist(agent)
}

/** The agent finished an interaction: its place frees up and its idle time on that media starts now. */
export function completePlace(index: Relister, agent: AgentRecord, media: string, at: number): void {
  moveLoad(agent, media, -1)
  moveUsed(agent, media, -1)
  setIdleSince(agent, media, at)
  index.relist(agent)
}

/** Interactions in progress as a provider or a test reports them (a restarted router, a scenario's `load`). */
export function setLoad(index: Relister, agent: AgentRecord, load: Readonly<Record<string, number>>): void {
  agent.load = NO_PLACES
  agent.busy = reservedTotal(agent)
  agent.used = agent.reserved === NO_PLACES ? NO_PLACES : { ...agent.reserved }
  for (const [media, n] of Object.entries(load)) {
    moveLoad(agent, media, n)
    moveUsed(agent, media, n)
  }
  index.relist(agent)
}

/** Places reserved over every media. */
export function reservedTotal(agent: AgentRecord): number {
  let n = 0
  for (const media in agent.reserved) n += agent.reserved[media] ?? 0
  return n
}
