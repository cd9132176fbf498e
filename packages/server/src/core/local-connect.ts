// A host's connect in one process: run on the interaction's version, whose router withdraws the offers of its own
// interactions that hold the agent's places. When another strategy version (one still finishing) holds the agent
// with pending offers, those are withdrawn first through that version's router, the agent pinned busy there meanwhile
// so it is not offered again; when confirmed work holds it outside the version (another version's, or a connected
// interaction taken over from another process), the connect is refused (no-free-place), as the book shows the agent
// busy to that version for it: one version's router does not count another's places. A submit arriving connected
// (`connectedTo`, a call dialled to the agent) takes the agent the same way.
import { shortened } from '@routewright/strategy-dsl/cut-text'
import type { ConnectAnswer, InteractionInput } from '@routewright/strategy-runtime'
import type { AgentBook } from './agent-book.ts'
import type { InteractionBook } from './interaction-book.ts'
import type { LocalInteractions } from './local-interactions.ts'
import type { DeployedVersions } from './local-versions.ts'
import type { CommandResult, InteractionView } from './types.ts'

/** The router's limit on a connect's note (checked here first when other versions' offers are to be withdrawn). */
const MAX_NOTE = 200

export function createConnect(
  book: InteractionBook,
  agents: AgentBook,
  versions: DeployedVersions,
  interactions: LocalInteractions,
  now: () => number,
): {
  connectAgent: (id: string, answer: ConnectAnswer) => CommandResult
  submitConnected: (input: InteractionInput, request: string) => CommandResult<InteractionView>
} {
  const connect = (id: string, answer: ConnectAnswer) =>
    interactions.command(id, 'connectAgent', (r) => r.connectAgent(id, answer))

  /**
   * A submit arriving connected (`connectedTo`) on the current version: another version's pending offers of its
   * agent are withdrawn first, as for a connect; the rest as any submit (local-interactions.ts).
   */
  function submitConnected(input: InteractionInput, request: string): CommandResult<InteractionView> {
    const current = versions.current()
    const agent = input.connectedTo?.agent
    // what the submit refuses whatever the agent (no version, an unknown strategy or agent, an id in use) it refuses
    if (
      !current ||
      typeof agent !== 'string' ||
      !current.agentIds.has(agent) ||
      !current.info.strategies.includes(input.strategy) ||
      book.isOpen(input.id)
    )
      return interactions.submit(input, request)
    const version = current.info.version
    const elsewhere = agents.heldElsewhere(agent, version)
    if (elsewhere.length === 0) return interactions.submit(input, request)
    const unfit = unfair(input.connectedTo!, Number.NEGATIVE_INFINITY)
    if (unfit !== undefined) return unfit
    return withdrawnElsewhere(agent, version, input.id, elsewhere, () => interactions.submit(input, request))
  }

  return { connectAgent, submitConnected }

  function connectAgent(id: string, answer: ConnectAnswer): CommandResult {
    const record = book.get(id)
    const agent = answer?.agent
    if (!record || !book.isOpen(id) || typeof agent !== 'string') return connect(id, answer)
    const elsewhere = agents.heldElsewhere(agent, record.version)
    if (elsewhere.length === 0) return connect(id, answer)
    // what the router refuses whatever it knows of the agent (an unknown agent, an interaction waiting for none)
    // is refused by it, before any other version's offer is withdrawn
    if (!versions.get(record.version)?.agentIds.has(agent)) return connect(id, answer)
    if (record.state !== 'queued' && record.state !== 'reserved') return connect(id, answer)
    // its checks of the answer are made here: its router, not counting the other version's hold, would take it
    const unfit = unfair(answer, record.submittedAt)
    if (unfit !== undefined) return unfit
    return withdrawnElsewhere(agent, record.version, id, elsewhere, () => connect(id, answer))
  }

  /**
   * Runs `then` (a connect, or a submit arriving connected, on `version`) once the pending offers of `agent` held by
   * other versions (`elsewhere`) are withdrawn through their routers, the agent pinned busy there meanwhile; refused
   * (no-free-place) when confirmed work holds it there.
   */
  function withdrawnElsewhere<T>(
    agent: string,
    version: string,
    id: string,
    elsewhere: readonly string[],
    then: () => CommandResult<T>,
  ): CommandResult<T> {
    const busy = elsewhere.find((other) => book.get(other)?.state !== 'reserved')
    if (busy !== undefined)
      return {
        ok: false,
        status: 409,
        code: 'no-free-place',
        error: `connectAgent: agent "${agent}" handles interaction "${busy}" (strategy version ${book.get(busy)?.version ?? '?'}); nothing changed: complete it first, or connect the interaction to another agent`,
      }
    const note = shortened(`${agent} was connected to ${id}`, MAX_NOTE, '')
    return agents.pinWhile(agent, version, () => {
      for (const other of elsewhere) {
        const reservation = book.get(other)?.reservation
        const withdrawn = interactions.command(other, 'rejectReservation', (r) =>
          r.rejectReservation(other, {
            ...(reservation === undefined ? {} : { reservation }),
            reason: 'withdrawn',
            note,
          }),
        )
        if (!withdrawn.ok) return withdrawn
      }
      return then()
    })
  }

  /** A note or late answer time the router would refuse, refused as it would (nothing withdrawn yet). */
  function unfair(answer: ConnectAnswer, arrived: number): CommandResult<never> | undefined {
    const { note, at } = answer
    if (note !== undefined && (typeof note !== 'string' || note.length > MAX_NOTE))
      return {
        ok: false,
        status: 409,
        error: `connectAgent: "note" must be a string of at most ${MAX_NOTE} characters; nothing changed`,
      }
    if (at === undefined || (typeof at === 'number' && at <= now() && at >= arrived)) return undefined
    return {
      ok: false,
      status: 409,
      code: 'answer-time',
      error: `connectAgent: "at" (${String(at)}) is not between the interaction's arrival (${arrived}) and now (${now()}); nothing changed: send the time the agent answered, or none`,
    }
  }
}
