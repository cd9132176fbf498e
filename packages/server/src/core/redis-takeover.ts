// Becoming the routing process of a Redis cluster: a new leader rebuilt from what Redis holds (versions, host agent
// states, open interactions), so a process that died or left is replaced with nothing lost or routed twice.
import type { AgentEventInput } from '@routewright/strategy-runtime'
import type { DeployableWorkspace } from './coordinator.ts'
import type { Restore } from './local-coordinator.ts'
import {
  createLeader,
  keepsReservation,
  type Leader,
  type LeaderOptions,
  type RedisKeysLink,
} from './redis-leader.ts'
import { CLOSED_IDS, MOVE_CLOSED_LIST } from './redis-scripts.ts'
import {
  arrivedBefore,
  isNotStored,
  readStored,
  readVersion,
  type StoredInteraction,
} from './redis-stored.ts'
import type { SubmittedInput } from './types.ts'

/** A stored interaction a takeover could not resume, and why (it ended as failed, or its unreadable entry went). */
export interface ResumeFailure {
  id: string
  reason: string
  /** Its entry had no record to end (removed from Redis, no event); else it ended as failed. */
  unreadable?: true
}

export interface TakenOver {
  leader: Leader
  /** Stored interactions this leader routes on (connected, waiting, reserved). */
  resumed: number
  /** Reservations of the process before put back in line. */
  withdrawn: number
  /** Contained one by one: the others resume and this process routes. */
  failed: ResumeFailure[]
  /** Interactions whose submitted fields Redis held as no JSON: they resume without them (fields deleted). */
  unreadableSubmitted: string[]
  /** Agents whose stored states Redis held as no JSON list: dropped (written empty), the others replayed. */
  unreadableAgents: string[]
}

/**
 * Becomes the routing process: deploys every stored version still in use (the current one last), replays the
 * hosts' agent states, keeps connected interactions' agents held, keeps the reservations a process handed over at
 * SIGTERM (stored with their snapshot), puts other reserved ones back in line (their reservation is withdrawn: the
 * process that made it is gone) and resumes waiting ones from their snapshots. One that cannot be resumed (its
 * snapshot no longer fits its strategy, its entry or version damaged in Redis) fails alone, as a URS pair's backup
 * drops one call it cannot restore and keeps routing the rest: it ends as a failed run (`failed`, then `finished`
 * with outcome `error`, so the platform default-routes it), its entries leave Redis, and it is listed in `failed`.
 */
