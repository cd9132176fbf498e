// What Redis keeps for the next routing process: each open interaction (record, waiting snapshot, input or trace)
// and each strategy version deployed (its strategies and directory), read back when one takes over.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import type { InteractionInput, InteractionSnapshot, TraceEntry } from '@routewright/strategy-runtime'
import type { DeployableWorkspace } from './coordinator.ts'
import { restoreExplanation } from './explained-by-trace.ts'
import type { InteractionRecord } from './interaction-book.ts'
import type { RedisLink } from './redis-link.ts'
import { type RedisKeys, STORED_TRACE } from './redis-scripts.ts'
import type { InteractionView } from './types.ts'

/** What Redis keeps of an open interaction: the server's record, its last waiting snapshot, its submitted input. */
export interface StoredInteraction {
  record: InteractionRecord
  snapshot?: InteractionSnapshot
  input?: InteractionInput
  /** A connected one's trace (no router resumes it: the next routing process shows its path and trace from this). */
  trace?: TraceEntry[]
  /**
   * Its place in the order the routing processes accepted submits: [epoch, count within the epoch]. Two interactions
   * waiting since the same millisecond are served in this order, so the next routing process resumes them in it.
   */
  arrival?: [epoch: number, seq: number]
  /** The trace entry holding the record's explanation, left out of the record (explained-by-trace.ts). */
  explained?: number
}

/** A stored interaction from its JSON in Redis, its record's explanation put back from its trace. */
export function parseStored(json: string): StoredInteraction {
  const stored = JSON.parse(json) as StoredInteraction
  restoreExplanation(stored.record, stored.explained, stored.trace)
  return stored
}

/**
 * The entry Redis holds under `id` in its `interactions` hash, or why it cannot be resumed (not JSON, no record of
 * that id, or none of its version): one damaged entry costs that interaction only, not the takeover.
 */
export function readStored(id: string, json: string): StoredInteraction | { problem: string } {
  let stored: StoredInteraction
  try {
    stored = parseStored(json)
  } catch (error) {
    return { problem: `its entry in Redis is not readable: ${(error as Error).message}` }
  }
  const record = stored?.record as Partial<StoredInteraction['record']> | undefined
  if (typeof record !== 'object' || record === null || record.id !== id)
    return { problem: `its entry in Redis holds no record of interaction "${id}"` }
  if (typeof record.version !== 'string') return { problem: 'its entry in Redis names no strategy version' }
  return stored
}

/**
 * The order a takeover resumes interactions in: oldest first, then as they arrived (their waits keep their age, and
 * a router serves equal ages in the order it was given them; Redis hands the stored ones back in its own order).
 */
export function arrivedBefore(a: StoredInteraction, b: StoredInteraction): number {
  const [ae, as] = a.arrival ?? [0, 0]
  const [be, bs] = b.arrival ?? [0, 0]
  return a.record.submittedAt - b.record.submittedAt || ae - be || as - bs
}

/**
 * Reads an interaction's trace from what the routing process committed (one call, no forwarded command): a process
 * that does not route reads each finished interaction's trace for its monitor, and a forward per interaction was a
 * command list push, a pop and a reply publish for the routing process to serve. Undefined when Redis holds none.
 */
export function storedTraceReader(
  link: RedisLink,
  keys: RedisKeys,
): (id: string) => Promise<TraceEntry[] | undefined> {
  const run = link.script(STORED_TRACE)
  return async (id) => {
    const answer = (await run([keys.interactions, `${keys.closedPrefix}${id}`], [id])) as
      | [kind: 'stored' | 'closed', json: string]
      | 0
    if (!Array.isArray(answer)) return undefined
    const [kind, json] = answer
    return kind === 'stored'
      ? (JSON.parse(json) as StoredInteraction).trace
      : (JSON.parse(json) as InteractionView).trace
  }
}

interface StoredVersion {
  strategies: StrategyDocument[]
  directory: DirectoryDocument
}

/** The text Redis keeps of a version in its `versions` hash. */
export function storedVersionText(workspace: DeployableWorkspace): string {
  const stored: StoredVersion = {
    strategies: [...workspace.strategies.values()],
    directory: workspace.directory,
  }
  return JSON.stringify(stored)
}

export async function storeVersion(link: RedisLink, keys: RedisKeys, workspace: DeployableWorkspace) {
  await link.send(['HSETNX', keys.versions, workspace.version, storedVersionText(workspace)])
}

/** A deploy's stored copy went before the routing process read it (it retired that version meanwhile). */
export function isNotStored(error: unknown): boolean {
  return error instanceof Error && / is not stored in Redis$/.test(error.message)
}

export async function readVersion(
  link: RedisLink,
  keys: RedisKeys,
  version: string,
): Promise<DeployableWorkspace> {
  const text = (await link.send(['HGET', keys.versions, version])) as string | null
  if (text === null) throw new Error(`Strategy version ${version} is not stored in Redis`)
  const stored = JSON.parse(text) as StoredVersion
  return {
    version,
    strategies: new Map(stored.strategies.map((s) => [s.strategy, s])),
    directory: stored.directory,
  }
}
