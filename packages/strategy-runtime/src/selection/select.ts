// Target selection: from the pools a target node names, take the best ready agents for the media by the pick
// rule straight from the pools' ready indexes (never a scan of the pool), check thresholds, explain the choice.
import { describePick, type PickRule } from '@routewright/strategy-dsl'
import type { ExclusionReason, ExplainedCandidate, Explanation } from '../api/types.ts'
import type { Random } from '../time/clock.ts'
import { type AgentRecord, type Pool, stateFor } from './agents.ts'
import { bestFirst, type IdleEntry, idleBefore, type ReadyIndex, type StatEntry } from './ready-index.ts'
import { aheadOf, type FiguredExplanation, idleLongestReason, REASON_IN_RECORD } from './reasons.ts'

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
  /** An agent statistic now (to confirm an indexed figure before it wins), or undefined when unavailable. */
  agentStat(agent: AgentRecord, statistic: string): number | undefined
  random: Random
  /** The round-robin cursor of the node: directory index of the agent it chose last. */
  cursor: number | undefined
  /** Eligible candidates listed per decision. */
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

interface Candidate {
  agent: AgentRecord
  target: string
  entry: ExplainedCandidate
}

const MAX_EXCLUSIONS = 50
const NO_VALUES: Record<string, number> = Object.freeze({}) as Record<string, number>
/** Re-reads of a statistic heap's top before the figure it was indexed with is trusted as is. */
const MAX_STALE = 16

function statisticOf(rule: PickRule): { name: string; lowerWins: boolean } | undefined {
  if (rule === 'longest-idle' || rule === 'random' || rule === 'round-robin') return undefined
  if (rule === 'least-occupied') return { name: 'Occupancy', lowerWins: true }
  return 'min' in rule ? { name: rule.min, lowerWins: true } : { name: rule.max, lowerWins: false }
}

/**
 * The state of one decision: who was judged (only when something needs it: a threshold, a small pool listed whole,
 * a statistic rule), who was taken (only when several targets or a first pick may repeat an agent), who is
 * excluded. One object instead of a closure per helper, so a decision allocates little besides its explanation.
 */
class Decision {
  readonly excluded: ExplainedCandidate[] = []
  /** Every agent looked at, with whether it passes the node's threshold (judged once per decision). */
  verdict: Map<AgentRecord, boolean> | undefined
  taken: Set<AgentRecord> | undefined
  constructor(readonly req: SelectionRequest) {}

  idleValues(agent: AgentRecord): Record<string, number> {
    const req = this.req
    return { TimeInReadyState: Math.max(0, (req.now - (agent.idleSince[req.media] ?? agent.since)) / 1000) }
  }

  exclude(agent: AgentRecord, target: string, reason: ExclusionReason, values = NO_VALUES): void {
    if (this.excluded.length < MAX_EXCLUSIONS)
      this.excluded.push({ agent: agent.id, target, values, excluded: reason })
  }

  judge(agent: AgentRecord, label: string): boolean {
    const verdict = this.verdict
    // no verdict kept: no threshold and nothing listed later, so every agent passes
    if (verdict === undefined) return true
    let ok = verdict.get(agent)
    if (ok !== undefined) return ok
    ok = true
    const threshold = this.req.threshold
    if (threshold) {
      try {
        ok = threshold(agent)
        if (!ok) this.exclude(agent, label, 'below-threshold', this.idleValues(agent))
      } catch {
        ok = false
        this.exclude(agent, label, 'statistic-unavailable', this.idleValues(agent))
      }
    }
    verdict.set(agent, ok)
    return ok
  }

  take(agent: AgentRecord, label: string): boolean {
    const taken = this.taken
    if (taken?.has(agent) || !this.judge(agent, label)) return false
    taken?.add(agent)
    return true
  }

  candidate(agent: AgentRecord, target: string, values = this.idleValues(agent)): Candidate {
    return { agent, target, entry: { agent: agent.id, target, values, rank: 0 } }
  }
}

