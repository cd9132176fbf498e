// Target selection: from the pools a target node names, keep ready agents with a free place for the media
// that pass the threshold, rank them by the pick rule and explain the choice. Walks ready lists only.
import { describePick, type PickRule } from '@routewright/strategy-dsl'
import { type AgentRecord, freeFor, type Pool } from './agents.ts'
import type { Random } from './clock.ts'
import type { ExclusionReason, ExplainedCandidate, Explanation } from './types.ts'

export interface SelectionTarget {
  pool: Pool
  /** `group:sales`, `skill:skills.vip >= 5` ... */
  label: string
}

export interface SelectionRequest {
  node: string
  targets: readonly SelectionTarget[]
  media: string
  rule: PickRule | undefined
  now: number
  /** Throws when a statistic it needs is unavailable. */
  threshold?: ((agent: AgentRecord) => boolean) | undefined
  /** An agent statistic, or undefined when the provider cannot give it. */
  agentStat(agent: AgentRecord, statistic: string): number | undefined
  random: Random
  /** Round-robin cursors by node. */
  cursors: Map<string, number>
  /** Eligible candidates listed per target. */
  limit: number
  /** Pools up to this size also list their agents that are not ready. */
  listAllBelow: number
  /** In small directories: every agent, so skill targets can list who lacks the skills. */
  everyone?: Iterable<AgentRecord> | undefined
}

export interface SelectionResult {
  winner?: { agent: AgentRecord; target: string }
  explanation: Explanation
  /** Every eligible candidate's statistic failed: the node's error output. */
  error?: string
}

interface Eligible {
  agent: AgentRecord
  target: string
  value: number
  entry: ExplainedCandidate
}

const MAX_EXCLUSIONS = 50
/** Shared by exclusions that carry no figures, so listing them allocates one object each. */
const NO_VALUES: Record<string, number> = Object.freeze({}) as Record<string, number>

function statisticOf(rule: PickRule | undefined): { name: string; lowerWins: boolean } | undefined {
  if (rule === undefined || rule === 'longest-idle' || rule === 'random' || rule === 'round-robin')
    return undefined
  if (rule === 'least-occupied') return { name: 'Occupancy', lowerWins: true }
  return 'min' in rule ? { name: rule.min, lowerWins: true } : { name: rule.max, lowerWins: false }
}

