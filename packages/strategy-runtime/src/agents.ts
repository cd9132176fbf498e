// The router's view of agents and the pools targets resolve to (group, queue, skill expression, one agent).
// Each pool keeps its ready agents ordered and its waiting interactions in heaps, so no decision scans every agent.
import type { Agent, AgentState, DirectoryDocument } from '@routewright/strategy-dsl'
import type { AgentValues } from './expressions.ts'
import { ReadyList } from './ready-list.ts'
import { WaitHeap } from './wait-heap.ts'

export interface AgentRecord {
  id: string
  /** Directory order, the stable tie-break and the round-robin order. */
  index: number
  values: AgentValues
  capacity: Readonly<Record<string, number>>
  state: AgentState
  /** When the agent entered `state` (ms). */
  since: number
  /** Time of the last agent event, to refuse out-of-order ones. */
  lastEventAt: number
  load: Record<string, number>
  reserved: Record<string, number>
  /** Bumped when skills or groups change; skill pools re-evaluate the agent. */
  skillVersion: number
  pools: Pool[]
}

export class Pool {
  readonly members = new Set<AgentRecord>()
  readonly ready = new ReadyList()
  readonly waiting = new Map<string, WaitHeap>()
  constructor(
    readonly key: string,
    readonly kind: 'group' | 'queue' | 'skill' | 'agent',
  ) {}

  heapFor(media: string): WaitHeap {
    let heap = this.waiting.get(media)
    if (!heap) {
      heap = new WaitHeap()
      this.waiting.set(media, heap)
    }
    return heap
  }
}

/** Free places for `media`: capacity minus interactions handled and reserved. */
export function freeFor(agent: AgentRecord, media: string): number {
  return (agent.capacity[media] ?? 0) - (agent.load[media] ?? 0) - (agent.reserved[media] ?? 0)
}

function hasAnyFree(agent: AgentRecord): boolean {
  for (const media in agent.capacity) if (freeFor(agent, media) > 0) return true
  return false
}

export function isAvailable(agent: AgentRecord, media: string): boolean {
  return agent.state === 'ready' && freeFor(agent, media) > 0
}

export type SkillMatcher = (agent: AgentValues) => boolean

export class AgentIndex {
  readonly agents = new Map<string, AgentRecord>()
  readonly pools = new Map<string, Pool>()
  private readonly skillMatchers = new Map<Pool, SkillMatcher>()

  constructor(
    private readonly directory: DirectoryDocument,
    now: number,
  ) {
    let index = 0
    for (const [id, def] of Object.entries(directory.agents ?? {})) {
      const record: AgentRecord = {
        id,
        index: index++,
        values: agentValues(id, def),
        capacity: def.capacity ?? { voice: 1 },
        state: 'logged-out',
        since: now,
        lastEventAt: Number.NEGATIVE_INFINITY,
        load: {},
        reserved: {},
        skillVersion: 0,
        pools: [],
      }
      this.agents.set(id, record)
      for (const group of def.groups ?? []) this.join(this.pool(`group:${group}`, 'group'), record)
    }
  }

  private pool(key: string, kind: Pool['kind']): Pool {
    let pool = this.pools.get(key)
    if (!pool) {
      pool = new Pool(key, kind)
      this.pools.set(key, pool)
    }
    return pool
  }

  private join(pool: Pool, agent: AgentRecord): void {
    if (pool.members.has(agent)) return
    pool.members.add(agent)
    agent.pools.push(pool)
    if (this.listed(agent)) pool.ready.insert(agent)
  }

  private leave(pool: Pool, agent: AgentRecord): void {
    if (!pool.members.delete(agent)) return
    agent.pools.splice(agent.pools.indexOf(pool), 1)
    pool.ready.remove(agent)
  }

  groupPool(group: string): Pool | undefined {
    if (!this.directory.groups?.[group] && !this.pools.has(`group:${group}`)) return undefined
    return this.pool(`group:${group}`, 'group')
  }