export function selectAgent(req: SelectionRequest): SelectionResult {
  const rule = req.rule ?? 'longest-idle'
  if (req.everyone === undefined && !anyReady(req.targets, req.media)) return nobodyReady(req.node, rule)
  if (rule === 'longest-idle' && req.threshold === undefined && req.everyone === undefined) {
    const fast = longestIdle(req.node, req.targets, req.media, req.now, req.limit, req.listAllBelow)
    if (fast !== undefined) return fast
  }
  const stat = statisticOf(rule)
  const d = new Decision(req)
  const indexes: Targeted[] = []
  let listsPools = req.everyone !== undefined
  for (const { pool, label } of req.targets) {
    const index = pool.readyIndex(req.media)
    if (index && index.size > 0) indexes.push({ index, label })
    if (pool.memberCount <= req.listAllBelow) listsPools = true
  }
  if (req.threshold !== undefined || listsPools || stat !== undefined) d.verdict = new Map()
  const judge: Judge = (agent, label) => d.judge(agent, label)
  const want = Math.max(req.limit, 1)
  let ranked: Candidate[] = []
  let statFailures = 0

  if (stat) {
    if (indexes.length > 1) d.taken = new Set()
    const found: Array<{ e: StatEntry; label: string }> = []
    for (const { index, label } of indexes) {
      const s = index.byStatistic(stat.name, stat.lowerWins)
      // the index holds each figure as read when the agent was last listed: confirm the top before it wins
      for (let tries = 0; tries < MAX_STALE; tries++) {
        const top = s.heap.peek()
        if (!top) break
        const now = req.agentStat(top.agent, stat.name)
        const value = now === undefined ? undefined : stat.lowerWins ? now : -now
        if (value === top.value) break
        s.set(top.agent, value)
      }
      const verdict = d.verdict!
      for (const agent of s.unavailable) {
        if (verdict.has(agent)) continue
        verdict.set(agent, false)
        statFailures++
        d.exclude(agent, label, 'statistic-unavailable', d.idleValues(agent))
      }
      for (const e of bestFirst(s.heap, statBefore, want, (e) => d.take(e.agent, label)))
        found.push({ e, label })
    }
    // bestFirst yields each index's entries in order: only several targets need merging
    if (indexes.length > 1) found.sort((a, b) => a.e.value - b.e.value || a.e.agent.index - b.e.agent.index)
    ranked = found.map(({ e, label }) => {
      const values = d.idleValues(e.agent)
      values[stat.name] = stat.lowerWins ? e.value : -e.value
      return d.candidate(e.agent, label, values)
    })
  } else {
    const first =
      rule === 'random'
        ? drawRandom(indexes, req, judge)
        : rule === 'round-robin'
          ? nextInTurn(indexes, req.cursor, judge)
          : undefined
    if (first || indexes.length > 1) d.taken = new Set()
    if (first) d.taken!.add(first.agent)
    if (indexes.length === 1) {
      const { index, label } = indexes[0]!
      for (const e of bestFirst(index.idle, idleBefore, want, (e) => d.take(e.agent, label)))
        ranked.push(d.candidate(e.agent, label))
    } else {
      const found: Array<{ e: IdleEntry; label: string }> = []
      for (const { index, label } of indexes)
        for (const e of bestFirst(index.idle, idleBefore, want, (e) => d.take(e.agent, label)))
          found.push({ e, label })
      found.sort((a, b) => (idleBefore(a.e, b.e) ? -1 : 1))
      ranked = found.map(({ e, label }) => d.candidate(e.agent, label))
    }
    if (first) ranked.unshift(d.candidate(first.agent, first.label))
  }

  if (listsPools)
    listNotReady(req, d.verdict!, ranked.length > 0, (agent, target, reason) =>
      d.exclude(agent, target, reason),
    )
  const candidates: ExplainedCandidate[] = []
  for (let i = 0; i < ranked.length; i++) {
    const entry = ranked[i]!.entry
    entry.rank = i + 1
    if (i < want) candidates.push(entry)
  }
  for (const e of d.excluded) candidates.push(e)
  const winner = ranked[0]
  const explained = req.limit > 0 || winner === undefined
  const explanation: Explanation = {
    node: req.node,
    rule: ruleText(rule),
    candidates: explained ? candidates : NO_CANDIDATES,
    reason: explained ? reasonFor(winner, ranked.length, rule, stat) : UNEXPLAINED,
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

/**
 * The usual decision in one pass: longest idle, no threshold, one target with agents ready and no pool small enough
 * to list whole. The same candidates, ranks, reason and winner as selectAgent's general path, without its
 * bookkeeping (no request, verdicts, taken set, closures or candidate wrappers): callers with such a node call it
 * first. Undefined when the decision is not of this kind (then selectAgent decides). With `summary`, the explanation
 * lists no candidate and says how many it would have listed (`weighed`); its reason and winner are the same. With
 * `figures` too, a summary's reason is REASON_IN_RECORD and the figures it is written from are on the explanation.
 */
export function longestIdle(
  node: string,
  targets: readonly SelectionTarget[],
  media: string,
  now: number,
  limit: number,
  listAllBelow: number,
  summary = false,
  figures = false,
): SelectionResult | undefined {
  let only: ReadyIndex | undefined
  let label = ''
  for (let i = 0; i < targets.length; i++) {
    const target = targets[i]!
    if (target.pool.memberCount <= listAllBelow) return undefined
    const index = target.pool.readyIndex(media)
    if (index === undefined || index.size === 0) continue
    if (only !== undefined) return undefined
    only = index
    label = target.label
  }
  if (only === undefined) return undefined
  if (limit <= 0) {
    // not explained (a host that reads no explanation, a simulation): no candidate, idle time or reason text built,
    // and nothing made per decision: the winner's entry keeps its frozen result while the node and target stay
    const entry = only.idle.peek()!
    const won = entry.unexplained
    if (won !== undefined && won.node === node && won.target === label) return won
    const agent = entry.agent
    const explanation: Explanation = Object.freeze({
      node,
      rule: ruleText('longest-idle'),
      candidates: NO_CANDIDATES,
      reason: UNEXPLAINED,
      winner: agent.id,
    })
    const winner = Object.freeze({ agent, target: label })
    entry.unexplained = Object.freeze({ winner, explanation, node, target: label })
    return entry.unexplained
  }
  const want = Math.max(limit, 1)
  // every agent passes, so the winner is the heap's top (the first a best-first walk visits)
  const winner = only.idle.peek()!.agent
  if (summary) {
    // a summary (RouterLimits.explainSummary): the list's length without the list (a best-first walk accepting every
    // agent lists as many as it may, up to the index's size) and the same reason, with no candidate objects
    const weighed = Math.min(want, only.size)
    if (figures) {
      // the reason's figures in place of its text (RouterLimits.reasonText false: only the run record reads it)
      const figured: FiguredExplanation = {
        node,
        rule: ruleText('longest-idle'),
        candidates: NO_CANDIDATES,
        reason: REASON_IN_RECORD,
        winner: winner.id,
        weighed,
        idle: idleSeconds(now, media, winner),
        trigger: undefined,
        priority: 0,
        waitedMs: 0,
      }
      return { winner: { agent: winner, target: label }, explanation: figured }
    }
    const explanation: Explanation = {
      node,
      rule: ruleText('longest-idle'),
      candidates: NO_CANDIDATES,
      reason: idleLongestReason(winner.id, idleSeconds(now, media, winner), weighed),
      winner: winner.id,
      weighed,
    }
    return { winner: { agent: winner, target: label }, explanation }
  }
  let candidates: ExplainedCandidate[]
  if (want === 1 || only.size === 1) candidates = [idleCandidate(now, media, winner, label, 1)]
  else {
    const count = only.idle.best(want, bestScratch)
    // at its exact size: a push onto [] reserves 17 slots for the usual 5 candidates
    candidates = new Array(count)
    for (let i = 0; i < count; i++) {
      const e = bestScratch[i]!
      // the entry's idle is the agent's idle time for this media (relist writes it on every change of it)
      candidates[i] = {
        agent: e.id,
        target: label,
        values: { TimeInReadyState: Math.max(0, (now - e.idle) / 1000) },
        rank: i + 1,
      }
    }
  }
  const first = candidates[0]!
  // winner in the literal (in the same key order as the general path's): a field added later costs a backing store
  const explanation: Explanation = {
    node,
    rule: ruleText('longest-idle'),
    candidates,
    reason: idleLongestReason(first.agent, first.values.TimeInReadyState ?? 0, candidates.length),
    winner: first.agent,
  }
  return { winner: { agent: winner, target: label }, explanation }
}

/** longestIdle's list of the best entries, reused by every decision (holds at most explainCandidates entries). */
const bestScratch: IdleEntry[] = []

/** The reason of a decision made with `explainCandidates` 0, and its candidates (none, shared and frozen). */
export const UNEXPLAINED = 'Not explained (the router lists no candidates: explainCandidates is 0)'
const NO_CANDIDATES: ExplainedCandidate[] = Object.freeze([]) as unknown as ExplainedCandidate[]

function idleCandidate(
  now: number,
  media: string,
  agent: AgentRecord,
  target: string,
  rank: number,
): ExplainedCandidate {
  return { agent: agent.id, target, values: { TimeInReadyState: idleSeconds(now, media, agent) }, rank }
}

/** The agent's time in the ready state for the media, in seconds (TimeInReadyState as an explanation gives it). */
function idleSeconds(now: number, media: string, agent: AgentRecord): number {
  return Math.max(0, (now - (agent.idleSince[media] ?? agent.since)) / 1000)
}

/** Some target has a ready agent for the media (else, the common case while interactions queue, nobody is). */
export function anyReady(targets: readonly SelectionTarget[], media: string): boolean {
  for (let i = 0; i < targets.length; i++)
    if ((targets[i]!.pool.readyIndex(media)?.size ?? 0) > 0) return true
  return false
}

const NOBODY = 'No eligible agent: the interaction waits for one'

const ruleTexts = new Map<string, string>()
const ruleObjectTexts = new WeakMap<object, string>()

/** The rule as explanations write it, built once per rule. */
function ruleText(rule: PickRule): string {
  const cache = typeof rule === 'string' ? ruleTexts : undefined
  let text = cache ? cache.get(rule as string) : ruleObjectTexts.get(rule as object)
  if (text === undefined) {
    text = describePick(rule)
    if (cache) cache.set(rule as string, text)
    else ruleObjectTexts.set(rule as object, text)
  }
  return text
}

/** Answers "nobody ready, nothing to list" by node and rule: frozen and shared by every waiting interaction. */
const nobodyAnswers = new Map<string, Map<string, SelectionResult>>()

/**
 * No target has a ready agent for the media: the common case while interactions queue, answered at once (what
 * selectAgent answers then, without a request built). Without `everyone` there is nothing to list (small pools list
 * who is not ready only beside an eligible candidate).
 */
export function nobodyReady(node: string, rule: PickRule): SelectionResult {
  const text = ruleText(rule)
  let byRule = nobodyAnswers.get(node)
  if (!byRule) {
    byRule = new Map()
    nobodyAnswers.set(node, byRule)
  }
  let answer = byRule.get(text)
  if (!answer) {
    const explanation: Explanation = Object.freeze({
      node,
      rule: text,
      candidates: Object.freeze([]) as unknown as ExplainedCandidate[],
      reason: NOBODY,
    })
    // the answer too: an arrival while interactions queue makes no object
    answer = Object.freeze({ explanation })
    byRule.set(text, answer)
  }
  return answer
}

type Judge = (agent: AgentRecord, label: string) => boolean
interface Targeted {
  index: ReadyIndex
  label: string
}

function statBefore(a: StatEntry, b: StatEntry): boolean {
  return a.value < b.value || (a.value === b.value && a.agent.index < b.agent.index)
}

const RANDOM_DRAWS = 32

/** A uniform draw over the ready agents of every target (the idle heap's array is a dense list of them). */
function drawRandom(
  indexes: Targeted[],
  req: SelectionRequest,
  judge: Judge,
): { agent: AgentRecord; label: string } | undefined {
  let total = 0
  for (const { index } of indexes) total += index.size
  for (let draw = 0; draw < RANDOM_DRAWS && total > 0; draw++) {
    let at = Math.min(total - 1, Math.floor(req.random.next() * total))
    for (const { index, label } of indexes) {
      if (at >= index.size) {
        at -= index.size
        continue
      }
      const agent = index.idle.at(at)!.agent
      if (judge(agent, label)) return { agent, label }
      break
    }
  }
  // thresholds turned down every draw: the first eligible in directory order
  return nextInTurn(indexes, undefined, judge)
}

/** The first eligible ready agent after the cursor in directory order, wrapping around, over every target. */
function nextInTurn(
  indexes: Targeted[],
  cursor: number | undefined,
  judge: Judge,
): { agent: AgentRecord; label: string } | undefined {
  const after = cursor ?? -1
  let best: { agent: AgentRecord; label: string; distance: number } | undefined
  for (const { index, label } of indexes) {
    const order = index.byOrder()
    const start = index.orderPos(after + 1)
    for (let k = 0; k < order.length; k++) {
      const agent = order[(start + k) % order.length]!
      const distance = agent.index > after ? agent.index - after : agent.index + 2 ** 40
      if (best && distance >= best.distance) break
      if (judge(agent, label)) {
        best = { agent, label, distance }
        break
      }
    }
  }
  return best
}

/** Small pools list who is not ready too, and small directories who lacks a skill target's skills. */
function listNotReady(
  req: SelectionRequest,
  seen: Map<AgentRecord, boolean>,
  anyEligible: boolean,
  exclude: (agent: AgentRecord, target: string, reason: ExclusionReason) => void,
): void {
  if (anyEligible || req.everyone !== undefined) {
    for (const { pool, label } of req.targets) {
      if (pool.memberCount > req.listAllBelow) continue
      for (const agent of pool.members) {
        if (seen.has(agent)) continue
        seen.set(agent, false)
        exclude(agent, label, stateFor(agent, req.media) === 'ready' ? 'no-capacity' : 'not-ready')
      }
    }
  }
  const skillTargets = req.targets.filter((t) => t.pool.kind === 'skill')
  if (skillTargets.length > 0 && req.everyone) {
    for (const agent of req.everyone) {
      if (seen.has(agent) || skillTargets.some((t) => t.pool.members.has(agent))) continue
      exclude(agent, skillTargets.map((t) => t.label).join(' | '), 'skill-mismatch')
    }
  }
}

function reasonFor(
  winner: Candidate | undefined,
  count: number,
  rule: PickRule,
  stat: ReturnType<typeof statisticOf>,
): string {
  if (!winner) return NOBODY
  const id = winner.agent.id
  const of = aheadOf(count)
  if (rule === 'random') return `${id} was drawn at random (seeded) ${of}`
  if (rule === 'round-robin') return `${id} is next in round-robin order ${of}`
  if (stat) {
    const v = winner.entry.values[stat.name]
    return `${id} has the ${stat.lowerWins ? 'lowest' : 'highest'} ${stat.name} (${v}) ${of}`
  }
  return idleLongestReason(id, winner.entry.values.TimeInReadyState ?? 0, count)
}