export async function takeOver(
  at: RedisKeysLink,
  epoch: number,
  options: LeaderOptions,
  fallback: DeployableWorkspace | undefined,
): Promise<TakenOver> {
  const { link, keys } = at
  const [currentId, rawAgents, rawInteractions, storedVersions, rawSubmitted] = (await Promise.all([
    link.send(['GET', keys.current]),
    link.send(['HGETALL', keys.agents]),
    link.send(['HGETALL', keys.interactions]),
    link.send(['HKEYS', keys.versions]),
    link.send(['HGETALL', keys.submitted]),
  ])) as [string | null, string[], string[], string[], string[]]
  const leader = createLeader(at, epoch, options)
  const failed: ResumeFailure[] = []
  const unreadableSubmitted: string[] = []
  const submitted = new Map<string, string>()
  for (let i = 0; i < rawSubmitted.length; i += 2) submitted.set(rawSubmitted[i]!, rawSubmitted[i + 1]!)
  const stored: StoredInteraction[] = []
  /** Ids whose submitted fields Redis has and parse: the first commit does not write them again. */
  const submittedKept = new Set<string>()
  const unreadable: string[] = []
  for (let i = 0; i < rawInteractions.length; i += 2) {
    const id = rawInteractions[i]!
    const s = readStored(id, rawInteractions[i + 1]!)
    if ('problem' in s) {
      // no record to end: its entry and submitted field go with the first commit
      failed.push({ id, reason: s.problem, unreadable: true })
      unreadable.push(id)
      submitted.delete(id)
      continue
    }
    // kept beside its entry (written once); an interaction an older routing process stored has none
    const given = submitted.get(id)
    submitted.delete(id)
    if (given !== undefined) {
      const fields = submittedFields(given)
      if (fields !== undefined) {
        s.record.submitted = fields
        submittedKept.add(id)
      } else {
        unreadableSubmitted.push(id)
        leader.dropSubmitted([id])
      }
    }
    stored.push(s)
  }
  if (unreadable.length > 0) leader.dropUnreadable(unreadable)
  // what is left names no stored interaction (its entry went without it): removed with the first commit
  if (submitted.size > 0) leader.dropSubmitted([...submitted.keys()])
  const wanted = [...new Set(stored.map((s) => s.record.version))].filter((v) => v !== currentId)
  const workspaces: DeployableWorkspace[] = []
  /** Versions interactions name that Redis cannot give back: those interactions fail, not the takeover. */
  const missing = new Map<string, string>()
  for (const v of wanted) {
    try {
      workspaces.push(await readVersion(link, keys, v))
    } catch (error) {
      if (!(error instanceof Error) || !(isNotStored(error) || error instanceof SyntaxError)) throw error
      missing.set(v, error.message)
    }
  }
  if (currentId) workspaces.push(await readVersion(link, keys, currentId))
  else if (fallback) workspaces.push(fallback)
  leader.local.keepVersions(true)
  for (const workspace of workspaces) {
    await leader.local.deploy(workspace)
    await leader.deployed(workspace)
  }
  const replay: AgentEventInput[] = []
  const unreadableAgents: string[] = []
  for (let i = 0; i < rawAgents.length; i += 2) {
    const events = agentEvents(rawAgents[i]!, rawAgents[i + 1]!)
    if (events) replay.push(...events)
    else unreadableAgents.push(rawAgents[i]!)
  }
  // one agent's damaged state costs that state only: she starts as the host tells her again (her entry deleted)
  if (unreadableAgents.length > 0) leader.dropAgents(unreadableAgents)
  for (const event of replay.sort((a, b) => (a.at ?? 0) - (b.at ?? 0))) await leader.replayAgent(event)
  // agents' states are set and nothing is routed yet: the statistics windows continue from here
  await options.beforeResume?.(leader.local.deployedVersions(), stored)

  /** Restores one; one that cannot be ends as a failed run here (its holds and entries go with the next commit). */
  function resume(s: StoredInteraction, from: Restore): void {
    // a connected call is adopted without its version (it needs no router): ending it would free its agent mid-call
    let reason = from.kind === 'connected' ? undefined : missing.get(s.record.version)
    if (reason === undefined)
      try {
        const result = leader.local.restore(s.record, from)
        if (result.ok) return
        reason = result.error
      } catch (error) {
        reason = `the restore failed: ${(error as Error).message}`
      }
    failed.push({ id: s.record.id, reason })
    leader.local.endUnresumed(s.record, `Not resumed when routing changed hands: ${reason}`)
  }

  // connected ones keep their agents first; every withdrawn reservation is released before anything is routed
  const byAge = stored.sort(arrivedBefore)
  for (const s of byAge) leader.remember(s, submittedKept.has(s.record.id))
  for (const s of byAge)
    if (s.record.state === 'connected')
      resume(s, { kind: 'connected', ...(s.trace ? { trace: s.trace } : {}) })
  // one handed over at SIGTERM keeps its reservation (the host's answer to its id works here); others are withdrawn
  const reserved = byAge.filter((s) => s.record.state === 'reserved' && !keepsReservation(s))
  for (const s of reserved) leader.withdraw(s.record)
  // kept reservations hold their agents before anyone waiting is resumed (and could be offered those agents)
  const kept = byAge.filter(keepsReservation)
  for (const s of [...kept, ...byAge.filter((s) => s.record.state !== 'connected' && !keepsReservation(s))]) {
    if (s.snapshot) resume(s, { kind: 'snapshot', snapshot: s.snapshot })
    else if (s.input) resume(s, { kind: 'input', input: s.input })
    else {
      const reason = 'neither a snapshot nor its input is stored'
      failed.push({ id: s.record.id, reason })
      leader.local.endUnresumed(s.record, `Not resumed when routing changed hands: ${reason}`)
    }
  }
  const withdrawn = reserved.length
  // what nothing names any more goes with the next commit (under this epoch: a routing process before is fenced)
  const used = new Set([...wanted, ...(currentId ? [currentId] : [])])
  leader.dropStored(storedVersions.filter((v) => !used.has(v)))
  leader.local.keepVersions(false)
  await leader.flushed()
  return {
    leader,
    resumed: stored.length - (failed.length - unreadable.length),
    withdrawn,
    failed,
    unreadableSubmitted,
    unreadableAgents,
  }
}

/** `agent`'s stored states, or undefined when Redis's copy is not a JSON list of her states. */
function agentEvents(agent: string, text: string): AgentEventInput[] | undefined {
  try {
    const events: unknown = JSON.parse(text)
    // each one is checked: one junk element ([null], [1]) threw later, in the replay, and stopped every takeover
    return Array.isArray(events) && events.every((e) => isStateOf(agent, e))
      ? (events as AgentEventInput[])
      : undefined
  } catch {
    return undefined
  }
}

/** Whether `value` has the shape of a state `agent`'s entry holds (what the replay and the router read of it). */
function isStateOf(agent: string, value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const e = value as Record<string, unknown>
  return (
    e.agent === agent &&
    typeof e.state === 'string' &&
    (e.media === undefined || typeof e.media === 'string') &&
    (e.at === undefined || typeof e.at === 'number') &&
    (e.reason === undefined || typeof e.reason === 'string')
  )
}

/** One interaction's submitted fields, or undefined when Redis's copy is not JSON: one bad field costs that field only. */
function submittedFields(text: string): SubmittedInput | undefined {
  try {
    return JSON.parse(text) as SubmittedInput
  } catch {
    return undefined
  }
}

/**
 * The ids of the interactions that ended under earlier routing processes and whose views Redis keeps, oldest first.
 * Ids a server before pass closedset left in its list are moved into the closed order first, a chunk a call.
 */
export async function endedBefore(at: RedisKeysLink): Promise<string[]> {
  const { link, keys } = at
  const move = link.script(MOVE_CLOSED_LIST)
  let left: number
  do left = Number(await move([keys.closedOrder, keys.closedOrderList], [keys.closedPrefix]))
  while (left > 0)
  return (await link.script(CLOSED_IDS)([keys.closedOrder], [keys.closedPrefix])) as string[]
}