  queuePool(queue: string): Pool | undefined {
    const def = this.directory.queues?.[queue]
    if (!def) return undefined
    const key = `queue:${queue}`
    const existing = this.pools.get(key)
    if (existing) return existing
    const pool = this.pool(key, 'queue')
    for (const group of def.groups) {
      const members = this.pools.get(`group:${group}`)?.members ?? []
      for (const agent of members) this.join(pool, agent)
    }
    return pool
  }

  agentPool(agentId: string): Pool | undefined {
    const agent = this.agents.get(agentId)
    if (!agent) return undefined
    const pool = this.pool(`agent:${agentId}`, 'agent')
    this.join(pool, agent)
    return pool
  }

  /** A pool of the agents a skill expression accepts; evaluated once per agent and skill version. */
  skillPool(source: string, matcher: SkillMatcher): Pool {
    const key = `skill:${source}`
    const existing = this.pools.get(key)
    if (existing) return existing
    const pool = this.pool(key, 'skill')
    this.skillMatchers.set(pool, matcher)
    for (const agent of this.agents.values()) if (safeMatch(matcher, agent.values)) this.join(pool, agent)
    return pool
  }

  /** Changes an agent's skills, groups or capacity; memberships follow. */
  updateAgent(id: string, def: Agent): boolean {
    const agent = this.agents.get(id)
    if (!agent) return false
    agent.values = agentValues(id, def)
    agent.capacity = def.capacity ?? { voice: 1 }
    agent.skillVersion++
    for (const pool of [...agent.pools])
      if (pool.kind === 'group' || pool.kind === 'queue') this.leave(pool, agent)
    for (const group of def.groups ?? []) this.join(this.pool(`group:${group}`, 'group'), agent)
    for (const [key, queue] of Object.entries(this.directory.queues ?? {})) {
      const pool = this.pools.get(`queue:${key}`)
      if (pool && queue.groups.some((g) => def.groups?.includes(g))) this.join(pool, agent)
    }
    for (const [pool, matcher] of this.skillMatchers) {
      if (safeMatch(matcher, agent.values)) this.join(pool, agent)
      else this.leave(pool, agent)
    }
    this.relist(agent)
    return true
  }

  /** Ready with a free place in some media: the agent belongs in its pools' ready lists. */
  listed(agent: AgentRecord): boolean {
    return agent.state === 'ready' && hasAnyFree(agent)
  }

  /** Puts the agent in or out of its pools' ready lists after a state, load or reservation change. */
  relist(agent: AgentRecord): void {
    const listed = this.listed(agent)
    for (const pool of agent.pools) {
      if (listed) pool.ready.insert(agent)
      else pool.ready.remove(agent)
    }
  }

  setState(agent: AgentRecord, state: AgentState, at: number): void {
    if (agent.state !== state) {
      // leave the ready lists first: the position depends on `since`
      for (const pool of agent.pools) pool.ready.remove(agent)
      agent.state = state
      agent.since = at
    }
    agent.lastEventAt = Math.max(agent.lastEventAt, at)
    this.relist(agent)
  }
}

function safeMatch(matcher: SkillMatcher, agent: AgentValues): boolean {
  try {
    return matcher(agent)
  } catch {
    return false
  }
}

function agentValues(id: string, def: Agent): AgentValues {
  return {
    id,
    skills: def.skills ?? {},
    groups: def.groups ?? [],
    occupancy: 0,
    readyFor: 0,
    load: 0,
    ...(def.site !== undefined ? { site: def.site } : {}),
  }
}

/** The agent as expressions see it now: live time in ready, load and the given occupancy. */
export function liveAgentValues(agent: AgentRecord, now: number, occupancy: number): AgentValues {
  let load = 0
  for (const media in agent.load) load += agent.load[media] ?? 0
  return {
    ...agent.values,
    occupancy,
    readyFor: agent.state === 'ready' ? Math.max(0, (now - agent.since) / 1000) : 0,
    load,
  }
}
