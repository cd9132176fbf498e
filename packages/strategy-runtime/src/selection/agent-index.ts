// Every agent of the directory and the pools they belong to; states per media and re-listing in ready indexes.
import type { Agent, AgentState, DirectoryDocument } from '@routewright/strategy-dsl'
import { append } from '../util/small-array.ts'
import { capacityOf } from './agent-capacity.ts'
import {
  type AgentRecord,
  agentValues,
  busyCount,
  clearIdleSince,
  directoryAgents,
  newAgentRecord,
  Pool,
  type SkillMatcher,
  setIdleSince,
  stateFor,
} from './agents.ts'
import { canTake } from './capacity.ts'
import type { StatReader } from './ready-index.ts'

export class AgentIndex {
  readonly agents = new Map<string, AgentRecord>()
  readonly pools = new Map<string, Pool>()
  private readonly skillMatchers = new Map<Pool, SkillMatcher>()

  constructor(
    private readonly directory: DirectoryDocument,
    now: number,
    private readonly readStat: StatReader,
  ) {
    let index = 0
    for (const [id, def] of directoryAgents(directory)) {
      const record = newAgentRecord(id, index++, def, directory, now)
      this.agents.set(id, record)
      for (const group of def.groups ?? []) this.join(this.pool(`group:${group}`, 'group'), record)
    }
  }

  private pool(key: string, kind: Pool['kind']): Pool {
    let pool = this.pools.get(key)
    if (!pool) {
      pool = new Pool(key, kind, this.readStat)
      this.pools.set(key, pool)
    }
    return pool
  }

  private join(pool: Pool, agent: AgentRecord): void {
    if (pool.members.has(agent)) return
    pool.members.add(agent)
    pool.memberCount = pool.members.size
    agent.pools = append(agent.pools, pool)
    this.listIn(pool, agent)
  }

  private leave(pool: Pool, agent: AgentRecord): void {
    if (!pool.members.delete(agent)) return
    pool.memberCount = pool.members.size
    agent.pools.splice(agent.pools.indexOf(pool), 1)
    for (const index of pool.ready.values()) index.remove(agent)
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
    for (const agent of this.agents.values()) if (safeMatch(matcher, agent)) this.join(pool, agent)
    return pool
  }

  /** Changes an agent's skills, groups or capacity; memberships follow. */
  updateAgent(id: string, def: Agent): boolean {
    const agent = this.agents.get(id)
    if (!agent) return false
    agent.def = def
    const { rule, media } = capacityOf(def, this.directory)
    agent.rule = rule
    agent.media = media
    for (const pool of agent.pools)
      for (const [m, index] of pool.ready) if (!media.includes(m)) index.remove(agent)
    agent.skillVersion++
    for (const pool of [...agent.pools])
      if (pool.kind === 'group' || pool.kind === 'queue') this.leave(pool, agent)
    for (const group of def.groups ?? []) this.join(this.pool(`group:${group}`, 'group'), agent)
    for (const [key, queue] of Object.entries(this.directory.queues ?? {})) {
      const pool = this.pools.get(`queue:${key}`)
      if (pool && queue.groups.some((g) => def.groups?.includes(g))) this.join(pool, agent)
    }
    for (const [pool, matcher] of this.skillMatchers) {
      if (safeMatch(matcher, agent)) this.join(pool, agent)
      else this.leave(pool, agent)
    }
    this.relist(agent)
    return true
  }

  /** Ready for `media` with a free place in it: the agent belongs in its pools' ready index for that media. */
  listedFor(agent: AgentRecord, media: string): boolean {
    return stateFor(agent, media) === 'ready' && canTake(agent, media)
  }

  /** Listed for some media. */
  listed(agent: AgentRecord): boolean {
    // indexed loops here and below: they run on every reservation and completion
    const media = agent.media
    for (let i = 0; i < media.length; i++) if (this.listedFor(agent, media[i]!)) return true
    return false
  }

  /** Puts the agent in or out of its pools' ready indexes after a state, load or reservation change. */
  relist(agent: AgentRecord): void {
    const pools = agent.pools
    for (let i = 0; i < pools.length; i++) this.listIn(pools[i]!, agent)
  }

  private listIn(pool: Pool, agent: AgentRecord): void {
    const busy = busyCount(agent)
    const list = agent.media
    for (let i = 0; i < list.length; i++) {
      const media = list[i]!
      if (this.listedFor(agent, media)) {
        const idle = agent.idleSince[media] ?? agent.since
        pool.readyFor(media).upsert(agent, busy, idle)
      } else pool.readyIndex(media)?.remove(agent)
    }
  }

  /** A statistic of the agent moved (provider notification): re-key it where statistic rules index it. */
  refreshStatistics(agent: AgentRecord): void {
    for (const pool of agent.pools) for (const index of pool.ready.values()) index.refresh(agent)
  }

  /**
   * Sets the agent's state for every media (no `media`) or for one, with its reason (none while ready). Logging out
   * forgets its idle times; becoming ready for a media it has not worked on since logging in starts its idle time
   * there. Nothing else does. A new reason in the same state starts a new period (`since`), as reports count it.
   */
  setState(agent: AgentRecord, state: AgentState, at: number, media?: string, reason?: string): void {
    const why = state === 'ready' ? undefined : reason
    if (media === undefined) {
      if (state === 'logged-out') clearIdleSince(agent)
      if (agent.state !== state || agent.reason !== why || agent.mediaState) {
        agent.state = state
        agent.since = at
        agent.reason = why
        agent.mediaState = undefined
      }
      if (state === 'ready') for (const m of agent.media) setIdleSince(agent, m, at, true)
    } else {
      const current = agent.mediaState?.[media]
      if (current?.state !== state || current.reason !== why) {
        agent.mediaState ??= {}
        agent.mediaState[media] = why === undefined ? { state, since: at } : { state, since: at, reason: why }
      }
      if (state === 'ready') setIdleSince(agent, media, at, true)
    }
    agent.lastEventAt = Math.max(agent.lastEventAt, at)
    this.relist(agent)
  }
}

function safeMatch(matcher: SkillMatcher, agent: AgentRecord): boolean {
  try {
    return matcher(agentValues(agent.id, agent.def))
  } catch {
    return false
  }
}