export function selectAgent(req: SelectionRequest): SelectionResult {
  const rule = req.rule ?? 'longest-idle'
  const stat = statisticOf(rule)
  const longestIdle = rule === 'longest-idle'
  const seen = new Set<AgentRecord>()
  const candidates: ExplainedCandidate[] = []
  const eligible: Eligible[] = []
  let exclusions = 0
  let statFailures = 0

  const exclude = (agent: AgentRecord, target: string, reason: ExclusionReason, values = NO_VALUES) => {
    if (exclusions++ < MAX_EXCLUSIONS) candidates.push({ agent: agent.id, target, values, excluded: reason })
  }

  for (const { pool, label } of req.targets) {
    let found = 0
    for (let node = pool.ready.head; node !== undefined; node = node.next) {
      const agent = node.agent
      if (seen.has(agent)) continue
      seen.add(agent)
      const idle = Math.max(0, (req.now - agent.since) / 1000)
      const values: Record<string, number> = { TimeInReadyState: idle }
      if (freeFor(agent, req.media) <= 0) {
        exclude(agent, label, (agent.reserved[req.media] ?? 0) > 0 ? 'reserved' : 'no-capacity', values)
        continue
      }
      if (req.threshold) {
        let passes: boolean
        try {
          passes = req.threshold(agent)
        } catch {
          exclude(agent, label, 'statistic-unavailable', values)
          continue
        }
        if (!passes) {
          exclude(agent, label, 'below-threshold', values)
          continue
        }
      }
      let value = agent.since
      if (stat) {
        const v = req.agentStat(agent, stat.name)
        if (v === undefined) {
          statFailures++
          exclude(agent, label, 'statistic-unavailable', values)
          continue
        }
        values[stat.name] = v
        value = stat.lowerWins ? v : -v
      }
      const entry: ExplainedCandidate = { agent: agent.id, target: label, values }
      eligible.push({ agent, target: label, value, entry })
      found++
      // the ready list is ordered by ready-since: for longest idle the first few are all we need
      if (longestIdle && found >= req.limit) break
    }
  }
  // small pools list who is not ready too; when nobody is eligible in a large directory the interaction just
  // queues and the listing would only cost (the queue pull explains the eventual choice)
  if (eligible.length > 0 || req.everyone !== undefined) {
    for (const { pool, label } of req.targets) {
      if (pool.members.size > req.listAllBelow) continue
      for (const agent of pool.members) {
        if (seen.has(agent)) continue
        seen.add(agent)
        exclude(agent, label, agent.state === 'ready' ? 'no-capacity' : 'not-ready')
      }
    }
  }
  // after every pool was walked: an agent that another target brings in is not a mismatch
  const skillTargets = req.targets.filter((t) => t.pool.kind === 'skill')
  if (skillTargets.length > 0 && req.everyone) {
    for (const agent of req.everyone) {
      if (seen.has(agent) || skillTargets.some((t) => t.pool.members.has(agent))) continue
      exclude(agent, skillTargets.map((t) => t.label).join(' | '), 'skill-mismatch')
    }
  }

  const ranked = rank(eligible, rule, stat, req)
  ranked.forEach((e, i) => {
    e.entry.rank = i + 1
  })
  const listed = [...ranked.slice(0, Math.max(req.limit, 1)).map((e) => e.entry), ...candidates]
  const winner = ranked[0]
  const ruleText = describePick(rule)
  const explanation: Explanation = {
    node: req.node,
    rule: ruleText,
    candidates: listed,
    reason: reasonFor(winner, ranked.length, rule, stat),
  }
  if (!winner) {
    if (stat && statFailures > 0)
      return {
        explanation,
        error: `The statistic ${stat.name} was unavailable for every ready candidate (${statFailures})`,
      }
    return { explanation }
  }
  explanation.winner = winner.agent.id
  return { winner: { agent: winner.agent, target: winner.target }, explanation }
}

function byValue(a: Eligible, b: Eligible): number {
  return a.value - b.value || a.agent.since - b.agent.since || a.agent.index - b.agent.index
}

function rank(
  eligible: Eligible[],
  rule: PickRule,
  stat: ReturnType<typeof statisticOf>,
  req: SelectionRequest,
): Eligible[] {
  if (eligible.length <= 1) return eligible
  if (rule === 'random') {
    const i = Math.min(eligible.length - 1, Math.floor(req.random.next() * eligible.length))
    const winner = eligible[i]!
    return [winner, ...eligible.filter((e) => e !== winner).sort(byValue)]
  }
  if (rule === 'round-robin') {
    const sorted = [...eligible].sort((a, b) => a.agent.index - b.agent.index)
    const cursor = req.cursors.get(req.node) ?? -1
    const start = sorted.findIndex((e) => e.agent.index > cursor)
    const at = Math.max(start, 0)
    return [...sorted.slice(at), ...sorted.slice(0, at)]
  }
  void stat
  return eligible.sort(byValue)
}

function reasonFor(
  winner: Eligible | undefined,
  count: number,
  rule: PickRule,
  stat: ReturnType<typeof statisticOf>,
): string {
  if (!winner) return 'No eligible agent: the interaction waits for one'
  const of =
    count === 1 ? 'as the only eligible candidate' : `ahead of ${count - 1} other eligible candidates`
  const id = winner.agent.id
  if (rule === 'random') return `${id} was drawn at random (seeded) ${of}`
  if (rule === 'round-robin') return `${id} is next in round-robin order ${of}`
  if (stat) {
    const v = winner.entry.values[stat.name]
    return `${id} has the ${stat.lowerWins ? 'lowest' : 'highest'} ${stat.name} (${v}) ${of}`
  }
  return `${id} has been ready longest (${round(winner.entry.values.TimeInReadyState ?? 0)}s) ${of}`
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000
}
