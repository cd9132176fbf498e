// Becoming the routing process of a Redis cluster: a new leader rebuilt from what Redis holds (versions, host agent
// states, open interactions), so a process that died or left is replaced with nothing lost or routed twice.
import type { AgentEventInput } from '@routewright/strategy-runtime'
import type { DeployableWorkspace } from './coordinator.ts'
import {
  createLeader,
  keepsReservation,
  type Leader,
  type LeaderOptions,
  type RedisKeysLink,
} from './redis-leader.ts'
import { CLOSED_IDS, MOVE_CLOSED_LIST } from './redis-scripts.ts'
import { arrivedBefore, parseStored, readVersion, type StoredInteraction } from './redis-stored.ts'
import type { SubmittedInput } from './types.ts'

/**
 * Becomes the routing process: deploys every stored version still in use (the current one last), replays the
 * hosts' agent states, keeps connected interactions' agents held, keeps the reservations a process handed over at
 * SIGTERM (stored with their snapshot), puts other reserved ones back in line (their reservation is withdrawn: the
 * process that made it is gone) and resumes waiting ones from their snapshots.
 */
export async function takeOver(
  at: RedisKeysLink,
  epoch: number,
  options: LeaderOptions,
  fallback: DeployableWorkspace | undefined,
): Promise<{ leader: Leader; resumed: number; withdrawn: number; failed: string[] }> {
  const { link, keys } = at
  const [currentId, rawAgents, rawInteractions, storedVersions, rawSubmitted] = (await Promise.all([
    link.send(['GET', keys.current]),
    link.send(['HGETALL', keys.agents]),
    link.send(['HGETALL', keys.interactions]),
    link.send(['HKEYS', keys.versions]),
    link.send(['HGETALL', keys.submitted]),
  ])) as [string | null, string[], string[], string[], string[]]
  const leader = createLeader(at, epoch, options)
  const submitted = new Map<string, string>()
  for (let i = 0; i < rawSubmitted.length; i += 2) submitted.set(rawSubmitted[i]!, rawSubmitted[i + 1]!)
  const stored: StoredInteraction[] = []
  /** Ids whose submitted fields Redis has and parse: the first commit does not write them again. */
  const submittedKept = new Set<string>()
  for (let i = 0; i < rawInteractions.length; i += 2) {
    const s = parseStored(rawInteractions[i + 1]!)
    // kept beside its entry (written once); an interaction an older routing process stored has none
    const given = submitted.get(s.record.id)
    submitted.delete(s.record.id)
    if (given !== undefined) {
      const fields = submittedFields(s.record.id, given, options.onFault)
      if (fields !== undefined) {
        s.record.submitted = fields
        submittedKept.add(s.record.id)
      } else leader.dropSubmitted([s.record.id])
    }
    stored.push(s)
  }
  // what is left names no stored interaction (its entry went without it): removed with the first commit
  if (submitted.size > 0) leader.dropSubmitted([...submitted.keys()])
  const wanted = [...new Set(stored.map((s) => s.record.version))].filter((v) => v !== currentId)
  const workspaces: DeployableWorkspace[] = []
  for (const v of wanted) workspaces.push(await readVersion(link, keys, v))
  if (currentId) workspaces.push(await readVersion(link, keys, currentId))
  else if (fallback) workspaces.push(fallback)
  leader.local.keepVersions(true)
  for (const workspace of workspaces) {
    await leader.local.deploy(workspace)
    await leader.deployed(workspace)
  }
  const replay: AgentEventInput[] = []
  for (let i = 0; i < rawAgents.length; i += 2)
    replay.push(...(JSON.parse(rawAgents[i + 1]!) as AgentEventInput[]))
  for (const event of replay.sort((a, b) => (a.at ?? 0) - (b.at ?? 0))) await leader.replayAgent(event)
  // agents' states are set and nothing is routed yet: the statistics windows continue from here
  await options.beforeResume?.(leader.local.deployedVersions(), stored)
  // connected ones keep their agents first; every withdrawn reservation is released before anything is routed
  const failed: string[] = []
  const byAge = stored.sort(arrivedBefore)
  for (const s of byAge) leader.remember(s, submittedKept.has(s.record.id))
  for (const s of byAge)
    if (s.record.state === 'connected')
      leader.local.restore(s.record, { kind: 'connected', ...(s.trace ? { trace: s.trace } : {}) })
  // one handed over at SIGTERM keeps its reservation (the host's answer to its id works here); others are withdrawn
  const reserved = byAge.filter((s) => s.record.state === 'reserved' && !keepsReservation(s))
  for (const s of reserved) leader.withdraw(s.record)
  // kept reservations hold their agents before anyone waiting is resumed (and could be offered those agents)
  const kept = byAge.filter(keepsReservation)
  for (const s of [...kept, ...byAge.filter((s) => s.record.state !== 'connected' && !keepsReservation(s))]) {
    const result = s.snapshot
      ? leader.local.restore(s.record, { kind: 'snapshot', snapshot: s.snapshot })
      : s.input
        ? leader.local.restore(s.record, { kind: 'input', input: s.input })
        : { ok: false as const, status: 409 as const, error: 'neither a snapshot nor its input is stored' }
    if (!result.ok)
      options.onFault(new Error(`Interaction ${s.record.id} could not be resumed: ${result.error}`))
  }
  const withdrawn = reserved.length
  // what nothing names any more goes with the next commit (under this epoch: a routing process before is fenced)
  const used = new Set([...wanted, ...(currentId ? [currentId] : [])])
  leader.dropStored(storedVersions.filter((v) => !used.has(v)))
  leader.local.keepVersions(false)
  await leader.flushed()
  return { leader, resumed: stored.length, withdrawn, failed }
}

/** One interaction's submitted fields, or undefined (reported) when Redis's copy is not JSON: one bad field costs that field only. */
function submittedFields(
  id: string,
  text: string,
  onFault: (error: Error) => void,
): SubmittedInput | undefined {
  try {
    return JSON.parse(text) as SubmittedInput
  } catch (error) {
    onFault(
      new Error(
        `Interaction ${id}'s submitted fields in Redis are not JSON (dropped): ${(error as Error).message}`,
      ),
    )
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
