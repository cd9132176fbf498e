// Commands of a process that does not route, forwarded to the routing one through a Redis list: each waits for its
// reply on this process's channel, for at most the command timeout; routing changing hands fails what waits.
import type { RoutingCoordinator } from './coordinator.ts'
import { CoordinatorUnavailable, type RedisLink } from './redis-link.ts'
import type { RedisKeys } from './redis-scripts.ts'

/** The coordinator's methods a host calls, by name. */
export type Op = Exclude<
  keyof RoutingCoordinator,
  'subscribe' | 'stop' | 'primary' | 'status' | 'onSubmitted' | 'onForwardedCall' | 'onDeployed'
>

/** A forwarded command, as the routing process reads it from the list. */
export interface ForwardedCommand {
  id: string
  from: string
  deadline: number
  op: Op
  args: unknown[]
  /**
   * The sender reads a reply message holding a list of replies: the routing process answers all of this sender's
   * commands that finished together in one publish (an older sender's get one publish each, as it reads them).
   */
  many?: true
}

/** The routing process's answer, published on the sender's reply channel. */
export interface CommandReply {
  id: string
  value?: unknown
  error?: string
  /** The error says routing is changing hands (CoordinatorUnavailable.moving); older routing processes leave it out. */
  moving?: true
}

export interface Forwarder {
  /** Sends a command to the routing process and resolves with its answer (rejects: CoordinatorUnavailable). */
  send(op: Op, args: unknown[]): Promise<unknown>
  /**
   * Routing changed hands (`moving`) or this process stops: commands sent to the old routing process will not be
   * answered; hosts retry now.
   */
  failWaiting(reason: string, moving?: boolean): void
  /** Subscribes to this process's reply channel. */
  listen(): Promise<void>
}

export function createForwarder(
  link: RedisLink,
  keys: RedisKeys,
  processId: string,
  commandTimeoutMs: number,
): Forwarder {
  const waiting = new Map<
    string,
    { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }
  >()
  let seq = 0

  function failWaiting(reason: string, moving = false): void {
    for (const entry of waiting.values()) {
      clearTimeout(entry.timer)
      entry.reject(new CoordinatorUnavailable(reason, { moving }))
    }
    waiting.clear()
  }

  async function send(op: Op, args: unknown[]): Promise<unknown> {
    const id = `${processId}#${++seq}`
    const deadline = Date.now() + commandTimeoutMs
    const reply = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(id)
        // the routing process died or hangs: another takes over within the takeover time
        const error = `No routing process answered within ${commandTimeoutMs} ms; retry`
        reject(new CoordinatorUnavailable(error, { moving: true }))
      }, commandTimeoutMs)
      waiting.set(id, { resolve, reject, timer })
    })
    // it may be refused (routing moved) while the command is still being queued: awaited below either way
    reply.catch(() => {})
    try {
      const command: ForwardedCommand = { id, from: processId, deadline, op, args, many: true }
      await link.send(['RPUSH', keys.commands, JSON.stringify(command)])
    } catch (error) {
      const entry = waiting.get(id)
      if (entry) clearTimeout(entry.timer)
      waiting.delete(id)
      throw error
    }
    return reply
  }

  return {
    send,
    failWaiting,
    listen: () =>
      link.subscribe(keys.reply(processId), (text) => {
        // a list from a routing process that gathers replies, one reply from an older one
        const parsed = JSON.parse(text) as CommandReply | CommandReply[]
        for (const reply of Array.isArray(parsed) ? parsed : [parsed]) {
          const entry = waiting.get(reply.id)
          if (!entry) continue
          waiting.delete(reply.id)
          clearTimeout(entry.timer)
          if (reply.error !== undefined)
            entry.reject(new CoordinatorUnavailable(reply.error, { moving: reply.moving === true }))
          else entry.resolve(reply.value)
        }
      }),
  }
}
