// Interactions that ended, as Redis keeps them for every process: readable (GET /v1/interactions/:id) and refused
// again ("already ended") after the routing process that closed them is gone. Kept for a bounded time and count.
import { alreadyEnded } from './interaction-book.ts'
import type { RedisLink } from './redis-link.ts'
import type { RedisKeys } from './redis-scripts.ts'
import type { CommandResult, InteractionView } from './types.ts'

/** Ended interactions stay readable in Redis this long by default (one day). */
export const DEFAULT_CLOSED_TTL_MS = 24 * 60 * 60 * 1000
/** At most this many ended interactions are kept in Redis by default (the oldest go first). */
export const DEFAULT_MAX_CLOSED = 10_000

/** The view of an ended interaction as its routing process stored it, or undefined (unknown, or past retention). */
export async function readClosed(
  link: RedisLink,
  keys: RedisKeys,
  id: string,
): Promise<InteractionView | undefined> {
  const text = (await link.send(['GET', `${keys.closedPrefix}${id}`])) as string | null
  return text === null ? undefined : (JSON.parse(text) as InteractionView)
}

/**
 * A host command (or a submit retried with the same id) on an interaction this process does not know: refused
 * with the same answer its routing process gave, when Redis says it ended; undefined when it did not.
 */
export async function endedRefusal(
  link: RedisLink,
  keys: RedisKeys,
  id: string,
  submit: boolean,
): Promise<CommandResult<never> | undefined> {
  const ended = await readClosed(link, keys, id)
  if (!ended) return undefined
  return submit ? submitOfEnded(id, ended.state) : alreadyEnded(id, ended.state)
}

/** A submit whose id already ended: routed once, so refused, not routed a second time. */
export function submitOfEnded(id: string, state: string): CommandResult<never> {
  return {
    ok: false,
    status: 409,
    error: `Interaction "${id}" already ended (${state}); ids must be unique`,
    code: 'duplicate-id',
  }
}
