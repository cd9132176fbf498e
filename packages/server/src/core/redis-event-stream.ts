// Every process streams every committed event once, in order: a follower reads them from the Redis stream, the
// routing process hands its own over as they are committed; a tag per event drops one a retried commit wrote twice.
import { pause } from '@routewright/node-support/pause'
import type { InteractionInput } from '@routewright/strategy-runtime'
import type { RedisLink } from './redis-link.ts'
import type { RedisKeys } from './redis-scripts.ts'
import type { AgentStateEvent, ServerEvent, VersionDeployedEvent } from './types.ts'

/**
 * The routing processes whose last tag is kept. Only the newest can still commit (an older one's commits carry an
 * older epoch and are fenced), so this is margin: a serve that runs for months keeps 16 entries, not one per takeover.
 */
export const KEPT_TAGS = 16

export interface EventStream {
  /** Told each event and its JSON as committed. */
  readonly listeners: Set<(event: ServerEvent, json: string) => void>
  /** Told the input of each interaction submitted through any process (it rides on its first event). */
  readonly submitListeners: Set<(input: InteractionInput) => void>
  /** Told each version deployed through any process, and its JSON. */
  readonly deployedListeners: Set<(event: VersionDeployedEvent, json: string) => void>
  /** Told each change of an agent's state the routing process made, and its JSON. */
  readonly agentStateListeners: Set<(event: AgentStateEvent, json: string) => void>
  /**
   * One committed event (stream id, JSON, tag, submitted input; `parsed` when this process made it): delivered
   * unless already delivered.
   */
  deliver(
    id: string,
    text: string,
    tag: string | undefined,
    input: string | undefined,
    parsed?: ServerEvent,
  ): void
  /** Reads what is in the stream after the last event delivered (`block`: waits up to 500 ms for more). */
  read(block: boolean): Promise<void>
  /** Follows the stream while this process does not route, until it stops. */
  /** Reads on until `stop` aborts; the abort cuts its pauses short (a read in flight ends when the link closes). */
  follow(routing: () => boolean, stop: AbortSignal, tickMs: number): Promise<void>
  /** Starts after the last event already in Redis (a process that starts now streams what comes next). */
  skipToEnd(): Promise<void>
}

export function createEventStream(link: RedisLink, keys: RedisKeys): EventStream {
  const listeners = new Set<(event: ServerEvent, json: string) => void>()
  const submitListeners = new Set<(input: InteractionInput) => void>()
  const deployedListeners = new Set<(event: VersionDeployedEvent, json: string) => void>()
  const agentStateListeners = new Set<(event: AgentStateEvent, json: string) => void>()
  let lastId = '0-0'
  /** lastId's two numbers (stream ids are `ms-seq`): each event is compared without splitting the last id again. */
  let lastMs = 0
  let lastSeq = 0
  /** Whether `id` comes after the last event delivered; if so it becomes the last. */
  function advance(id: string): boolean {
    const dash = id.indexOf('-')
    const ms = Number(id.slice(0, dash))
    const seq = Number(id.slice(dash + 1))
    if (ms < lastMs || (ms === lastMs && seq <= lastSeq)) return false
    lastId = id
    lastMs = ms
    lastSeq = seq
    return true
  }
  /**
   * The last event tag seen per routing process, in the order they first routed: a commit retried after a lost reply
   * is not delivered twice. The oldest is forgotten when a new one starts past KEPT_TAGS.
   */
  const lastTag = new Map<string, number>()

  function deliver(
    id: string,
    text: string,
    tag: string | undefined,
    input: string | undefined,
    parsed?: ServerEvent,
  ): void {
    if (!advance(id)) return
    if (tag) {
      const hash = tag.indexOf('#')
      // tags are `<leader>#<seq>`: one without a number is not ours
      if (hash < 0) return
      const leaderTag = tag.slice(0, hash)
      const n = Number(tag.slice(hash + 1))
      const last = lastTag.get(leaderTag)
      if (last !== undefined && n <= last) return
      if (last === undefined && lastTag.size >= KEPT_TAGS) lastTag.delete(lastTag.keys().next().value!)
      lastTag.set(leaderTag, n)
    }
    if (input !== undefined) {
      const submitted = JSON.parse(input) as InteractionInput
      for (const listener of submitListeners) listener(submitted)
    }
    // the routing process may hand over the events it made; the others read them from the stream
    const event = parsed ?? (JSON.parse(text) as ServerEvent | VersionDeployedEvent | AgentStateEvent)
    if (event.type === 'version-deployed') {
      for (const listener of deployedListeners) listener(event, text)
      return
    }
    if (event.type === 'agent-state') {
      for (const listener of agentStateListeners) listener(event, text)
      return
    }
    for (const listener of listeners) listener(event, text)
  }

  async function read(block: boolean): Promise<void> {
    const answer = (await link.sendBlocking('events', [
      'XREAD',
      'COUNT',
      '1000',
      ...(block ? ['BLOCK', '500'] : []),
      'STREAMS',
      keys.events,
      lastId,
    ])) as Array<[string, Array<[string, string[]]>]> | null
    for (const [, entries] of answer ?? [])
      for (const [id, fields] of entries) deliver(id, fields[1]!, fields[3], fields[5])
    if (!block && answer && answer[0]![1].length === 1000) await read(false)
  }

  async function follow(routing: () => boolean, stop: AbortSignal, tickMs: number): Promise<void> {
    while (!stop.aborted) {
      if (routing()) {
        await pause(tickMs, stop)
        continue
      }
      await read(true).catch(() => pause(200, stop))
    }
  }

  return {
    listeners,
    submitListeners,
    deployedListeners,
    agentStateListeners,
    deliver,
    read,
    follow,
    async skipToEnd() {
      const last = (await link.send(['XREVRANGE', keys.events, '+', '-', 'COUNT', '1'])) as Array<[string]>
      if (last.length > 0) advance(last[0]![0])
    },
  }
}
